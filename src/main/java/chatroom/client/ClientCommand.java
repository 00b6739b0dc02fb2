package chatroom.client;

import chatroom.cli.Endpoint;
import chatroom.cli.Version;
import chatroom.protocol.PlainFormat;
import chatroom.tls.ClientTrust;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chatroom client NAME}: joins a server as NAME. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Join a chat server as NAME (the Chatter). Type /help once joined.", sortOptions = false)
public final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "the name to join as (1-32 letters, digits, _ - .)")
    String name;

    @Mixin
    Endpoint endpoint;

    @Option(names = "--log-dir", defaultValue = "./chatroom-logs", description = "where the transcript goes (default: ${DEFAULT-VALUE})")
    Path logDir;

    @Option(names = "--plain", description = "plain lines even at a terminal: no line editing, no colours, no reconnecting")
    boolean plainMode;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "the password of a registered NAME, the first line of FILE (for scripts; else CHATROOM_PASSWORD, else asked without echo)")
    Path passwordFile;

    /** The environment variable a script may give the password in. */
    static final String PASSWORD_VARIABLE = "CHATROOM_PASSWORD";

    @Option(names = "--tls", description = "connect with TLS to the server's TLS port (8443 unless --port says otherwise),"
            + " believing certificates signed by the certificate authorities the JDK trusts")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "connect with TLS, believing only the certificates in this PEM file:"
            + " a server's self-signed certificate, or a private certificate authority's (implies --tls)")
    Path tlsCa;

    @Option(names = "--allow-clear-password", description = "send a password (signing in, /register, /password) over a clear"
            + " connection to a server that is not on this machine; without it the Chatter refuses, since anyone on the"
            + " network could read it")
    boolean allowClearPassword;

    @Spec
    CommandSpec spec;

    /** The server's TLS port when --port is not given. */
    static final int TLS_PORT = 8443;

    @Override
    public Integer call() throws IOException {
        String password;
        try {
            password = password(passwordFile, System.getenv(PASSWORD_VARIABLE));
        } catch (IOException e) {
            System.err.println("chatroom: cannot read the password file " + passwordFile + " (" + e.getMessage() + ")");
            return 2;
        }
        ClientTrust trust = null;
        if (tls || tlsCa != null) {
            try {
                trust = tlsCa == null ? ClientTrust.jdkDefaults() : ClientTrust.from(tlsCa);
            } catch (IOException e) {
                System.err.println("chatroom: cannot use --tls-ca: " + e.getMessage());
                return 1;
            }
        }
        int port = trust != null && !spec.commandLine().getParseResult().hasMatchedOption("--port") ? TLS_PORT : endpoint.port;
        Clock clock = Clock.systemDefaultZone();
        Screen screen = plainMode || !atTerminal()
                ? new PlainScreen(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8), new PlainFormat(clock.getZone()))
                : new TerminalScreen(clock.getZone());
        return new Chatter(endpoint.host, port, trust, logDir, screen, clock, password, allowClearPassword).run(name);
    }

    /** The first line of {@code file} when there is one, else {@code variable}'s value (null when unset or empty). */
    static String password(Path file, String variable) throws IOException {
        if (file != null) {
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) throw new IOException("its first line is empty");
            return first;
        }
        return variable == null || variable.isEmpty() ? null : variable;
    }

    /**
     * Both stdin and stdout are a terminal. Up to Java 21 System.console() says exactly
     * that; from 22 on it may exist without a terminal, and isTerminal() tells.
     */
    private static boolean atTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
