package chatroom.cluster;

/**
 * Where a room lives in Redis. Its keys share one hash tag, the room's name in braces, so
 * that on a Redis Cluster each room sits whole on one shard (its script touches only its
 * own keys) while rooms spread over the shards.
 */
record Keys(String seq, String log, String channel) {
    /** Every key of the chat starts with this, so one Redis can hold other things too. */
    static final String PREFIX = "chatroom:";

    static Keys of(String room) {
        String tag = "{" + room + "}";
        return new Keys(PREFIX + tag + ":seq", PREFIX + tag + ":log", PREFIX + tag + ":events");
    }

    /** The number in a stream entry's id, {@code SEQ-0}. */
    static long seqOf(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }
}
