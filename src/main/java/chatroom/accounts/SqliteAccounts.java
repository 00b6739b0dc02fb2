package chatroom.accounts;

import chatroom.chat.Account;
import chatroom.chat.Accounts;
import chatroom.chat.ErrorCode;
import chatroom.chat.Names;
import chatroom.chat.Role;
import chatroom.chat.Sanction;
import chatroom.chat.Sanctions;
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
 * survive a restart.
 */
public final class SqliteAccounts implements Accounts, Sanctions, AutoCloseable {
    public static final String FILE = "accounts.db";
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    /** One connection, one statement at a time; hashing, the slow part, is done outside it. */
    private final Connection db;

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
                        + " role TEXT NOT NULL, hash TEXT NOT NULL, created TEXT NOT NULL) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS looks (look TEXT NOT NULL, key TEXT NOT NULL,"
                        + " PRIMARY KEY (look, key)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS sanctions (action TEXT NOT NULL, key TEXT NOT NULL, target TEXT NOT NULL,"
                        + " by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, until TEXT,"
                        + " PRIMARY KEY (action, key)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS moderation (id INTEGER PRIMARY KEY, action TEXT NOT NULL,"
                        + " target TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, until TEXT)");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new SqliteAccounts(file, c);
        } catch (SQLException e) {
            throw new IOException("cannot use the accounts " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Account> find(String name) throws IOException {
        try (PreparedStatement q = db.prepareStatement("SELECT name, role FROM accounts WHERE key = ?")) {
            q.setString(1, Names.key(name));
            return first(q);
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    @Override
    public synchronized Optional<Account> lookalike(String name) throws IOException {
        try {
            return lookalike(Names.normalize(name), Names.lookalikes(name));
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    private Optional<Account> lookalike(String name, SortedSet<String> looks) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(looks.size(), "?"));
        try (PreparedStatement q = db.prepareStatement("SELECT a.name, a.role FROM looks l JOIN accounts a ON a.key = l.key"
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

    private synchronized String hash(String name) throws IOException {
        try (PreparedStatement q = db.prepareStatement("SELECT hash FROM accounts WHERE key = ?")) {
            q.setString(1, Names.key(name));
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    @Override
    public Outcome add(String name, String password, Role role) throws IOException {
        String shown = Names.normalize(name);
        String problem = Names.problem(shown);
        if (problem != null) return new Outcome(ErrorCode.NAME_INVALID, problem);
        String hash = PasswordHash.of(password);
        synchronized (this) {
            try {
                return inTransaction(() -> {
                    Optional<Account> same = firstOf("SELECT name, role FROM accounts WHERE key = ?", Names.key(shown));
                    if (same.isPresent()) {
                        return new Outcome(ErrorCode.ALREADY_REGISTERED, same.get().name() + " is registered already");
                    }
                    SortedSet<String> looks = Names.lookalikes(shown);
                    Optional<Account> like = lookalike(shown, looks);
                    if (like.isPresent()) {
                        return new Outcome(ErrorCode.NAME_CONFUSABLE, shown + " looks too much like " + like.get().name()
                                + ", a registered name");
                    }
                    try (PreparedStatement a = db.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, ?)");
                            PreparedStatement l = db.prepareStatement("INSERT INTO looks VALUES (?, ?)")) {
                        a.setString(1, Names.key(shown));
                        a.setString(2, shown);
                        a.setString(3, role.wire());
                        a.setString(4, hash);
                        a.setString(5, Instant.now().toString());
                        a.executeUpdate();
                        for (String look : looks) {
                            l.setString(1, look);
                            l.setString(2, Names.key(shown));
                            l.executeUpdate();
                        }
                    }
                    return Outcome.DONE;
                });
            } catch (SQLException e) {
                throw trouble("write", e);
            }
        }
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
    public synchronized boolean remove(String name) throws IOException {
        try {
            return inTransaction(() -> {
                try (PreparedStatement l = db.prepareStatement("DELETE FROM looks WHERE key = ?");
                        PreparedStatement a = db.prepareStatement("DELETE FROM accounts WHERE key = ?")) {
                    l.setString(1, Names.key(name));
                    l.executeUpdate();
                    a.setString(1, Names.key(name));
                    return a.executeUpdate() > 0;
                }
            });
        } catch (SQLException e) {
            throw trouble("write", e);
        }
    }

    @Override
    public synchronized List<Account> list() throws IOException {
        try (PreparedStatement q = db.prepareStatement("SELECT name, role FROM accounts ORDER BY key");
                ResultSet r = q.executeQuery()) {
            List<Account> all = new ArrayList<>();
            while (r.next()) all.add(account(r));
            return all;
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    @Override
    public synchronized boolean any() throws IOException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM accounts)")) {
            return r.next() && r.getInt(1) == 1;
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    @Override
    public Sanctions sanctions() {
        return this;
    }

    @Override
    public synchronized List<Sanction> kept() throws IOException {
        return sanctionsFrom("SELECT action, target, by, reason, at, until FROM sanctions ORDER BY at");
    }

    @Override
    public synchronized List<Sanction> actions() throws IOException {
        return sanctionsFrom("SELECT action, target, by, reason, at, until FROM moderation ORDER BY id");
    }

    @Override
    public synchronized void record(Sanction act) throws IOException {
        try {
            inTransaction(() -> {
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
        } catch (SQLException e) {
            throw trouble("write", e);
        }
    }

    private static void bind(PreparedStatement p, int from, Sanction act) throws SQLException {
        p.setString(from, act.action().wire());
        p.setString(from + 1, act.target());
        p.setString(from + 2, act.by());
        p.setString(from + 3, act.reason());
        p.setString(from + 4, act.at().toString());
        p.setString(from + 5, act.until() == null ? null : act.until().toString());
    }

    private List<Sanction> sanctionsFrom(String sql) throws IOException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<Sanction> all = new ArrayList<>();
            while (r.next()) {
                String until = r.getString(6);
                all.add(new Sanction(Sanction.Action.fromWire(r.getString(1)), r.getString(2), r.getString(3),
                        r.getString(4), Instant.parse(r.getString(5)), until == null ? null : Instant.parse(until)));
            }
            return all;
        } catch (SQLException e) {
            throw trouble("read", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private synchronized boolean update(String sql, String value, String key) throws IOException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            u.setString(1, value);
            u.setString(2, key);
            return u.executeUpdate() > 0;
        } catch (SQLException e) {
            throw trouble("write", e);
        }
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
        return new Account(r.getString(1), Role.account(r.getString(2)));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
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
