package chatroom.accounts;

import chatroom.chat.Account;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.AccountStore;
import chatroom.chat.Accounts;
import chatroom.chat.ErrorCode;
import chatroom.chat.Names;
import chatroom.chat.Role;
import chatroom.chat.Sanction;
import chatroom.files.Owner;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The accounts: {@code accounts.db} in the server's data directory (0600), SQLite in WAL
 * mode, beside the history store. The server and {@code chatroom account} open it at
 * once, each reading it afresh at every use, so a change from the command line counts
 * at the next sign-in. Each account is kept under its name's key, with the look-alike
 * skeletons of its name ({@link Names#lookalikes}) in a table of their own, so finding a
 * look-alike of a registered name is one indexed query. Only the Argon2id hash of a
 * password is kept ({@link PasswordHash}). Mutes and bans in force are kept here too
 * ({@code sanctions}), and every moderator's action ({@code moderation}), so that both
 * survive a restart; and the private messages waiting for an offline account
 * ({@code waiting}, under the account's identity), so that they are delivered once
 * whatever happens in between.
 */
public final class SqliteAccounts implements AccountStore, AutoCloseable {
    public static final String FILE = "accounts.db";
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    /** One connection, one statement at a time; hashing, the slow part, is done outside it. */
    private final Connection db;
    /**
     * Held for each statement or transaction on {@code db}. A lock, not a monitor: those
     * waiting here are members' virtual threads, and a monitor would pin their carriers.
     */
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteAccounts(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating it, 0600 in a 0700 folder, if need be) the accounts in {@code dataDir}. */
    public static SqliteAccounts open(Path dataDir) throws IOException {
        Path file = Owner.databaseFile(dataDir, FILE, "accounts");
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // few writes, each one someone's password
        try {
            Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS accounts (key TEXT PRIMARY KEY, name TEXT NOT NULL,"
                        + " role TEXT NOT NULL, hash TEXT NOT NULL, created TEXT NOT NULL, identity INTEGER) WITHOUT ROWID");
                giveIdentities(c, s);
                s.execute("CREATE TABLE IF NOT EXISTS looks (look TEXT NOT NULL, key TEXT NOT NULL,"
                        + " PRIMARY KEY (look, key)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS sanctions (action TEXT NOT NULL, key TEXT NOT NULL, target TEXT NOT NULL,"
                        + " by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, until TEXT,"
                        + " PRIMARY KEY (action, key)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS moderation (id INTEGER PRIMARY KEY, action TEXT NOT NULL,"
                        + " target TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, until TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS waiting (n INTEGER PRIMARY KEY, identity INTEGER NOT NULL,"
                        + " pid INTEGER NOT NULL, at TEXT NOT NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL,"
                        + " text TEXT NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS waiting_for ON waiting (identity, n)");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new SqliteAccounts(file, c);
        } catch (SQLException e) {
            throw new IOException("cannot use the accounts " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Accounts made before identities existed get one now (the column is added when
     * missing): from then on their private messages are theirs across sessions.
     */
    private static void giveIdentities(Connection c, Statement s) throws SQLException {
        boolean has = false;
        try (ResultSet r = s.executeQuery("PRAGMA table_info(accounts)")) {
            while (r.next()) has |= "identity".equals(r.getString("name"));
        }
        if (!has) s.execute("ALTER TABLE accounts ADD COLUMN identity INTEGER");
        List<String> without = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT key FROM accounts WHERE identity IS NULL")) {
            while (r.next()) without.add(r.getString(1));
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE accounts SET identity = ? WHERE key = ? AND identity IS NULL")) {
            for (String key : without) {
                u.setLong(1, Account.newIdentity());
                u.setString(2, key);
                u.executeUpdate();
            }
        }
    }

    @Override
    public Optional<Account> find(String name) throws IOException {
        return read(() -> firstOf("SELECT name, role, identity FROM accounts WHERE key = ?", Names.key(name)));
    }

    @Override
    public Optional<Account> lookalike(String name) throws IOException {
        return read(() -> lookalike(Names.normalize(name), Names.lookalikes(name)));
    }

    private Optional<Account> lookalike(String name, SortedSet<String> looks) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(looks.size(), "?"));
        try (PreparedStatement q = db.prepareStatement("SELECT a.name, a.role, a.identity FROM looks l JOIN accounts a ON a.key = l.key"
                + " WHERE l.look IN (" + marks + ") AND l.key <> ? ORDER BY a.key LIMIT 1")) {
            int i = 1;
            for (String look : looks) q.setString(i++, look);
            q.setString(i, Names.key(name));
            return first(q);
        }
    }

    @Override
    public boolean check(String name, String password) throws IOException {
        String hash = hash(name);
        return hash != null && PasswordHash.matches(password, hash);
    }

    private String hash(String name) throws IOException {
        return read(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT hash FROM accounts WHERE key = ?")) {
                q.setString(1, Names.key(name));
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    @Override
    public Outcome add(String name, String password, Role role, long identity) throws IOException {
        NewAccount added = NewAccount.of(name, password);
        if (added.refused() != null) return added.refused();
        String shown = added.shown();
        String hash = added.hash();
        return write(() -> {
            Optional<Account> same = firstOf("SELECT name, role, identity FROM accounts WHERE key = ?", Names.key(shown));
            if (same.isPresent()) {
                return new Outcome(ErrorCode.ALREADY_REGISTERED, same.get().name() + " is registered already");
            }
            SortedSet<String> looks = Names.lookalikes(shown);
            Optional<Account> like = lookalike(shown, looks);
            if (like.isPresent()) {
                return new Outcome(ErrorCode.NAME_CONFUSABLE, shown + " looks too much like " + like.get().name()
                        + ", a registered name");
            }
            try (PreparedStatement a = db.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement l = db.prepareStatement("INSERT INTO looks VALUES (?, ?)")) {
                a.setString(1, Names.key(shown));
                a.setString(2, shown);
                a.setString(3, role.wire());
                a.setString(4, hash);
                a.setString(5, Instant.now().toString());
                a.setLong(6, identity != 0 ? identity : Account.newIdentity());
                a.executeUpdate();
                for (String look : looks) {
                    l.setString(1, look);
                    l.setString(2, Names.key(shown));
                    l.executeUpdate();
                }
            }
            return Outcome.DONE;
        });
    }

    @Override
    public boolean password(String name, String password) throws IOException {
        String hash = PasswordHash.of(password);
        return update("UPDATE accounts SET hash = ? WHERE key = ?", hash, Names.key(name));
    }

    @Override
    public boolean role(String name, Role role) throws IOException {
        return update("UPDATE accounts SET role = ? WHERE key = ?", role.wire(), Names.key(name));
    }

    @Override
    public boolean remove(String name) throws IOException {
        return write(() -> {
            try (PreparedStatement l = db.prepareStatement("DELETE FROM looks WHERE key = ?");
                    PreparedStatement w = db.prepareStatement("DELETE FROM waiting WHERE identity IN"
                            + " (SELECT identity FROM accounts WHERE key = ?)");
                    PreparedStatement a = db.prepareStatement("DELETE FROM accounts WHERE key = ?")) {
                // What waited for the account goes with it: nobody else is ever given it.
                w.setString(1, Names.key(name));
                w.executeUpdate();
                l.setString(1, Names.key(name));
                l.executeUpdate();
                a.setString(1, Names.key(name));
                return a.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Account> list() throws IOException {
        return read(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT name, role, identity FROM accounts ORDER BY key");
                    ResultSet r = q.executeQuery()) {
                List<Account> all = new ArrayList<>();
                while (r.next()) all.add(account(r));
                return all;
            }
        });
    }

    @Override
    public boolean any() throws IOException {
        return read(() -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM accounts)")) {
                return r.next() && r.getInt(1) == 1;
            }
        });
    }

    @Override
    public boolean keep(long identity, PrivateMessage message, int most) throws IOException {
        return write(() -> {
            if (count(identity, most) >= most) return false;
            try (PreparedStatement i = db.prepareStatement("INSERT INTO waiting (identity, pid, at, sender, recipients,"
                    + " text) VALUES (?, ?, ?, ?, ?, ?)")) {
                i.setLong(1, identity);
                i.setLong(2, message.id());
                i.setString(3, message.time().toString());
                i.setString(4, message.from());
                i.setString(5, String.join(" ", message.to())); // names hold no spaces
                i.setString(6, message.text());
                i.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public int count(long identity) throws IOException {
        return read(() -> count(identity, Integer.MAX_VALUE));
    }

    /** How many wait for {@code identity}, counting no further than {@code upTo}. */
    private int count(long identity, int upTo) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM waiting WHERE identity = ? LIMIT ?)")) {
            q.setLong(1, identity);
            q.setInt(2, upTo);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    @Override
    public List<PrivateMessage> take(long identity) throws IOException {
        return write(() -> {
            List<PrivateMessage> taken = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT pid, at, sender, recipients, text FROM waiting"
                    + " WHERE identity = ? ORDER BY n")) {
                q.setLong(1, identity);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        taken.add(new PrivateMessage(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3),
                                List.of(r.getString(4).split(" ")), r.getString(5), true));
                    }
                }
            }
            if (!taken.isEmpty()) {
                try (PreparedStatement d = db.prepareStatement("DELETE FROM waiting WHERE identity = ?")) {
                    d.setLong(1, identity);
                    d.executeUpdate();
                }
            }
            return taken;
        });
    }

    @Override
    public List<Sanction> kept() throws IOException {
        return read(() -> sanctionsFrom("SELECT action, target, by, reason, at, until FROM sanctions ORDER BY at"));
    }

    @Override
    public List<Sanction> actions() throws IOException {
        return read(() -> sanctionsFrom("SELECT action, target, by, reason, at, until FROM moderation ORDER BY id"));
    }

    @Override
    public void record(Sanction act) throws IOException {
        write(() -> {
            try (PreparedStatement i = db.prepareStatement(
                    "INSERT INTO moderation (action, target, by, reason, at, until) VALUES (?, ?, ?, ?, ?, ?)")) {
                bind(i, 1, act);
                i.executeUpdate();
            }
            switch (act.action()) {
                case MUTE, BAN -> {
                    try (PreparedStatement k = db.prepareStatement("INSERT OR REPLACE INTO sanctions"
                            + " (action, target, by, reason, at, until, key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        bind(k, 1, act);
                        k.setString(7, act.key());
                        k.executeUpdate();
                    }
                }
                case UNMUTE, UNBAN -> {
                    try (PreparedStatement d = db.prepareStatement("DELETE FROM sanctions WHERE action = ? AND key = ?")) {
                        d.setString(1, (act.action() == Sanction.Action.UNMUTE ? Sanction.Action.MUTE : Sanction.Action.BAN)
                                .wire());
                        d.setString(2, act.key());
                        d.executeUpdate();
                    }
                }
                case KICK -> { }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement p, int from, Sanction act) throws SQLException {
        p.setString(from, act.action().wire());
        p.setString(from + 1, act.target());
        p.setString(from + 2, act.by());
        p.setString(from + 3, act.reason());
        p.setString(from + 4, act.at().toString());
        p.setString(from + 5, act.until() == null ? null : act.until().toString());
    }

    private List<Sanction> sanctionsFrom(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<Sanction> all = new ArrayList<>();
            while (r.next()) {
                String until = r.getString(6);
                all.add(new Sanction(Sanction.Action.fromWire(r.getString(1)), r.getString(2), r.getString(3),
                        r.getString(4), Instant.parse(r.getString(5)), until == null ? null : Instant.parse(until)));
            }
            return all;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        } finally {
            lock.unlock();
        }
    }

    private boolean update(String sql, String value, String key) throws IOException {
        return locked("write", () -> {
            try (PreparedStatement u = db.prepareStatement(sql)) {
                u.setString(1, value);
                u.setString(2, key);
                return u.executeUpdate() > 0;
            }
        });
    }

    private Optional<Account> firstOf(String sql, String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, key);
            return first(q);
        }
    }

    private static Optional<Account> first(PreparedStatement q) throws SQLException {
        try (ResultSet r = q.executeQuery()) {
            return r.next() ? Optional.of(account(r)) : Optional.empty();
        }
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getString(1), Role.account(r.getString(2)), r.getLong(3));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} holding the lock; a failure is a read's. */
    private <T> T read(Work<T> work) throws IOException {
        return locked("read", work);
    }

    /** Runs {@code work} in one write transaction, holding the lock. */
    private <T> T write(Work<T> work) throws IOException {
        return locked("write", () -> inTransaction(work));
    }

    private <T> T locked(String what, Work<T> work) throws IOException {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw trouble(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one write transaction (taken at once, so a concurrent writer waits rather than fails). */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run();
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private IOException trouble(String what, SQLException e) {
        return new IOException("cannot " + what + " the accounts " + file + ": " + e.getMessage(), e);
    }
}
