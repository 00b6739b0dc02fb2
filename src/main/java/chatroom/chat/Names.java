package chatroom.chat;

import chatroom.text.Fold;
import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.CaseMap;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.SpoofChecker.RestrictionLevel;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.util.ULocale;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules for people's names (SPEC §4 "Names"). */
public final class Names {
    public static final int MAX_LENGTH = 32;

    /** One character that may stand in a name: letters, marks and digits of any script, _ - . */
    public static final Pattern NAME_CHAR = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]+");

    /** UTS #39 skeletons; a built SpoofChecker is immutable, safe to share between threads. */
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    /**
     * A name on its own, whoever is online: which scripts it mixes, whether its digits
     * come from one system, whether a mark is stacked on itself (ICU's INVISIBLE: é with a
     * second acute shows as é). Moderately restrictive allows one script, Han with
     * Hiragana, Katakana, Hangul or Bopomofo (Japanese, Korean, Chinese names with Latin
     * too), and Latin with any one other script except Cyrillic, Greek and Cherokee, whose
     * letters pass for Latin ones. Highly restrictive would also refuse Latin with, say,
     * Devanagari (raj_राज), mixes that hide nothing the skeletons miss.
     */
    private static final SpoofChecker SUSPICIOUS = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE)
            .setRestrictionLevel(RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();

    /** Characters that show as nothing (U+3164 HANGUL FILLER, variation selectors) though some are letters or marks. */
    private static final UnicodeSet INVISIBLE = new UnicodeSet("[:Default_Ignorable_Code_Point:]").freeze();
    private static final UnicodeSet MARK = new UnicodeSet("[:M:]").freeze();
    /** The first letter upper case, the rest lower: Alice, as a name is capitalised. */
    private static final CaseMap.Title CAPITALISED = CaseMap.toTitle().wholeString();

    private Names() {}

    /**
     * What a name looks like, in each case a reader may meet it in: the UTS #39 skeletons
     * of its NFKC form (full-width ｂｏｂ is bob) as typed, case-folded, upper-cased and
     * capitalised. Two names look alike when they share one. The confusables map capital
     * I to l but not i, so folding alone would let aIice pass for alice; as names are one
     * name whatever their case, Alice's forms count for alice too.
     */
    public static SortedSet<String> lookalikes(String name) {
        String shown = Normalizer2.getNFKCInstance().normalize(normalize(name));
        SortedSet<String> skeletons = new TreeSet<>();
        for (String form : List.of(shown, UCharacter.foldCase(shown, true), UCharacter.toUpperCase(ULocale.ROOT, shown),
                CAPITALISED.apply(Locale.ROOT, null, shown))) {
            skeletons.add(SKELETONS.getSkeleton(form));
        }
        return Collections.unmodifiableSortedSet(skeletons);
    }

    /**
     * Which characters of {@code asked} look like which of {@code holder}'s, for a person
     * told their name looks like someone's: "I looks like l", "ｂ looks like b, ｏ like o".
     * Names of the same length are compared place by place, leaving out what differs only
     * in case; otherwise (rn for m) what each has that the other lacks. Empty when nothing
     * differs but case.
     */
    public static String likeness(String asked, String holder) {
        int[] a = normalize(asked).codePoints().toArray();
        int[] b = normalize(holder).codePoints().toArray();
        Map<String, String> pairs = new LinkedHashMap<>();
        Set<String> told = new HashSet<>(); // B for Ｂ, then b for Ｂ: said once
        if (a.length == b.length) {
            for (int i = 0; i < a.length; i++) {
                String x = Character.toString(a[i]), y = Character.toString(b[i]);
                if (!key(x).equals(key(y)) && told.add(key(x) + "\u0000" + key(y))) pairs.put(x, y);
            }
        } else {
            String only = lacking(a, b), other = lacking(b, a);
            if (!only.isEmpty() || !other.isEmpty()) pairs.put(only, other);
        }
        List<String> said = new ArrayList<>();
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            said.add(p.getKey() + (said.isEmpty() ? " looks like " : " like ") + p.getValue());
        }
        return String.join(", ", said);
    }

    /** The characters of {@code a} that {@code b} does not have (any case), in order, once each. */
    private static String lacking(int[] a, int[] b) {
        String other = key(new String(b, 0, b.length));
        StringBuilder out = new StringBuilder();
        for (int cp : a) {
            String c = Character.toString(cp);
            if (!other.contains(key(c)) && out.indexOf(c) < 0) out.append(c);
        }
        return out.toString();
    }

    /** The form a name is kept and shown in: Unicode NFC. */
    public static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /**
     * The key under which a name (or a room) is unique: NFC, case-folded as the search
     * folds ({@link Fold}: ß, ẞ and SS alike; Σ, σ and ς alike). Its spelling is the fold's,
     * so a room's key ends in σ, never ς, and Cherokee keys are in capitals. The dotless ı
     * is its own letter, not i: a name with it is refused beside the one with i as a
     * look-alike, and a room with it is another room.
     */
    public static String key(String name) {
        return Fold.of(name);
    }

    /** Why a person's name may not be used, or null when it may. */
    public static String problem(String name) {
        String n = normalize(name);
        String problem = characterProblem(n);
        if (problem == null) problem = visibilityProblem(n);
        if (problem == null) problem = scriptProblem(n);
        return problem;
    }

    /** Length and characters: the rules people's names and room names share. */
    private static String characterProblem(String n) {
        int length = n.codePointCount(0, n.length());
        if (length == 0) return "a name needs at least one character";
        if (length > MAX_LENGTH) return "a name has at most " + MAX_LENGTH + " characters, this one has " + length;
        if (!NAME.matcher(n).matches()) {
            int bad = n.codePoints().filter(cp -> !NAME_CHAR.matcher(Character.toString(cp)).matches())
                    .findFirst().orElse('?');
            return "a name may hold letters, digits, _ - and . only, not " + describe(bad);
        }
        return null;
    }

    /** A name that shows as nothing, or as less than it holds, would let someone pass for someone else. */
    private static String visibilityProblem(String n) {
        int invisible = n.codePoints().filter(INVISIBLE::contains).findFirst().orElse(-1);
        if (invisible >= 0) return "a name may not contain invisible characters; this one has " + codePoint(invisible);
        if (MARK.containsAll(n)) {
            return "a name must show something; this one has no visible character, only combining marks: "
                    + n.codePoints().mapToObj(cp -> String.format("U+%04X", cp)).collect(Collectors.joining(" "));
        }
        int first = n.codePointAt(0);
        if (MARK.contains(first)) {
            return "a name may not start with a combining mark (" + codePoint(first)
                    + "): it would sit on whatever is shown before the name";
        }
        return null;
    }

    private static String scriptProblem(String n) {
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        // ICU looks for a repeated mark as the string stands: in NFC, é and a second acute would pass.
        if (!SUSPICIOUS.failsChecks(Normalizer.normalize(n, Normalizer.Form.NFD), result)) return null;
        if ((result.checks & SpoofChecker.INVISIBLE) != 0) {
            return "a name may not repeat a combining mark on one letter: it shows as one";
        }
        if ((result.checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
            return "a name may not mix the " + and(scripts(n)) + " scripts";
        }
        return "a name may not mix digits of different systems: " + and(digitSystems(n));
    }

    /** The scripts of a name's letters in order of appearance; a character used by several counts as "Hiragana/Katakana". */
    private static Set<String> scripts(String n) {
        Set<String> scripts = new LinkedHashSet<>();
        BitSet codes = new BitSet();
        n.codePoints().forEach(cp -> {
            codes.clear();
            int single = UScript.getScriptExtensions(cp, codes);
            if (single >= 0) codes.set(single);
            codes.clear(UScript.COMMON);
            codes.clear(UScript.INHERITED);
            if (!codes.isEmpty()) {
                scripts.add(codes.stream().mapToObj(UScript::getName).collect(Collectors.joining("/")));
            }
        });
        return scripts;
    }

    /** The first digit of each decimal system in a name, keyed by that system's zero. */
    private static Set<String> digitSystems(String n) {
        Map<Integer, String> firsts = new LinkedHashMap<>();
        n.codePoints().filter(cp -> UCharacter.getType(cp) == UCharacter.DECIMAL_DIGIT_NUMBER)
                .forEach(cp -> firsts.putIfAbsent(cp - UCharacter.digit(cp), Character.toString(cp)));
        return new LinkedHashSet<>(firsts.values());
    }

    private static String and(Set<String> items) {
        List<String> all = List.copyOf(items);
        if (all.size() < 2) return String.join("", all);
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.getLast();
    }

    /**
     * The one form of a room name: {@code #} and a name (same rules as people's names), case
     * folded, so {@code #Games} and {@code #games} are one room and its history one history.
     */
    public static String room(String requested) {
        String r = requested.strip();
        return "#" + key(r.startsWith("#") ? r.substring(1) : r);
    }

    /**
     * Why a room name may not be used, or null when it may. Rooms keep the character rules
     * only: their names are not compared for look-alikes, and a stricter rule would leave
     * rooms already in the history store out of reach of {@code chatroom history --room}.
     */
    public static String roomProblem(String requested) {
        String r = requested.strip();
        if (!r.startsWith("#")) return "a room name starts with #, like #lobby";
        String problem = characterProblem(normalize(r.substring(1)));
        return problem == null ? null : problem.replace("a name", "a room name (after the #)");
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X %s", cp, UCharacter.getName(cp));
    }

    private static String describe(int cp) {
        if (cp == ' ') return "spaces";
        if (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT) {
            return String.format("U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }
}
