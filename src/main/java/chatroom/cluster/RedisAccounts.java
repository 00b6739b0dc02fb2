package chatroom.cluster;

import chatroom.accounts.NewAccount;
import chatroom.accounts.PasswordHash;
import chatroom.chat.Account;
import chatroom.chat.AccountStore;
import chatroom.chat.Accounts;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Names;
import chatroom.chat.Role;
import chatroom.chat.Sanction;
import chatroom.chat.Sanctions;
import chatroom.chat.WaitingMessages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cluster's accounts, mutes and bans and waiting private messages, on its Redis, so that
 * an account made on one server (or by {@code chatroom account --cluster}) signs in on
 * every server, a ban holds everywhere at once and what waits for an account is handed out
 * wherever it signs in next. Everything sits under one hash tag, {@code {accounts}}, so
 * each script below is one atomic step on one shard:
 *
 * <ul>
 *   <li>{@code names}, {@code roles}, {@code hashes}, {@code identities}, {@code created}:
 *       name key → the name as registered, its role, its Argon2id hash ({@link PasswordHash},
 *       computed by the asking server, never in Redis), its identity, when it was made;
 *   <li>{@code looks}: look-alike skeleton → the key holding it, taken with the account
 *       all or none, so the look-alike rule holds as in {@code accounts.db};
 *   <li>{@code sanctions}: {@code ACTION KEY} → the mute or ban in force; {@code moderation},
 *       a stream of every action; each action is published on {@code actions}
 *       by the script that records it, and every other server applies it as it hears it;
 *   <li>{@code waiting:IDENTITY}: a list of the private messages waiting for an account.
 * </ul>
 */
public final class RedisAccounts implements AccountStore, AutoCloseable {
    private static final String TAG = Keys.PREFIX + "{accounts}:";
    private static final String NAMES = TAG + "names";
    private static final String ROLES = TAG + "roles";
    private static final String HASHES = TAG + "hashes";
    private static final String IDENTITIES = TAG + "identities";
    private static final String CREATED = TAG + "created";
    private static final String LOOKS = TAG + "looks";
    private static final String SANCTIONS = TAG + "sanctions";
    private static final String MODERATION = TAG + "moderation";
    private static final String WAITING = TAG + "waiting:";
    private static final String[] ACCOUNT = {NAMES, ROLES, HASHES, IDENTITIES, CREATED, LOOKS};
    /** Under the tag too, so that on a Redis Cluster the script may publish it on its own shard. */
    static final String MODERATION_CHANNEL = TAG + "actions";

    /** KEYS: ACCOUNT; ARGV: key, name, role, hash, identity, created, skeletons… Returns {'ok'}, {'same', name} or {'look', name}. */
    private static final String ADD = """
            local same = redis.call('HGET', KEYS[1], ARGV[1])
            if same then return {'same', same} end
            for i = 7, #ARGV do
              local k = redis.call('HGET', KEYS[6], ARGV[i])
              if k and k ~= ARGV[1] then return {'look', redis.call('HGET', KEYS[1], k) or k} end
            end
            for i = 1, 5 do redis.call('HSET', KEYS[i], ARGV[1], ARGV[i + 1]) end
            for i = 7, #ARGV do redis.call('HSET', KEYS[6], ARGV[i], ARGV[1]) end
            return {'ok'}
            """;
    /** KEYS: names, roles, identities; ARGV: key. Returns {name, role, identity} or {}. */
    private static final String FIND = """
            local n = redis.call('HGET', KEYS[1], ARGV[1])
            if not n then return {} end
            return {n, redis.call('HGET', KEYS[2], ARGV[1]), redis.call('HGET', KEYS[3], ARGV[1]) or '0'}
            """;
    /** KEYS: names, the hash to change; ARGV: key, value. Changes an existing account only. */
    private static final String UPDATE = """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            return 1
            """;
    /**
     * KEYS: ACCOUNT, the account's waiting list; ARGV: key, its identity as read, skeletons…
     * Removed only while it still has that identity; what waited for it goes with it: nobody
     * else is ever given it.
     */
    private static final String REMOVE = """
            if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('DEL', KEYS[7])
            for i = 1, 5 do redis.call('HDEL', KEYS[i], ARGV[1]) end
            for i = 3, #ARGV do
              if redis.call('HGET', KEYS[6], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[6], ARGV[i]) end
            end
            return 1
            """;
    /** KEYS: the account's list; ARGV: most, message. Keeps it unless most wait already. */
    private static final String KEEP = """
            if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[2])
            return 1
            """;
    /** KEYS: the account's list. Takes all of it: whoever takes a message is the only one who gets it. */
    private static final String TAKE = """
            local all = redis.call('LRANGE', KEYS[1], 0, -1)
            redis.call('DEL', KEYS[1])
            return all
            """;
    /**
     * KEYS: sanctions, moderation; ARGV: 'put', 'lift' or 'none', the kept one's field, the
     * action, the channel, what the other servers hear, the publishing command (SPUBLISH on
     * a Redis Cluster: the channel shares the keys' tag, so their shard). Recorded, kept or
     * lifted, and told, in one step.
     */
    private static final String RECORD = """
            redis.call('XADD', KEYS[2], '*', 's', ARGV[3])
            if ARGV[1] == 'put' then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            elseif ARGV[1] == 'lift' then redis.call('HDEL', KEYS[1], ARGV[2]) end
            redis.call(ARGV[6], ARGV[4], ARGV[5])
            return 1
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A sanction as kept: instants as ISO text, so nothing of them is lost. */
    record Kept(String action, String target, String by, String reason, String at, String until) {
        static Kept of(Sanction s) {
            return new Kept(s.action().wire(), s.target(), s.by(), s.reason(), s.at().toString(),
                    s.until() == null ? null : s.until().toString());
        }

        Sanction sanction() {
            return new Sanction(Sanction.Action.fromWire(action), target, by, reason, Instant.parse(at),
                    until == null ? null : Instant.parse(until));
        }
    }

    /** What the other servers hear of an action: from which server, the action, what its rooms were told. */
    record Heard(String node, Kept act, String text, List<String> rooms) {}

    /** A waiting private message as its list keeps it. */
    record Waiting(long id, long time, String from, List<String> to, String text) {}

    private final Redis redis;
    private final boolean owned;
    private final String shown;
    /** Actions heard from other servers, applied one at a time in the order heard, off Lettuce's thread. */
    private final ExecutorService heard = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cluster-moderation").factory());

    /** Over this server's connection to the cluster (not closed with the store). */
    public RedisAccounts(Redis redis) {
        this(redis, false);
    }

    private RedisAccounts(Redis redis, boolean owned) {
        this.redis = redis;
        this.owned = owned;
        this.shown = "the cluster's accounts at " + redis.shown();
    }

    /** A store of its own on the cluster at {@code address} ({@code chatroom account --cluster}), closed with it. */
    public static RedisAccounts open(String address) throws IOException {
        return new RedisAccounts(Redis.connect(address, System.getenv(Redis.PASSWORD_VARIABLE)), true);
    }

    /** Where it is, for messages. */
    public String shown() {
        return shown;
    }

    @Override
    public Optional<Account> find(String name) throws IOException {
        return byKey(Names.key(name));
    }

    private Optional<Account> byKey(String key) throws IOException {
        List<Object> found = call("read", () -> redis.sync().eval(FIND, ScriptOutputType.MULTI,
                new String[] {NAMES, ROLES, IDENTITIES}, key));
        if (found.size() < 3) return Optional.empty();
        return Optional.of(new Account((String) found.get(0), Role.account((String) found.get(1)),
                Long.parseLong((String) found.get(2))));
    }

    @Override
    public Optional<Account> lookalike(String name) throws IOException {
        String key = Names.key(name);
        String[] looks = Names.lookalikes(name).toArray(String[]::new);
        if (looks.length == 0) return Optional.empty();
        List<KeyValue<String, String>> held = call("read", () -> redis.sync().hmget(LOOKS, looks));
        for (KeyValue<String, String> kv : held) {
            if (kv.hasValue() && !kv.getValue().equals(key)) {
                Optional<Account> like = byKey(kv.getValue());
                if (like.isPresent()) return like;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean check(String name, String password) throws IOException {
        String hash = call("read", () -> redis.sync().hget(HASHES, Names.key(name)));
        return hash != null && PasswordHash.matches(password, hash);
    }

    @Override
    public Outcome add(String name, String password, Role role, long identity) throws IOException {
        NewAccount added = NewAccount.of(name, password);
        if (added.refused() != null) return added.refused();
        String shownName = added.shown();
        String hash = added.hash();
        List<String> args = new ArrayList<>(List.of(Names.key(shownName), shownName, role.wire(), hash,
                Long.toString(identity != 0 ? identity : Account.newIdentity()), Instant.now().toString()));
        args.addAll(Names.lookalikes(shownName));
        List<Object> answer = call("write", () -> redis.sync().eval(ADD, ScriptOutputType.MULTI, ACCOUNT,
                args.toArray(String[]::new)));
        return switch ((String) answer.get(0)) {
            case "same" -> new Outcome(ErrorCode.ALREADY_REGISTERED, answer.get(1) + " is registered already");
            case "look" -> new Outcome(ErrorCode.NAME_CONFUSABLE, shownName + " looks too much like " + answer.get(1)
                    + ", a registered name");
            default -> Outcome.DONE;
        };
    }

    @Override
    public boolean password(String name, String password) throws IOException {
        return update(HASHES, name, PasswordHash.of(password));
    }

    @Override
    public boolean role(String name, Role role) throws IOException {
        return update(ROLES, name, role.wire());
    }

    private boolean update(String hash, String name, String value) throws IOException {
        Long changed = call("write", () -> redis.sync().eval(UPDATE, ScriptOutputType.INTEGER, new String[] {NAMES, hash},
                Names.key(name), value));
        return changed == 1;
    }

    @Override
    public boolean remove(String name) throws IOException {
        String key = Names.key(name);
        Optional<Account> registered = byKey(key);
        if (registered.isEmpty()) return false;
        long identity = registered.get().identity();
        List<String> args = new ArrayList<>(List.of(key, Long.toString(identity)));
        args.addAll(Names.lookalikes(registered.get().name()));
        String[] keys = Arrays.copyOf(ACCOUNT, ACCOUNT.length + 1);
        keys[ACCOUNT.length] = WAITING + identity;
        Long removed = call("write", () -> redis.sync().eval(REMOVE, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new)));
        return removed == 1;
    }

    @Override
    public List<Account> list() throws IOException {
        Map<String, String> names = call("read", () -> redis.sync().hgetall(NAMES));
        Map<String, String> roles = call("read", () -> redis.sync().hgetall(ROLES));
        Map<String, String> identities = call("read", () -> redis.sync().hgetall(IDENTITIES));
        List<Account> all = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(names).entrySet()) {
            String role = roles.get(e.getKey());
            if (role == null) continue; // removed between the reads
            all.add(new Account(e.getValue(), Role.account(role), Long.parseLong(identities.getOrDefault(e.getKey(), "0"))));
        }
        return all;
    }

    @Override
    public boolean any() throws IOException {
        return call("read", () -> redis.sync().hlen(NAMES)) > 0;
    }

    @Override
    public boolean keep(long identity, PrivateMessage message, int most) throws IOException {
        String entry = json(new Waiting(message.id(), message.time().toEpochMilli(), message.from(), message.to(), message.text()));
        Long kept = call("write", () -> redis.sync().eval(KEEP, ScriptOutputType.INTEGER, new String[] {WAITING + identity},
                Integer.toString(most), entry));
        return kept == 1;
    }

    @Override
    public int count(long identity) throws IOException {
        return call("read", () -> redis.sync().llen(WAITING + identity)).intValue();
    }

    @Override
    public List<PrivateMessage> take(long identity) throws IOException {
        List<String> taken = call("write", () -> redis.sync().eval(TAKE, ScriptOutputType.MULTI, new String[] {WAITING + identity}));
        List<PrivateMessage> messages = new ArrayList<>(taken.size());
        for (String entry : taken) {
            try {
                Waiting w = JSON.readValue(entry, Waiting.class);
                messages.add(new PrivateMessage(w.id(), Instant.ofEpochMilli(w.time()), w.from(), w.to(), w.text(), true));
            } catch (JsonProcessingException e) {
                // not one of ours
            }
        }
        return messages;
    }

    @Override
    public List<Sanction> kept() throws IOException {
        List<Sanction> all = new ArrayList<>();
        for (String value : call("read", () -> redis.sync().hvals(SANCTIONS))) {
            Sanction s = sanction(value);
            if (s != null) all.add(s);
        }
        all.sort((x, y) -> x.at().compareTo(y.at()));
        return all;
    }

    @Override
    public List<Sanction> actions() throws IOException {
        List<Sanction> all = new ArrayList<>();
        for (StreamMessage<String, String> m : call("read", () -> redis.sync().xrange(MODERATION, Range.create("-", "+")))) {
            Sanction s = sanction(m.getBody().get("s"));
            if (s != null) all.add(s);
        }
        return all;
    }

    @Override
    public void record(Sanction act) throws IOException {
        record(new Told(act, "", List.of()));
    }

    @Override
    public void record(Told told) throws IOException {
        Sanction act = told.act();
        String op = switch (act.action()) {
            case MUTE, BAN -> "put";
            case UNMUTE, UNBAN -> "lift";
            case KICK -> "none";
        };
        Sanction.Action kind = switch (act.action()) {
            case UNMUTE -> Sanction.Action.MUTE;
            case UNBAN -> Sanction.Action.BAN;
            default -> act.action();
        };
        String entry = json(Kept.of(act));
        String message = json(new Heard(redis.node(), Kept.of(act), told.text(), told.rooms()));
        call("write", () -> redis.sync().eval(RECORD, ScriptOutputType.INTEGER, new String[] {SANCTIONS, MODERATION}, op,
                kind.wire() + " " + act.key(), entry, MODERATION_CHANNEL, message, redis.publishCommand()));
    }

    @Override
    public void listen(Consumer<Told> elsewhere) {
        try {
            redis.subscribe(MODERATION_CHANNEL, json -> {
                Heard h;
                try {
                    h = JSON.readValue(json, Heard.class);
                } catch (JsonProcessingException e) {
                    return; // not one of ours
                }
                if (h.node().equals(redis.node())) return; // this server acted on it as it recorded it
                heard.execute(() -> elsewhere.accept(new Told(h.act().sanction(), h.text(), h.rooms())));
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot hear the cluster's moderation at " + redis.shown() + ": " + Redis.reason(e), e);
        }
    }

    private static Sanction sanction(String value) {
        try {
            return value == null ? null : JSON.readValue(value, Kept.class).sanction();
        } catch (JsonProcessingException | RuntimeException e) {
            return null; // not one of ours
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command; Redis not answering is an IOException naming the store. */
    private <T> T call(String what, Supplier<T> command) throws IOException {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw new IOException("cannot " + what + " " + shown + ": " + Redis.reason(e), e);
        }
    }

    @Override
    public void close() {
        heard.shutdown();
        if (owned) redis.close();
    }
}
