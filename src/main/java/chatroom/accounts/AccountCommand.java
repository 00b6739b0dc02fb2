package chatroom.accounts;

import chatroom.chat.Account;
import chatroom.chat.Accounts;
import chatroom.chat.Role;
import chatroom.cli.Version;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code chatroom account …}: the accounts in a server's data directory, with the server
 * running or not (it reads them afresh at each sign-in); with {@code --cluster URL}, the
 * accounts every server of a cluster shares on its Redis (a server started with
 * {@code --cluster} reads those, never its own {@code accounts.db}). A password comes from standard
 * input (one line), or at a terminal is asked twice without echo; it is never an argument,
 * which other users could read in the process list. Exit code 0, 1 when the store cannot
 * be used or there is no such account, 2 for a usage error or an unfit password or name.
 */
@Command(name = "account", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Manage the accounts (registered names and their passwords) in the data directory.",
        subcommands = {AccountCommand.Add.class, AccountCommand.Passwd.class, AccountCommand.SetRole.class,
            AccountCommand.Remove.class, AccountCommand.ListAll.class})
public final class AccountCommand implements Runnable {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    /** Null: ask a terminal when there is one. Tests read from {@link #in} only. */
    private final Console console;
    private final ClusterAccounts clusterAccounts;

    /** Opens a cluster's accounts at an address: the command line knows the engine, this package does not. */
    public interface ClusterAccounts {
        /** The accounts, to be closed after use; throws IOException when the cluster cannot be reached. */
        Accounts open(String address) throws IOException;
    }

    public AccountCommand() {
        this(null);
    }

    /** With {@code --cluster} through {@code clusterAccounts}. */
    public AccountCommand(ClusterAccounts clusterAccounts) {
        this(System.in, System.out, System.err, terminal(), clusterAccounts);
    }

    /** For tests: the password is read from {@code in}, never from a terminal. */
    AccountCommand(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, null, null);
    }

    private AccountCommand(InputStream in, PrintStream out, PrintStream err, Console console, ClusterAccounts clusterAccounts) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.console = console;
        this.clusterAccounts = clusterAccounts;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "say add, passwd, role, remove or list (see --help)");
    }

    /** The console when standard input and output are a terminal (Java 22+ has a console even when they are not). */
    private static Console terminal() {
        Console c = System.console();
        if (c == null) return null;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c) ? c : null;
        } catch (ReflectiveOperationException e) {
            return c; // Java 21: a console exists only at a terminal
        }
    }

    /** Reads a new password: twice without echo at a terminal, else one line of standard input. Null (said why) when unfit. */
    String newPassword(String name) throws IOException {
        String password;
        if (console != null) {
            char[] first = console.readPassword("password for %s: ", name);
            char[] again = first == null ? null : console.readPassword("the same again: ");
            if (first == null || again == null) {
                err.println("chatroom: no password given");
                return null;
            }
            boolean same = Arrays.equals(first, again);
            password = new String(first);
            Arrays.fill(first, ' ');
            Arrays.fill(again, ' ');
            if (!same) {
                err.println("chatroom: the two passwords differ; nothing was changed");
                return null;
            }
        } else {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                err.println("chatroom: no password on standard input (one line)");
                return null;
            }
        }
        String problem = Accounts.passwordProblem(password);
        if (problem != null) {
            err.println("chatroom: " + problem + "; nothing was changed");
            return null;
        }
        return password;
    }

    /** What every subcommand shares: the data directory and the account store in it. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Option(names = "--data-dir", defaultValue = "./chatroom-data", description = "the server's data directory (default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--cluster", paramLabel = "URL",
                description = "the accounts of a cluster, on its Redis (redis://HOST:PORT[/DB], as the servers' --cluster) instead of --data-dir")
        String cluster;

        @Override
        public Integer call() throws Exception {
            if (cluster != null && parent.clusterAccounts == null) {
                parent.err.println("chatroom: --cluster is not available in this build");
                return 2;
            }
            Accounts accounts;
            try {
                accounts = cluster != null ? parent.clusterAccounts.open(cluster) : SqliteAccounts.open(dataDir);
            } catch (IllegalArgumentException e) {
                parent.err.println("chatroom: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                parent.err.println("chatroom: " + e.getMessage());
                return 1;
            }
            try {
                return on(accounts);
            } catch (IOException e) {
                parent.err.println("chatroom: " + e.getMessage());
                return 1;
            } finally {
                if (accounts instanceof AutoCloseable closing) closing.close();
            }
        }

        abstract int on(Accounts accounts) throws IOException;

        /** The registered role {@code wire} names, or null having said what the choices are. */
        Role role(String wire) {
            try {
                return Role.account(wire);
            } catch (IllegalArgumentException e) {
                parent.err.println("chatroom: " + e.getMessage());
                return null;
            }
        }

        int noSuch(String name) {
            parent.err.println("chatroom: there is no account " + name + " in " + (cluster != null ? "the cluster" : dataDir));
            return 1;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register NAME; its password is read from standard input, or asked twice at a terminal.")
    static final class Add extends Action {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member", description = "member, moderator or admin (default: ${DEFAULT-VALUE})")
        String role;

        @Override
        int on(Accounts accounts) throws IOException {
            Role r = role(role);
            if (r == null) return 2;
            String password = parent.newPassword(name);
            if (password == null) return 2;
            Accounts.Outcome outcome = accounts.add(name, password, r);
            if (!outcome.done()) {
                parent.err.println("chatroom: " + outcome.problem());
                return 2;
            }
            parent.out.println("added " + accounts.find(name).map(Account::name).orElse(name) + " (" + r.wire() + ")");
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Give NAME a new password, read as for add.")
    static final class Passwd extends Action {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int on(Accounts accounts) throws IOException {
            if (accounts.find(name).isEmpty()) return noSuch(name);
            String password = parent.newPassword(name);
            if (password == null) return 2;
            if (!accounts.password(name, password)) return noSuch(name);
            parent.out.println("the password of " + name + " is changed");
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Give NAME the role ROLE: member, moderator or admin.")
    static final class SetRole extends Action {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE")
        String role;

        @Override
        int on(Accounts accounts) throws IOException {
            Role r = role(role);
            if (r == null) return 2;
            if (!accounts.role(name, r)) return noSuch(name);
            parent.out.println(name + " is now " + r.wire());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the account NAME: the name is a guest's again.")
    static final class Remove extends Action {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int on(Accounts accounts) throws IOException {
            if (!accounts.remove(name)) return noSuch(name);
            parent.out.println("removed " + name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts and their roles, one a line.")
    static final class ListAll extends Action {
        @Override
        int on(Accounts accounts) throws IOException {
            for (Account a : accounts.list()) parent.out.println(a.name() + " " + a.role().wire());
            return 0;
        }
    }
}
