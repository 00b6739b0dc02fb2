package chatroom.cluster;

import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.LeaveReason;
import chatroom.chat.Names;
import chatroom.chat.Peers;
import chatroom.chat.StoredEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The other servers, on Redis. Everything about who is online sits under one hash tag
 * ({@code {presence}}), so each script below is one atomic step on one shard:
 *
 * <ul>
 *   <li>{@code names}: name key → {@code NODE \t NAME \t ROOM [\t ROOM…]} (the rooms they are in;
 *       a room name has no tab), taken with the name's
 *       look-alike skeletons in {@code looks} ({@code NODE \t NAME}) all or none
 *       ({@link #CLAIM}), so the case and look-alike rules hold across the cluster;
 *   <li>{@code nodes}: node → the end of its lease (Redis's clock, milliseconds), renewed
 *       every third of {@code --node-timeout}. The same script ({@link #LEASE}) takes every
 *       node whose lease ended out of all three hashes and returns its members: one server
 *       gets them, and announces each one's leave ({@code connection lost}) once, in each of their rooms.
 * </ul>
 *
 * Private messages to someone on another server are published on that server's own
 * channel, {@code chatroom:node:ID}, after the sender's server numbered and logged them.
 */
public final class RedisPeers implements Peers, AutoCloseable {
    private static final String PRESENCE = Keys.PREFIX + "{presence}:";
    private static final String NAMES = PRESENCE + "names";
    private static final String LOOKS = PRESENCE + "looks";
    private static final String NODES = PRESENCE + "nodes";
    /** Node → when another took it for dead: the node, if it was only slow, learns it from there (kept a day). */
    private static final String REAPED = PRESENCE + "reaped";
    static final String PRIVATE_IDS = Keys.PREFIX + "{private}:id";
    /** The node that appends what the cluster itself decides (a dead server's members leaving). */
    static final String CLUSTER = "cluster";

    /**
     * KEYS: names, looks; ARGV: node, key, name, room, a server found gone ('' for none),
     * skeletons… Returns {'ok'}, {'name', holder}, {'look', holder} or {'took', holder}: the
     * name was held by the server found gone, and is now this server's.
     */
    private static final String CLAIM = """
            local h = redis.call('HGET', KEYS[1], ARGV[2])
            local took = nil
            if h then
              local node, name = string.match(h, '^([^\\t]*)\\t([^\\t]*)')
              if ARGV[5] == '' or node ~= ARGV[5] then return {'name', h} end
              took = node .. '\\t' .. name
            end
            for i = 6, #ARGV do
              local l = redis.call('HGET', KEYS[2], ARGV[i])
              if l and l ~= took then return {'look', l} end
            end
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[1] .. '\\t' .. ARGV[3] .. '\\t' .. ARGV[4])
            for i = 6, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], ARGV[1] .. '\\t' .. ARGV[3]) end
            if h then return {'took', h} end
            return {'ok'}
            """;
    /** KEYS: names, looks; ARGV: node, key, skeletons… Lets go of what this node holds. */
    private static final String RELEASE = """
            local mine = ARGV[1] .. '\\t'
            local h = redis.call('HGET', KEYS[1], ARGV[2])
            if h and string.sub(h, 1, #mine) == mine then redis.call('HDEL', KEYS[1], ARGV[2]) end
            for i = 3, #ARGV do
              local l = redis.call('HGET', KEYS[2], ARGV[i])
              if l and string.sub(l, 1, #mine) == mine then redis.call('HDEL', KEYS[2], ARGV[i]) end
            end
            return 1
            """;
    /** KEYS: names; ARGV: node, key, name, rooms (tab-separated). */
    private static final String MOVED = """
            local h = redis.call('HGET', KEYS[1], ARGV[2])
            if h and string.sub(h, 1, #ARGV[1] + 1) == ARGV[1] .. '\\t' then
              redis.call('HSET', KEYS[1], ARGV[2], ARGV[1] .. '\\t' .. ARGV[3] .. '\\t' .. ARGV[4])
            end
            return 1
            """;
    /**
     * KEYS: nodes, names, looks, reaped; ARGV: node, lease in ms, whether to reap ('1' or
     * '0'), whether this node had a lease ('1' or '0'). Renews this node's lease; takes out
     * every node whose lease has ended (noting it in {@code reaped}), returning first what
     * became of this node ('ok'; 'reaped': taken for dead by another; 'forgotten': Redis
     * lost it), then the members of the nodes taken out as name, rooms, name, rooms… (rooms
     * tab-separated).
     */
    private static final String LEASE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local was = redis.call('HEXISTS', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]))
            local mine = 'ok'
            if ARGV[4] == '1' and was == 0 then
              if redis.call('HDEL', KEYS[4], ARGV[1]) == 1 then mine = 'reaped' else mine = 'forgotten' end
            end
            if ARGV[3] ~= '1' then return {mine} end
            local dead = {}
            local any = false
            local nodes = redis.call('HGETALL', KEYS[1])
            for i = 1, #nodes, 2 do
              if tonumber(nodes[i + 1]) < now then
                dead[nodes[i]] = true
                any = true
                redis.call('HDEL', KEYS[1], nodes[i])
                redis.call('HSET', KEYS[4], nodes[i], now)
              end
            end
            if not any then return {mine} end
            local reaped = redis.call('HGETALL', KEYS[4])
            for i = 1, #reaped, 2 do
              if tonumber(reaped[i + 1]) < now - 86400000 then redis.call('HDEL', KEYS[4], reaped[i]) end
            end
            local gone = {mine}
            local names = redis.call('HGETALL', KEYS[2])
            for i = 1, #names, 2 do
              local node, name, room = string.match(names[i + 1], '^([^\\t]*)\\t([^\\t]*)\\t(.*)$')
              if node and dead[node] then
                redis.call('HDEL', KEYS[2], names[i])
                table.insert(gone, name)
                table.insert(gone, room)
              end
            end
            local looks = redis.call('HGETALL', KEYS[3])
            for i = 1, #looks, 2 do
              local node = string.match(looks[i + 1], '^([^\\t]*)')
              if dead[node] then redis.call('HDEL', KEYS[3], looks[i]) end
            end
            return gone
            """;

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** A private message as published to a server: the message and who on that server it is for. */
    record Delivery(long id, long time, String from, List<String> to, String text, List<String> here) {}

    private final Redis redis;
    private final RedisRoomLogs logs;
    private final Outage outage;
    private final Duration nodeTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-lease");
        t.setDaemon(true);
        return t;
    });
    /** Private messages from other servers, handed to members one at a time, in the order they came. */
    private final ExecutorService incoming = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cluster-private").factory());
    /** Names let go here while Redis could not be told, by key: told when it answers again. */
    private final Map<String, String> releasesDue = new ConcurrentHashMap<>();
    private volatile BiConsumer<PrivateMessage, List<String>> here = (m, names) -> { };
    /**
     * Not before this (nanoTime) does this server take others for dead: after Redis was
     * away, every lease ran out with nobody able to renew it, and the others need a full
     * --node-timeout from this server's own return to renew theirs (they may reconnect a
     * little later) before an ended lease means a dead server.
     */
    private volatile long reapFrom = System.nanoTime();
    /** The last renewal failed: the next that works starts the others' grace again. */
    private volatile boolean failedLast;
    /** Whether this server has had a lease: one missing at a renewal was taken from it. */
    private volatile boolean leased;
    /** This server's members, for telling the cluster of them again. */
    private volatile Supplier<List<Here>> members = List::of;

    /**
     * Registers this server (its first lease) and renews it every third of
     * {@code nodeTimeout}; throws IOException when Redis does not answer.
     */
    public RedisPeers(Redis redis, RedisRoomLogs logs, Outage outage, Duration nodeTimeout) throws IOException {
        this.redis = redis;
        this.logs = logs;
        this.outage = outage;
        this.nodeTimeout = nodeTimeout;
        try {
            redis.subscribe(channel(redis.node()), this::delivered);
            lease();
        } catch (RuntimeException e) {
            throw new IOException("cannot join the cluster at " + redis.shown() + ": " + Redis.reason(e), e);
        }
        long every = Math.max(1, nodeTimeout.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Renews the lease, announces the members of servers found dead, tells Redis what was let go while it was away. */
    private void renew() {
        try {
            List<String> answer = lease();
            if (failedLast) {
                reapFrom = System.nanoTime() + nodeTimeout.toNanos();
                failedLast = false;
            }
            if (!answer.get(0).equals("ok")) rejoin(answer.get(0).equals("reaped"));
            List<String> gone = answer.subList(1, answer.size());
            for (Map.Entry<String, String> due : Map.copyOf(releasesDue).entrySet()) {
                releaseNow(due.getValue());
                releasesDue.remove(due.getKey(), due.getValue());
            }
            outage.answered();
            for (int i = 0; i + 1 < gone.size(); i += 2) {
                for (String room : gone.get(i + 1).split("\t")) {
                    logs.announce(room, StoredEvent.leave(room, 0, Instant.now(), gone.get(i), LeaveReason.CONNECTION_LOST.text()));
                }
            }
        } catch (RuntimeException e) {
            outage.failed(e);
            reapFrom = System.nanoTime() + nodeTimeout.toNanos();
            failedLast = true;
        }
    }

    private List<String> lease() {
        boolean reap = !failedLast && System.nanoTime() - reapFrom >= 0;
        List<String> answer = redis.sync().eval(LEASE, ScriptOutputType.MULTI, new String[] {NODES, NAMES, LOOKS, REAPED},
                redis.node(), Long.toString(nodeTimeout.toMillis()), reap ? "1" : "0", leased ? "1" : "0");
        leased = true;
        return answer;
    }

    /**
     * The cluster lost track of this server: another took it for dead while it was only
     * slow ({@code announced}: its members were announced as left, and their names freed),
     * or Redis lost its data. Each member here claims its name and rooms again and, when
     * their leave was announced, is announced as joined in each room again; one whose name
     * someone elsewhere took meanwhile keeps it here only, which the log says.
     */
    private void rejoin(boolean announced) {
        List<Here> here = members.get();
        outage.rejoined(announced, here.size());
        for (Here m : here) {
            if (m.rooms().isEmpty()) continue;
            List<Object> answer = claimNow(m.name(), String.join("\t", m.rooms()), Names.lookalikes(m.name()));
            if (!"ok".equals(answer.get(0))) {
                // Held here already (they joined since): nothing to repair. Held elsewhere: taken meanwhile.
                if (!((String) answer.get(1)).startsWith(redis.node() + "\t")) outage.taken(m.name());
                continue;
            }
            if (!announced) continue;
            for (String room : m.rooms()) logs.announce(room, StoredEvent.join(room, 0, Instant.now(), m.name()));
        }
    }

    /** The claim script for {@code name} in {@code rooms} (tab-separated): {'ok'}, {'name', holder} or {'look', holder}. */
    private List<Object> claimNow(String name, String rooms, Collection<String> looks) {
        return claimScript(Names.key(name), name, looks, rooms, "");
    }

    @Override
    public void attend(Supplier<List<Here>> members) {
        this.members = members;
    }

    @Override
    public Holder claim(String name, Collection<String> looks, String room) throws IOException {
        return claim(name, looks, room, false);
    }

    /**
     * For one proven to be the holder (an account signed in with its password), a name
     * held by a server that is gone is taken over: one whose lease is over, or none of
     * whose connections is subscribed to its channel any more (a process killed loses its
     * connections at once, long before its lease ends).
     */
    @Override
    public Holder claim(String name, Collection<String> looks, String room, boolean proven) throws IOException {
        String key = Names.key(name);
        releasesDue.remove(key); // ours again: a late release must not take it away
        List<Object> answer;
        try {
            answer = claimScript(key, name, looks, room, "");
            if (proven && answer.get(0).equals("name")) {
                String node = ((String) answer.get(1)).split("\t", 2)[0];
                if (!node.equals(redis.node()) && gone(node)) answer = claimScript(key, name, looks, room, node);
            }
            outage.answered();
        } catch (RuntimeException e) {
            outage.failed(e);
            throw new IOException("the cluster's Redis does not answer: " + Redis.reason(e), e);
        }
        String verdict = (String) answer.get(0);
        if (verdict.equals("ok")) return null;
        if (verdict.equals("took")) {
            tookOver((String) answer.get(1));
            return null;
        }
        String[] holder = ((String) answer.get(1)).split("\t", 3);
        return new Holder(holder.length > 1 ? holder[1] : name, verdict.equals("look"));
    }

    private List<Object> claimScript(String key, String name, Collection<String> looks, String room, String gone) {
        List<String> args = new ArrayList<>(List.of(redis.node(), key, name, room, gone));
        args.addAll(looks);
        return redis.sync().eval(CLAIM, ScriptOutputType.MULTI, new String[] {NAMES, LOOKS}, args.toArray(String[]::new));
    }

    /** Whether the server {@code node} is gone: its lease over (by Redis's clock), or nothing of it listening. */
    private boolean gone(String node) {
        String lease = redis.sync().hget(NODES, node);
        if (lease == null) return true;
        List<String> time = redis.sync().time();
        long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        if (Long.parseLong(lease) < now) return true;
        String channel = channel(node);
        Map<String, Long> counted = redis.sharded() ? redis.sync().pubsubShardNumsub(channel) : redis.sync().pubsubNumsub(channel);
        long listening = counted.values().stream().findFirst().orElse(0L);
        return listening == 0;
    }

    /** A server's own channel, for the private messages to its members. */
    private static String channel(String node) {
        return Keys.PREFIX + "node:" + node;
    }

    /**
     * The member a dead server held under a name now ours leaves its rooms ({@code connection
     * lost}) before ours joins, as the server's reaping would have said, which no longer finds it.
     */
    private void tookOver(String holder) {
        String[] parts = holder.split("\t", 3);
        if (parts.length < 3) return;
        try {
            for (String room : parts[2].split("\t")) {
                logs.announce(room, StoredEvent.leave(room, 0, Instant.now(), parts[1], LeaveReason.CONNECTION_LOST.text()));
            }
        } catch (RuntimeException e) {
            outage.failed(e); // the name is ours all the same; only the old member's leave is not said
        }
    }

    @Override
    public void release(String name, Collection<String> looks) {
        String key = Names.key(name);
        try {
            releaseNow(name);
            outage.answered();
        } catch (RuntimeException e) {
            outage.failed(e);
            releasesDue.put(key, name);
        }
    }

    private void releaseNow(String name) {
        List<String> args = new ArrayList<>(List.of(redis.node(), Names.key(name)));
        args.addAll(Names.lookalikes(name));
        redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {NAMES, LOOKS}, args.toArray(String[]::new));
    }

    @Override
    public void moved(String name, List<String> rooms) {
        if (rooms.isEmpty()) return; // leaving the chat: the release takes the name
        try {
            redis.sync().eval(MOVED, ScriptOutputType.INTEGER, new String[] {NAMES}, redis.node(), Names.key(name), name,
                    String.join("\t", rooms));
        } catch (RuntimeException e) {
            outage.failed(e); // /who elsewhere shows the rooms they were in until their next change
        }
    }

    @Override
    public List<Elsewhere> elsewhere() {
        Map<String, String> all;
        try {
            all = redis.sync().hgetall(NAMES);
        } catch (RuntimeException e) {
            outage.failed(e);
            return List.of();
        }
        List<Elsewhere> out = new ArrayList<>();
        String mine = redis.node() + "\t";
        for (String value : all.values()) {
            if (value.startsWith(mine)) continue;
            String[] parts = value.split("\t", 3);
            if (parts.length == 3) out.add(new Elsewhere(parts[1], List.of(parts[2].split("\t"))));
        }
        return out;
    }

    @Override
    public Map<String, String> find(Collection<String> names) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : holders(names).entrySet()) {
            if (!e.getValue()[0].equals(redis.node())) found.put(e.getKey(), e.getValue()[1]);
        }
        return found;
    }

    @Override
    public Elsewhere where(String name) {
        String[] holder = holders(List.of(name)).get(Names.key(name));
        if (holder == null || holder[0].equals(redis.node())) return null;
        return new Elsewhere(holder[1], List.of(holder[2].split("\t")));
    }

    /** Of {@code names}, those online anywhere: key → {node, name, room}. */
    private Map<String, String[]> holders(Collection<String> names) {
        String[] keys = names.stream().map(Names::key).distinct().toArray(String[]::new);
        Map<String, String[]> found = new LinkedHashMap<>();
        if (keys.length == 0) return found;
        List<KeyValue<String, String>> values;
        try {
            values = redis.sync().hmget(NAMES, keys);
        } catch (RuntimeException e) {
            outage.failed(e);
            return found;
        }
        for (KeyValue<String, String> kv : values) {
            if (!kv.hasValue()) continue;
            String[] parts = kv.getValue().split("\t", 3);
            if (parts.length == 3) found.put(kv.getKey(), parts);
        }
        return found;
    }

    @Override
    public long nextPrivateId() throws IOException {
        try {
            long id = redis.sync().incr(PRIVATE_IDS);
            outage.answered();
            return id;
        } catch (RuntimeException e) {
            outage.failed(e);
            throw new IOException("the cluster's Redis does not answer: " + Redis.reason(e), e);
        }
    }

    @Override
    public void tell(PrivateMessage message, Collection<String> names) throws IOException {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (String[] holder : holders(names).values()) byNode.computeIfAbsent(holder[0], n -> new ArrayList<>()).add(holder[1]);
        try {
            for (Map.Entry<String, List<String>> node : byNode.entrySet()) {
                Delivery d = new Delivery(message.id(), message.time().toEpochMilli(), message.from(), message.to(),
                        message.text(), node.getValue());
                redis.publish(channel(node.getKey()), JSON.writeValueAsString(d));
            }
        } catch (RuntimeException | JsonProcessingException e) {
            outage.failed(e);
            throw new IOException("the cluster's Redis does not answer: " + Redis.reason(e), e);
        }
    }

    @Override
    public void listen(BiConsumer<PrivateMessage, List<String>> here) {
        this.here = here;
    }

    /** On Lettuce's thread: hands the message on, in order, to a thread that may wait for a member's welcome. */
    private void delivered(String json) {
        Delivery d;
        try {
            d = JSON.readValue(json, Delivery.class);
        } catch (JsonProcessingException e) {
            return; // not one of ours
        }
        PrivateMessage m = new PrivateMessage(d.id(), Instant.ofEpochMilli(d.time()), d.from(), d.to(), d.text());
        incoming.execute(() -> here.accept(m, d.here()));
    }

    /** Stops renewing and leaves the cluster's list of servers: a server stopped cleanly is not reaped. */
    @Override
    public void close() {
        timer.shutdownNow();
        incoming.shutdown();
        try {
            redis.sync().hdel(NODES, redis.node());
        } catch (RuntimeException e) {
            // Redis is away: the lease ends by itself, and with everyone gone there is nobody to announce.
        }
    }
}
