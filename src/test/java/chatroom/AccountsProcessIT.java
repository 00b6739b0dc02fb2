package chatroom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.BareSocketClient;
import chatroom.testing.Launcher;
import chatroom.testing.ProcessRunner;
import chatroom.testing.StartedProcesses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts as an admin and a script use them, on the packaged jar: {@code chatroom
 * account add} with the password on stdin, a server, the Chatter signing in with
 * {@code CHATROOM_PASSWORD}, a guest registering with {@code /register}, a wrong guess at
 * the plain door; then no file the server or the Chatters wrote, and nothing they
 * printed, holds either password.
 */
@Timeout(value = 90, unit = SECONDS)
class AccountsProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TA_PASSWORD = "Heron-pebble-7731";
    private static final String BOB_PASSWORD = "Walrus-quince-2208";

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    @BeforeAll
    static void jarIsPackaged() {
        Launcher.requirePackagedJar();
    }


    private ProcessRunner run(String name, Map<String, String> env, String... args) {
        ProcessRunner p = Launcher.chatroom(name, tmp, env, args);
        started.add(p);
        return p;
    }

    @Test
    void aTaSignsInAGuestRegistersAndNoPasswordIsWrittenAnywhere() throws IOException {
        String data = tmp.resolve("data").toString();
        ProcessRunner add = run("account", Map.of(), "account", "add", "ta", "--role", "admin", "--data-dir", data);
        add.send(TA_PASSWORD);
        add.closeStdin();
        assertThat(add.awaitExit(WAIT)).isZero();
        assertThat(add.stdoutLines()).containsExactly("added ta (admin)");

        ProcessRunner server = run("server", Map.of(), "server", "--port", "0", "--no-web", "--no-irc", "--data-dir", data);
        int port = Launcher.port(server, WAIT);
        String logs = tmp.resolve("logs").toString();
        ProcessRunner ta = run("ta", Map.of("CHATROOM_PASSWORD", TA_PASSWORD), "client", "ta", "--port",
                Integer.toString(port), "--log-dir", logs);
        ta.awaitLine(Pattern.quote("* welcome ta, 1 online: ta"), WAIT);
        ProcessRunner bob = run("bob", Map.of(), "client", "bob", "--port", Integer.toString(port), "--log-dir", logs);
        bob.awaitLine(Pattern.quote("* welcome bob, 2 online: bob, ta"), WAIT);
        bob.send("/register " + BOB_PASSWORD);
        bob.awaitLine(Pattern.quote("* you registered bob; from now on it takes your password"), WAIT);
        bob.send("/who");
        bob.awaitLine(Pattern.quote("* in #lobby (2): bob, ta (admin)"), WAIT);

        try (BareSocketClient guesser = new BareSocketClient("guesser", port)) {
            guesser.sendWithoutNewline("TA\n");
            guesser.awaitLine(Pattern.quote("! password-required: TA is registered; send its password"), WAIT);
            guesser.sendWithoutNewline(BOB_PASSWORD + "\n");
            guesser.awaitLine(Pattern.quote("! password-wrong: that is not the password of TA; try again"), WAIT);
        }

        bob.closeStdin();
        assertThat(bob.awaitExit(WAIT)).isZero();
        ta.closeStdin();
        assertThat(ta.awaitExit(WAIT)).isZero();
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isZero();

        List<Path> files;
        try (Stream<Path> all = Files.walk(tmp)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("accounts.db", "history.db", "ta.log", "bob.log");
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(TA_PASSWORD).doesNotContain(BOB_PASSWORD);
        }
        for (ProcessRunner p : List.of(add, server, ta, bob)) {
            assertThat(String.join("\n", p.stdoutLines()) + String.join("\n", p.stderrLines())).as(p.name())
                    .doesNotContain(TA_PASSWORD).doesNotContain(BOB_PASSWORD);
        }
        assertThat(String.join("\n", server.stdoutLines())).contains("ACCOUNT REGISTER bob", "password-wrong");
    }

    /** An address of this machine that is not loopback, or a skipped test when it has none. */
    private static InetAddress notLoopback() throws IOException {
        for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
            if (!i.isUp() || i.isLoopback()) continue;
            for (InetAddress a : i.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a;
            }
        }
        Assumptions.abort("this machine has no IPv4 address but loopback, so no server can be elsewhere");
        return null;
    }

    @Test
    void theChatterSendsNoPasswordInClearTextToAServerElsewhereUnlessAllowed() throws IOException {
        String data = tmp.resolve("data").toString();
        ProcessRunner add = run("account", Map.of(), "account", "add", "ta", "--data-dir", data);
        add.send(TA_PASSWORD);
        add.closeStdin();
        assertThat(add.awaitExit(WAIT)).isZero();
        String host = notLoopback().getHostAddress();
        ProcessRunner server = run("server", Map.of(), "server", "--host", host, "--port", "0", "--no-web", "--data-dir", data);
        Matcher listening = Pattern.compile("listening on " + Pattern.quote(host) + ":(\\d+).*").matcher(server.nextLine(WAIT));
        assertThat(listening.matches()).isTrue();
        String port = listening.group(1);
        String logs = tmp.resolve("logs").toString();

        ProcessRunner refused = run("refused", Map.of("CHATROOM_PASSWORD", TA_PASSWORD), "client", "ta", "--host", host,
                "--port", port, "--log-dir", logs);
        assertThat(refused.awaitExit(WAIT)).isEqualTo(1);
        assertThat(refused.stderrLines()).containsExactly("chatroom: ta is registered; its password is not sent in clear text to "
                + host + ":" + port + ", which is not this machine: connect with --tls or --tls-ca FILE, or add"
                + " --allow-clear-password to send it anyway");
        assertThat(refused.stdoutLines()).isEmpty();

        // A guest needs no password and joins as before; one who tries to /register is told, and stays.
        ProcessRunner guest = run("guest", Map.of(), "client", "gus", "--host", host, "--port", port, "--log-dir", logs);
        guest.awaitLine(Pattern.quote("* welcome gus, 1 online: gus"), WAIT);
        guest.send("/register " + BOB_PASSWORD);
        guest.awaitLine(Pattern.quote("! clear-password: a new password is not sent in clear text to " + host + ":" + port
                + ", which is not this machine: connect with --tls or --tls-ca FILE, or add --allow-clear-password to send"
                + " it anyway; nothing was sent"), WAIT);

        ProcessRunner allowed = run("allowed", Map.of("CHATROOM_PASSWORD", TA_PASSWORD), "client", "ta", "--host", host,
                "--port", port, "--log-dir", logs, "--allow-clear-password");
        allowed.awaitLine(Pattern.quote("* welcome ta, 2 online: gus, ta"), WAIT);
        allowed.closeStdin();
        assertThat(allowed.awaitExit(WAIT)).isZero();
        guest.closeStdin();
        assertThat(guest.awaitExit(WAIT)).isZero();
        server.terminate();
        assertThat(server.awaitExit(WAIT)).isZero();
        // The server never saw the refused Chatter try a password, nor the guest's new one.
        assertThat(String.join("\n", server.stdoutLines())).doesNotContain("password-wrong").doesNotContain("ACCOUNT REGISTER");
    }
}
