package chatroom.cluster;

import chatroom.chat.DeliveryThread;
import chatroom.chat.LogLines;
import chatroom.chat.RoomLog;
import chatroom.chat.StoredEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One room's log shared by every server of a cluster, in Redis. The whole path of an event:
 *
 * <ol>
 *   <li><b>Numbering, storing, publishing to the cluster</b> in one script ({@link #APPEND}:
 *       INCR the room's counter, XADD the event under that number to the room's stream,
 *       PUBLISH it on the room's channel), sent under the room's lock by the appending
 *       thread: two servers can never give one number twice, and this server's events are
 *       numbered in the order the room decided them, since one connection's commands run in
 *       the order sent. A message is not waited for under the lock (the room takes the next
 *       while Redis answers; its answer is filed in order, {@code sending}); a join or leave
 *       is, since the room decides who is in it at its number. Then the entry writes its
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
 * crowded room's does; a message it cannot take is refused, in its turn.
 *
 * <p><b>Redis losing the room</b> (restarted without persistence, {@code FLUSHALL}): the
 * script is told the highest number this server knows, and when the counter is below it
 * (or the room's epoch key is gone) sets the counter there and names a new epoch, so
 * numbers go on rather than start again at 1 and collide with what members saw. A server
 * that finds the epoch changed says so in its log ({@link Outage#lost}).
 */
final class RedisRoomLog implements RoomLog {
    /**
     * KEYS ({@link Keys#append}): counter, stream, epoch, channel (all under the room's hash
     * tag: one shard); ARGV: event, entries to keep (0: all; else the stream is trimmed to
     * about that many, Redis's cheap {@code ~} trim), the highest number the appender knows,
     * an epoch to name if Redis lost the room, the publishing command ({@code PUBLISH}, or
     * {@code SPUBLISH} on a Redis Cluster). Returns {number, epoch}.
     */
    static final String APPEND = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local epoch = redis.call('GET', KEYS[3])
            if cur < tonumber(ARGV[3]) then
              redis.call('SET', KEYS[1], ARGV[3])
              epoch = false
            end
            if not epoch then
              epoch = ARGV[4]
              redis.call('SET', KEYS[3], epoch)
            end
            local seq = redis.call('INCR', KEYS[1])
            local keep = tonumber(ARGV[2])
            if keep > 0 then
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', keep, seq .. '-0', 'e', ARGV[1])
            else
              redis.call('XADD', KEYS[2], seq .. '-0', 'e', ARGV[1])
            end
            redis.call(ARGV[5], KEYS[4], seq .. ' ' .. ARGV[1])
            return {seq, epoch}
            """;
    /**
     * KEYS: counter, epoch; ARGV: the lowest the counter may be (what this server's log shows
     * was given), an epoch to name if the room has none. Returns {counter, epoch}.
     */
    private static final String FLOOR = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local floor = tonumber(ARGV[1])
            if cur < floor then
              redis.call('SET', KEYS[1], floor)
              cur = floor
            end
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[2]
              redis.call('SET', KEYS[2], epoch)
            end
            return {cur, epoch}
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
    /** Steps without a number (passes, joins and leaves Redis could not take), each after the own step it follows. */
    private final ConcurrentLinkedQueue<Pass> passes = new ConcurrentLinkedQueue<>();
    /** This server's messages sent to Redis, in the order sent (the order of their numbers), until their answer is filed. */
    private final ConcurrentLinkedQueue<Sent> sending = new ConcurrentLinkedQueue<>();
    /** This server's last step appended (null: none yet); under the room's lock. */
    private volatile Turn lastOwn;
    /** The room's log as Redis holds it; a different one means Redis lost the room meanwhile. */
    private final AtomicReference<String> epoch = new AtomicReference<>();
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
            List<Object> answer = redis.sync().eval(FLOOR, ScriptOutputType.MULTI, new String[] {keys.seq(), keys.epoch()},
                    Long.toString(issued), newEpoch(redis));
            long cur = (Long) answer.get(0);
            epoch((String) answer.get(1), cur);
            last.accumulateAndGet(cur, Math::max);
            next = cur + 1;
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

    /** Sends {@code event} to {@code room}'s script; answered {number, epoch}, in the order sent. */
    static RedisFuture<List<Object>> send(Redis redis, Keys keys, String event, String keep, long floor) {
        return redis.async().eval(APPEND, ScriptOutputType.MULTI, keys.append(), event, keep, Long.toString(floor),
                newEpoch(redis), redis.publishCommand());
    }

    /** An epoch nobody named before: this server's id and the time. */
    private static String newEpoch(Redis redis) {
        return redis.node() + "-" + System.currentTimeMillis();
    }

    @Override
    public Turn append(Entry entry) throws IOException {
        long token = tokens.incrementAndGet();
        String event = WireEvent.of(redis.node(), token, entry.event(0)).json();
        inFlight.add(token);
        RedisFuture<List<Object>> reply;
        try {
            reply = send(redis, keys, event, keep, last.get());
        } catch (RuntimeException e) {
            reply = null;
            inFlight.remove(token);
            outage.failed(e);
            if (entry.regardless()) return unnumbered(entry);
            Sent refused = new Sent(entry, token, CompletableFuture.failedFuture(e), lastOwn);
            sending.add(refused);
            lastOwn = refused;
            return refused;
        }
        if (!entry.regardless()) {
            Sent sent = new Sent(entry, token, reply.toCompletableFuture(), lastOwn);
            sending.add(sent);
            lastOwn = sent;
            reply.whenComplete((answer, e) -> {
                if (answer != null) last.accumulateAndGet((Long) answer.get(0), Math::max);
                deliverIfReady(); // on Lettuce's thread: files nothing itself
            });
            return sent;
        }
        // A join or leave: the room decides who is in it at its number, so its number is waited for here.
        List<Object> answer;
        try {
            answer = reply.get();
            outage.answered();
        } catch (InterruptedException | ExecutionException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            inFlight.remove(token);
            outage.failed(e);
            return unnumbered(entry);
        }
        long seq = (Long) answer.get(0);
        epoch((String) answer.get(1), seq);
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
        lastOwn = step;
        return step;
    }

    /** The room's epoch as Redis answered with {@code seq}: a new one means Redis lost the room, said once here. */
    private void epoch(String now, long seq) {
        String before = epoch.getAndSet(now);
        if (before == null || before.equals(now)) return;
        outage.lost(room, seq - 1);
        heard.notice("the cluster's store lost the history of " + room + " (its Redis restarted without its data): numbers go on after "
                + (seq - 1) + ", and what was said before is no longer in /history or /search");
    }

    /** A join or leave Redis could not take: here only, in its place among this server's events, without a number. */
    private Turn unnumbered(Entry entry) {
        try {
            entry.numbered(LogLines.UNNUMBERED);
        } catch (IOException ignored) {
            // joins and leaves record anyway
        }
        Pass pass = new Pass(lastOwn, () -> {
            entry.unkept();
            entry.publish();
        }, false);
        passes.add(pass);
        return pass;
    }

    @Override
    public Turn pass(Runnable publish) {
        Pass pass = new Pass(lastOwn, publish, true);
        passes.add(pass);
        return pass;
    }

    /** A step with no number, published once this server's step {@code after} (null: none) is. */
    private static final class Pass extends Step {
        private final Turn after;
        private final Runnable publish;
        private final boolean stored;

        Pass(Turn after, Runnable publish, boolean stored) {
            super(0);
            this.after = after;
            this.publish = publish;
            this.stored = stored;
        }

        boolean ready() {
            return after == null || after.out().isDone();
        }

        @Override
        protected void run(boolean stored) {
            publish.run();
        }
    }

    /** A message of this server's whose script was sent: filed in its number's place once Redis answers. */
    private static final class Sent implements Turn {
        private final Entry entry;
        private final long token;
        private final CompletableFuture<List<Object>> reply;
        private final CompletableFuture<Boolean> out = new CompletableFuture<>();
        /** This server's turn before it (null once filed): a refusal goes out after it. */
        private volatile Turn before;
        /** 0 until Redis answered. */
        private volatile long seq;

        Sent(Entry entry, long token, CompletableFuture<List<Object>> reply, Turn before) {
            this.entry = entry;
            this.token = token;
            this.reply = reply;
            this.before = before;
        }

        @Override
        public long seq() {
            return seq;
        }

        @Override
        public CompletableFuture<Boolean> out() {
            return out;
        }

        /** Its place in the room's line, once Redis gave its number: publishing it completes this turn. */
        Step numbered(long seq) {
            this.seq = seq;
            this.before = null;
            Step step = new Step(seq) {
                @Override
                protected void run(boolean stored) {
                    entry.publish();
                }
            };
            step.out().whenComplete((stored, e) -> out.complete(stored != null && stored));
            return step;
        }

        /** Redis answered, and a refusal's turn before it is out. */
        boolean fileable() {
            if (!reply.isDone()) return false;
            Turn b = before;
            return !reply.isCompletedExceptionally() || b == null || b.out().isDone();
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
        return open && !publishing.isLocked() && (answered() || passReady() || waiting.containsKey(next));
    }

    private boolean passReady() {
        Pass p = passes.peek();
        return p != null && p.ready();
    }

    /** Redis answered this server's oldest message not yet filed. */
    private boolean answered() {
        Sent s = sending.peek();
        return s != null && s.fileable();
    }

    /**
     * Under {@code publishing}: files the oldest sent message if Redis answered it (its number
     * into {@code waiting}, its log line written), or, refused, tells its sender once this
     * server's step before it is out. False when there is nothing to do yet.
     */
    private boolean file() {
        Sent s = sending.peek();
        if (s == null || !s.fileable()) return false;
        List<Object> answer;
        try {
            answer = s.reply.join();
        } catch (RuntimeException e) {
            sending.poll();
            inFlight.remove(s.token);
            outage.failed(e);
            s.before = null;
            try {
                s.entry.unkept();
            } finally {
                s.out.complete(false);
            }
            return true;
        }
        sending.poll();
        outage.answered();
        long seq = (Long) answer.get(0);
        epoch((String) answer.get(1), seq);
        Step step = s.numbered(seq);
        try {
            s.entry.numbered(seq);
        } catch (IOException e) {
            // Stored and shown on other servers already: shown here too, though this server's log lacks the line.
        }
        waiting.put(seq, step);
        inFlight.remove(s.token);
        return true;
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
                    if (file()) continue;
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
