package chatroom;

import chatroom.accounts.AccountCommand;
import chatroom.bench.BenchCommand;
import chatroom.cli.Version;
import chatroom.cluster.RedisAccounts;
import chatroom.cluster.RedisHistoryStore;
import chatroom.client.ClientCommand;
import chatroom.history.HistoryCommand;
import chatroom.tls.TlsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chatroom server …}, {@code chatroom client NAME …}, {@code chatroom bench …}, {@code chatroom history …}, {@code chatroom account …} or {@code chatroom tls …}. */
@Command(name = "chatroom", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A chat room: one server (the Manager), many terminal clients (Chatters).",
        subcommands = {ServerCommand.class, ClientCommand.class, BenchCommand.class, HistoryCommand.class, AccountCommand.class,
                TlsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Exit codes: 0 success, 2 usage error, 1 runtime failure. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                // chatroom history --cluster reads the cluster's Redis through its engine's store.
                if (type == HistoryCommand.class) return type.cast(new HistoryCommand(RedisHistoryStore::open));
                // chatroom account --cluster: the accounts every server of a cluster shares.
                if (type == AccountCommand.class) return type.cast(new AccountCommand(RedisAccounts::open));
                return CommandLine.defaultFactory().create(type);
            }
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("chatroom: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "say 'server', 'client NAME', 'bench', 'history', 'account' or 'tls' (see --help)");
    }
}
