package chatroom.testing;

import chatroom.accounts.SqliteAccounts;
import chatroom.chat.AccountRules;
import chatroom.chat.Accounts;
import chatroom.chat.HistoryStore;
import chatroom.chat.Issued;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Recorder;
import chatroom.chat.RoomLimits;
import chatroom.history.SqliteHistoryStore;
import chatroom.record.Console;
import chatroom.record.ServerLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The chat behind the doors, as {@code chatroom server} wires it: the server log, the
 * SQLite history store in the data directory and the Manager over both. Shared by the
 * test servers so that every door's tests run against the same store and room rules.
 */
final class ServerCore {
    final ServerLog log;
    final SqliteHistoryStore store;
    final Manager manager;
    final SqliteAccounts accounts;
    /** The account rules of every test server: accounts in the data directory, guests welcome, /register on. */
    static final Function<Accounts, AccountRules> OPEN = a -> new AccountRules(a, false, true);

    ServerCore(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms)
            throws IOException {
        this(dataDir, limits, clock, recorder, rooms, UnaryOperator.identity());
    }

    /** {@code wrapStore} stands between the chat and the real store, e.g. a {@link FaultyStore}. */
    ServerCore(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms,
            UnaryOperator<HistoryStore> wrapStore) throws IOException {
        this(dataDir, limits, clock, recorder, rooms, wrapStore, OPEN);
    }

    /** {@code rules} makes the account rules (--members-only, --no-registration) over the data directory's accounts. */
    ServerCore(Path dataDir, Limits limits, Clock clock, UnaryOperator<Recorder> recorder, RoomLimits rooms,
            UnaryOperator<HistoryStore> wrapStore, Function<Accounts, AccountRules> rules) throws IOException {
        this.log = new ServerLog(dataDir, TestServer.ZONE, new Console(System.out, true));
        this.store = SqliteHistoryStore.open(dataDir, false);
        // As chatroom server does: numbering goes on after what the earlier logs hold.
        this.accounts = SqliteAccounts.open(dataDir);
        this.manager = new Manager(clock, recorder.apply(log), limits, wrapStore.apply(store), rooms,
                Issued.fromLog(log::eachEarlierLine), rules.apply(accounts));
    }

    /** After the doors have closed, so nothing is appended to a closed store. */
    void close() {
        try {
            store.close();
            accounts.close();
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
