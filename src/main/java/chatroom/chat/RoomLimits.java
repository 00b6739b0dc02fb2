package chatroom.chat;

/**
 * Rooms and their history, as the server was started with.
 *
 * @param maxRooms     rooms with people in them at once, the lobby included (default 1,000); empty rooms
 *                     do not count, and their history is kept
 * @param replayOnJoin past messages shown on entering a room (default 50; 0 = none; at most 200)
 */
public record RoomLimits(int maxRooms, int replayOnJoin) {
    public static final RoomLimits DEFAULTS = new RoomLimits(1_000, 50);

    public RoomLimits {
        if (maxRooms < 1) throw new IllegalArgumentException("--max-rooms must be at least 1 (the lobby)");
        if (replayOnJoin < 0 || replayOnJoin > Commands.MAX_PAGE) {
            throw new IllegalArgumentException("--history-on-join must be 0 to " + Commands.MAX_PAGE);
        }
    }
}
