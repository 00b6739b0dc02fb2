package chatroom.cluster;

/**
 * Where a room lives in Redis. Its keys and its channel share one hash tag, the room's name
 * in braces, so that on a Redis Cluster each room sits whole on one shard (its script
 * touches only its own keys and publishes on its own shard) while rooms spread over the shards.
 * {@code epoch} names the room's log as Redis holds it: a new one means Redis lost the old (see {@link RedisRoomLog#APPEND}).
 */
record Keys(String seq, String log, String channel, String epoch) {
    /** Every key of the chat starts with this, so one Redis can hold other things too. */
    static final String PREFIX = "chatroom:";

    static Keys of(String room) {
        String tag = "{" + room + "}";
        return new Keys(PREFIX + tag + ":seq", PREFIX + tag + ":log", PREFIX + tag + ":events", PREFIX + tag + ":epoch");
    }

    /** The script's keys, in the order {@link RedisRoomLog#APPEND} takes them. */
    String[] append() {
        return new String[] {seq, log, epoch, channel};
    }

    /** The number in a stream entry's id, {@code SEQ-0}. */
    static long seqOf(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }
}
