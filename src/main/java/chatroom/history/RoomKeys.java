package chatroom.history;

import com.ibm.icu.lang.UCharacter;

/**
 * The SQL that re-spells a room key of the hand-made folding (upper- then lower-case) as
 * the case folding spells it: the only letters the two write differently are the final
 * sigma and the small Cherokee letters, which the folding turns into σ and capitals.
 */
final class RoomKeys {
    private static final int[][] SMALL_CHEROKEE = {{0xAB70, 0xABBF}, {0x13F8, 0x13FD}};

    private RoomKeys() {}

    /** A SQL expression: {@code column} with each of those letters replaced. */
    static String respelled(String column) {
        String sql = "replace(" + column + ", 'ς', 'σ')";
        for (int[] range : SMALL_CHEROKEE) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                sql = "replace(" + sql + ", '" + Character.toString(cp) + "', '"
                        + UCharacter.foldCase(Character.toString(cp), true) + "')";
            }
        }
        return sql;
    }
}
