package chatroom.cluster;

import chatroom.chat.RoomLog;
import chatroom.chat.StoredEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's engine of {@link RoomLog}: every server's rooms share one log per room in
 * Redis ({@link RedisRoomLog}). One log object per room for the server's life: a room that
 * empties and opens again here goes on from where its delivery was.
 */
public final class RedisRoomLogs implements RoomLog.Engine, AutoCloseable {
    /** How often each room asks Redis for its last number, to notice a tail lost in a reconnect. */
    static final long TAIL_CHECK_MILLIS = 1_000;

    private final Redis redis;
    private final Map<String, RedisRoomLog> logs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-timer");
        t.setDaemon(true);
        return t;
    });
    private final Outage outage;
    private final long keep;

    /** {@code keep}: each room's stream is trimmed to about this many events; 0 keeps everything. */
    public RedisRoomLogs(Redis redis, Outage outage, long keep) {
        this.redis = redis;
        this.outage = outage;
        this.keep = keep;
        timer.scheduleWithFixedDelay(this::checkTails, TAIL_CHECK_MILLIS, TAIL_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public RoomLog open(String room, long issued) {
        return open(room, issued, event -> { });
    }

    @Override
    public RoomLog open(String room, long issued, RoomLog.Heard heard) {
        RedisRoomLog log = logs.computeIfAbsent(room, r -> new RedisRoomLog(r, redis, timer, outage, keep));
        log.attach(heard, issued);
        return log;
    }

    /**
     * Appends {@code event}, decided by the cluster rather than by a room here (a dead
     * server's member leaving), to {@code room}'s log: every server with the room open hears
     * it, this one too. Throws a RuntimeException when Redis does not take it.
     */
    void announce(String room, StoredEvent event) {
        RedisRoomLog log = logs.get(room);
        try {
            RedisRoomLog.send(redis, Keys.of(room), WireEvent.of(RedisPeers.CLUSTER, 0, event).json(), Long.toString(keep),
                    log == null ? 0 : log.last()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(Redis.reason(e), e);
        }
    }

    private void checkTails() {
        for (RedisRoomLog log : logs.values()) log.checkTail();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
