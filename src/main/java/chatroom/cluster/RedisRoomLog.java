package chatroom.cluster;

import chatroom.chat.DeliveryThread;
import chatroom.chat.LogLines;
import chatroom.chat.RoomLog;
import chatroom.chat.StoredEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One room's log shared by every server of a cluster, in Redis. The whole path of an event:
 *
 * <ol>
 *   <li><b>Numbering, storing, publishing to the cluster</b> in one script ({@link #APPEND}:
 *       INCR the room's counter, XADD the event under that number to the room's stream,
 *       PUBLISH it on the room's channel), run under the room's lock by the appending thread
 *       and waited for: two servers can never give one number twice, and this server's
 *       events are numbered in the order the room decided them. Then the entry writes its
 *       log line ({@link RoomLog.Entry#numbered}).
 *   <li><b>Publishing here</b>, in number order, one publisher at a time ({@code publishing},
 *       {@code tryLock}): this server's own events (after the room's lock, by the appending
 *       thread) and those of other servers, which arrive on the room's channel (on Lettuce's
 *       thread, which only files them and starts the room's delivery thread {@code room-NAME}).
 *   <li><b>Gaps</b>: a number missing while later ones wait (a message lost in a reconnect,
 *       another server's script that timed out on its side) is read from the stream after
 *       {@link #GAP_WAIT_MILLIS}; a number the stream never got is skipped. Once a second the
 *       room also compares its counter with what it published, for a tail nobody followed.
 * </ol>
 *
 * A join or leave Redis cannot take goes ahead on this server only, unnumbered, as a
 * crowded room's does; a message it cannot take is refused.
 */
final class RedisRoomLog implements RoomLog {
    /**
     * KEYS: counter, stream; ARGV: channel, event, entries to keep (0: all; else the stream is
     * trimmed to about that many, Redis's cheap {@code ~} trim). Returns the event's number.
     */
    static final String APPEND = """
            local seq = redis.call('INCR', KEYS[1])
            local keep = tonumber(ARGV[3])
            if keep > 0 then
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', keep, seq .. '-0', 'e', ARGV[2])
            else
              redis.call('XADD', KEYS[2], seq .. '-0', 'e', ARGV[2])
            end
            redis.call('PUBLISH', ARGV[1], seq .. ' ' .. ARGV[2])
            return seq
            """;
    /** KEYS: counter; ARGV: the lowest it may be (what this server's log shows was given). Returns the counter. */
    private static final String FLOOR = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local floor = tonumber(ARGV[1])
            if cur < floor then
              redis.call('SET', KEYS[1], floor)
              cur = floor
            end
            return cur
            """;
    /** How long a missing number may be in flight before the stream is read for it. */
    static final long GAP_WAIT_MILLIS = 100;
    /** After a failed read, the next try. */
    private static final long RETRY_MILLIS = 1_000;
    /** Most entries one gap read takes. */
    private static final int GAP_READ = 500;

    private final String room;
    private final Redis redis;
    private final Keys keys;
    private final ScheduledExecutorService timer;
    private final Outage outage;
    private final String keep;
    private volatile RoomLog.Heard heard = event -> { };
    private volatile boolean open;
    /** The highest number known here: given to this server or heard. */
    private final AtomicLong last = new AtomicLong();
    /** The next number to publish here; written under {@code publishing}. */
    private volatile long next;
    private final ConcurrentSkipListMap<Long, Step> waiting = new ConcurrentSkipListMap<>();
    /** Steps without a number (passes, joins and leaves Redis could not take), each after the local number it follows. */
    private final ConcurrentLinkedQueue<Pass> passes = new ConcurrentLinkedQueue<>();
    /** The highest number this server appended; under the room's lock. */
    private volatile long lastLocal;
    private final AtomicLong tokens = new AtomicLong();
    /** Tokens of this server's appends whose script has not answered: the stream may show them before we know their number. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock publishing = new ReentrantLock();
    /** Opening (again): subscribing and a round trip to Redis, on a member's virtual thread, so a lock, not a monitor. */
    private final ReentrantLock attaching = new ReentrantLock();
    /** The room's {@code room-NAME} thread, for what another thread's commit or Lettuce's made ready. */
    private final DeliveryThread delivery;
    private final AtomicBoolean filling = new AtomicBoolean();

    RedisRoomLog(String room, Redis redis, ScheduledExecutorService timer, Outage outage, long keep) {
        this.room = room;
        this.delivery = new DeliveryThread(room, this::publishReady, this::readyAndFree);
        this.keep = Long.toString(keep);
        this.redis = redis;
        this.keys = Keys.of(room);
        this.timer = timer;
        this.outage = outage;
    }

    /**
     * The room (opened again) hears other servers' events through {@code heard}. The first
     * time: subscribes, then learns the last number (at least {@code issued}), so that
     * nothing published after it is missed. Throws UncheckedIOException when Redis cannot say.
     */
    void attach(RoomLog.Heard heard, long issued) {
        attaching.lock();
        try {
            attachLocked(heard, issued);
        } finally {
            attaching.unlock();
        }
    }

    private void attachLocked(RoomLog.Heard heard, long issued) {
        this.heard = heard;
        if (open) return;
        try {
            redis.subscribe(keys.channel(), this::published);
            Long cur = redis.sync().eval(FLOOR, ScriptOutputType.INTEGER, new String[] {keys.seq()}, Long.toString(issued));
            last.accumulateAndGet(cur, Math::max);
            next = cur + 1;
            lastLocal = cur;
            open = true;
            outage.answered();
        } catch (RuntimeException e) {
            outage.failed(e);
            throw new UncheckedIOException(new IOException("cannot open " + room + ": the cluster's Redis does not answer ("
                    + Redis.reason(e) + ")", e));
        }
        deliverIfReady();
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public long last() {
        return last.get();
    }

    @Override
    public Turn append(Entry entry) throws IOException {
        long token = tokens.incrementAndGet();
        String event = WireEvent.of(redis.node(), token, entry.event(0)).json();
        inFlight.add(token);
        long seq;
        try {
            seq = redis.sync().<Long>eval(APPEND, ScriptOutputType.INTEGER, new String[] {keys.seq(), keys.log()},
                    keys.channel(), event, keep);
            outage.answered();
        } catch (RuntimeException e) {
            inFlight.remove(token);
            outage.failed(e);
            if (!entry.regardless()) {
                throw new IOException("the cluster's Redis did not take it: " + Redis.reason(e), e);
            }
            return unnumbered(entry);
        }
        last.accumulateAndGet(seq, Math::max);
        try {
            entry.numbered(seq);
        } catch (IOException e) {
            // Stored and shown on other servers already: shown here too, though this server's log lacks the line.
        }
        Step step = new Step(seq) {
            @Override
            protected void run(boolean stored) {
                entry.publish();
            }
        };
        waiting.put(seq, step);
        inFlight.remove(token);
        lastLocal = seq;
        return step;
    }

    /** A join or leave Redis could not take: here only, in its place among this server's events, without a number. */
    private Turn unnumbered(Entry entry) {
        try {
            entry.numbered(LogLines.UNNUMBERED);
        } catch (IOException ignored) {
            // joins and leaves record anyway
        }
        Pass pass = new Pass(lastLocal, () -> {
            entry.unkept();
            entry.publish();
        }, false);
        passes.add(pass);
        return pass;
    }

    @Override
    public Turn pass(Runnable publish) {
        Pass pass = new Pass(lastLocal, publish, true);
        passes.add(pass);
        return pass;
    }

    /** A step with no number, published once this server's events up to {@code after} are. */
    private static final class Pass extends Step {
        private final long after;
        private final Runnable publish;
        private final boolean stored;

        Pass(long after, Runnable publish, boolean stored) {
            super(0);
            this.after = after;
            this.publish = publish;
            this.stored = stored;
        }

        @Override
        protected void run(boolean stored) {
            publish.run();
        }
    }

    /** Another server's event, told here through the room. */
    private final class Heard extends Step {
        private final StoredEvent event;

        Heard(StoredEvent event) {
            super(event.seq());
            this.event = event;
        }

        @Override
        protected void run(boolean stored) {
            heard.heard(event);
        }
    }

    /** A number the stream never got (its script failed after counting): nothing to publish. */
    private static final class Skipped extends Step {
        Skipped(long seq) {
            super(seq);
        }

        @Override
        protected void run(boolean stored) {}
    }

    @Override
    public void send() {
        publishReady();
    }

    /** On Lettuce's thread: {@code "SEQ EVENT"} on the room's channel. Must not block. */
    private void published(String message) {
        int space = message.indexOf(' ');
        long seq;
        WireEvent event;
        try {
            seq = Long.parseLong(message.substring(0, space));
            event = WireEvent.parse(message.substring(space + 1));
        } catch (RuntimeException e) {
            return; // not ours to read: the stream is the record
        }
        last.accumulateAndGet(seq, Math::max);
        if (event.node().equals(redis.node())) return; // our own: its append files it
        if (seq >= next) waiting.putIfAbsent(seq, new Heard(event.in(room, seq)));
        deliverIfReady();
    }

    /** Starts the room's delivery thread when something is ready and nobody publishes; notices a gap. */
    private void deliverIfReady() {
        if (readyAndFree()) {
            delivery.start();
        } else if (gap()) {
            fillSoon(GAP_WAIT_MILLIS);
        }
    }

    private boolean readyAndFree() {
        return open && !publishing.isLocked() && (passReady() || waiting.containsKey(next));
    }

    private boolean passReady() {
        Pass p = passes.peek();
        return p != null && p.after < next;
    }

    /** Later numbers wait for one that has not come. */
    private boolean gap() {
        Map.Entry<Long, Step> first = waiting.firstEntry();
        return open && first != null && first.getKey() > next;
    }

    private void publishReady() {
        while (true) {
            if (!open || !publishing.tryLock()) return;
            try {
                while (true) {
                    if (passReady()) {
                        Pass p = passes.poll();
                        p.go(p.stored);
                        continue;
                    }
                    Map.Entry<Long, Step> first = waiting.firstEntry();
                    if (first == null) break;
                    long seq = first.getKey();
                    if (seq < next) { // heard twice (a gap read and the channel): once is enough
                        waiting.remove(seq);
                        continue;
                    }
                    if (seq > next) break;
                    waiting.remove(seq);
                    next = seq + 1;
                    first.getValue().go(true);
                }
            } finally {
                publishing.unlock();
            }
            if (gap()) fillSoon(GAP_WAIT_MILLIS);
            if (!readyAndFree()) return;
        }
    }

    private void fillSoon(long millis) {
        if (filling.compareAndSet(false, true)) timer.schedule(this::fill, millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the missing numbers from the stream (on the timer's thread); tries again later if Redis does not answer. */
    private void fill() {
        filling.set(false);
        long from = next;
        Map.Entry<Long, Step> first = waiting.firstEntry();
        long upTo = first != null ? first.getKey() - 1 : last.get();
        if (upTo < from) return;
        List<StreamMessage<String, String>> read;
        try {
            read = redis.sync().xrange(keys.log(), Range.create(from + "-0", upTo + "-0"), Limit.from(GAP_READ));
            outage.answered();
        } catch (RuntimeException e) {
            outage.failed(e);
            fillSoon(RETRY_MILLIS);
            return;
        }
        boolean ownInFlight = false;
        long expected = from;
        for (StreamMessage<String, String> m : read) {
            long seq = Keys.seqOf(m.getId());
            WireEvent event;
            try {
                event = WireEvent.parse(m.getBody().get("e"));
            } catch (RuntimeException e) {
                event = null;
            }
            if (event != null && event.node().equals(redis.node()) && inFlight.contains(event.token())) {
                ownInFlight = true; // its append is about to file it
            } else if (event != null) {
                waiting.putIfAbsent(seq, new Heard(event.in(room, seq)));
            } else {
                waiting.putIfAbsent(seq, new Skipped(seq));
            }
            // Numbers between entries were counted but never stored: nobody can show them.
            if (!ownInFlight) for (long s = expected; s < seq; s++) waiting.putIfAbsent(s, new Skipped(s));
            expected = seq + 1;
        }
        if (read.size() < GAP_READ && !ownInFlight && inFlight.isEmpty()) {
            for (long s = expected; s <= upTo; s++) waiting.putIfAbsent(s, new Skipped(s));
        }
        deliverIfReady();
    }

    /** Once a second: the counter ahead of what was published here, with nothing waiting, means a tail was missed. */
    void checkTail() {
        if (!open || !waiting.isEmpty() || filling.get()) return;
        try {
            String cur = redis.sync().get(keys.seq());
            outage.answered();
            if (cur != null && Long.parseLong(cur) >= next) {
                last.accumulateAndGet(Long.parseLong(cur), Math::max);
                fillSoon(0);
            }
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    @Override
    public String toString() {
        return "the cluster's log of " + room;
    }
}
