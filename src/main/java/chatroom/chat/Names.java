package chatroom.chat;

import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for people's names (SPEC §4 "Names"). */
public final class Names {
    public static final int MAX_LENGTH = 32;

    /** One character that may stand in a name: letters, marks and digits of any script, _ - . */
    public static final Pattern NAME_CHAR = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.\\-]+");

    /** UTS #39 confusable detection; safe to share between threads. */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    private Names() {}

    /**
     * What a name looks like, so that two names that a reader could not tell apart (a
     * Cyrillic а for a Latin a, rn for m, 1 for l) share it: the UTS #39 skeleton of
     * the case-folded name.
     */
    public static String lookalike(String name) {
        return SPOOF.getSkeleton(key(name));
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
