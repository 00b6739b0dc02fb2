package chatroom.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.CaseMap;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.util.ULocale;
import java.text.Normalizer;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The rules for people's names (SPEC §4 "Names"). */
public final class Names {
    public static final int MAX_LENGTH = 32;

    /** One character that may stand in a name: letters, marks and digits of any script, _ - . */
    public static final Pattern NAME_CHAR = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]+");

    /** UTS #39 skeletons; a built SpoofChecker is immutable, safe to share between threads. */
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
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

    /** The form a name is kept and shown in: Unicode NFC. */
    public static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /**
     * The key under which a name is unique: case-folded. Upper- then lower-casing folds
     * what Java's single-step lowercasing misses (ß and SS, final sigma); capital sharp s
     * (ẞ) survives both as ß, so it is folded to ss by hand, as Unicode's full folding does.
     */
    public static String key(String name) {
        String folded = normalize(name).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).replace("ß", "ss");
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }

    /** Why a name may not be used, or null when it may. */
    public static String problem(String name) {
        String n = normalize(name);
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

    /**
     * The one form of a room name: {@code #} and a name (same rules as people's names), case
     * folded, so {@code #Games} and {@code #games} are one room and its history one history.
     */
    public static String room(String requested) {
        String r = requested.strip();
        return "#" + key(r.startsWith("#") ? r.substring(1) : r);
    }

    /** Why a room name may not be used, or null when it may. */
    public static String roomProblem(String requested) {
        String r = requested.strip();
        if (!r.startsWith("#")) return "a room name starts with #, like #lobby";
        String problem = problem(r.substring(1));
        return problem == null ? null : problem.replace("a name", "a room name (after the #)");
    }

    private static String describe(int cp) {
        if (cp == ' ') return "spaces";
        if (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT) {
            return String.format("U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }
}
