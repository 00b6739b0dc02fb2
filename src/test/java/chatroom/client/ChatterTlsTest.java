package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import chatroom.tls.ClientTrust;
import chatroom.tls.ServerKeys;
import chatroom.tls.TestKeys;
import chatroom.tls.TlsTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Chatter with --tls-ca: joins over TLS a server it believes, and will not talk to one it does not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatterTlsTest {
    private static final Clock CLOCK = Clock.system(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** The server, its clear and TLS ports, and the certificate made for it. */
    private TlsTestServer tls;

    @BeforeEach
    void startServer() throws IOException {
        tls = TlsTestServer.start(dir);
    }

    @AfterEach
    void stopServer() {
        tls.close();
    }

    @Test
    void withTheServersCertificateTheChatterJoinsOverTlsAndChatsWithTheClearPort() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        Chatter chatter = new Chatter("127.0.0.1", tls.tlsPort.getPort(), ClientTrust.from(tls.keys.certFile), dir.resolve("logs"), screen, CLOCK);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> chatter.run("ana"));
        await().until(() -> screen.shown.contains("* welcome ana, 1 online: ana"));
        PlainClient bo = tls.server.plain("bo");

        screen.typed.add("hi bo, this went over TLS");
        bo.awaitStamped("ana: hi bo, this went over TLS");
        bo.send("hi ana");
        await().until(() -> screen.shown.stream().anyMatch(l -> l.endsWith("bo: hi ana")));

        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aServerWithAnotherCertificateEndsTheChatterWithExitOneBeforeAnythingIsSent() throws Exception {
        TestKeys stranger = TestKeys.write(dir.resolve("other-tls"), "127.0.0.1");
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true); // even one that would reconnect
        Chatter chatter = new Chatter("127.0.0.1", tls.tlsPort.getPort(), ClientTrust.from(stranger.certFile), dir.resolve("logs"), screen, CLOCK);

        assertThat(CompletableFuture.supplyAsync(() -> chatter.run("ana")).get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(screen.shown).isEmpty();
        assertThat(tls.server.onlineCount()).isZero();
        assertThat(dir.resolve("logs")).doesNotExist(); // no transcript: nothing happened
        assertThat(tls.server.logLines()).noneMatch(l -> l.contains("ana"));
    }

    @Test
    void aChatterReconnectingToAServerThatCameBackWithAnotherCertificateStopsInsteadOfJoiningIt() throws Exception {
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true); // at a terminal: it reconnects
        Chatter chatter = new Chatter("127.0.0.1", tls.tlsPort.getPort(), ClientTrust.from(tls.keys.certFile), dir.resolve("logs"), screen, CLOCK);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> chatter.run("ana"));
        await().until(() -> screen.shown.contains("* welcome ana, 1 online: ana"));

        tls.close();
        await().until(() -> screen.shown.stream().anyMatch(l -> l.contains("reconnecting")));
        TestKeys impostor = TestKeys.write(dir.resolve("impostor-tls"), "127.0.0.1");
        try (ServerKeys impostorKeys = impostor.serverKeys(); TestServer other = TestServer.start(dir.resolve("impostor-data"))) {
            other.startTls(impostorKeys, chatroom.chat.Limits.DEFAULTS, tls.tlsPort.getPort());

            assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(screen.shown).last().asString().isEqualTo("! tls-untrusted: will not talk to the server at 127.0.0.1:"
                    + tls.tlsPort.getPort() + ": its certificate is not signed by any of the certificates in " + tls.keys.certFile
                    + " (for a server with a self-signed certificate, give that certificate with --tls-ca FILE)");
            assertThat(other.logLines()).noneMatch(l -> l.contains("ana"));
        }
    }

    @Test
    void anUntrustedCertificateIsOneLineThatSaysWhyAndWhatToDo() throws IOException {
        TestKeys stranger = TestKeys.write(dir.resolve("other-tls"), "127.0.0.1");
        ClientTrust trust = ClientTrust.from(stranger.certFile);

        assertThatThrownBy(() -> trust.open(connected(tls.tlsPort), "127.0.0.1", 10_000))
                .isInstanceOf(ClientTrust.Untrusted.class)
                .hasMessage("will not talk to the server at 127.0.0.1:" + tls.tlsPort.getPort() + ": its certificate is not signed by any of"
                        + " the certificates in " + stranger.certFile
                        + " (for a server with a self-signed certificate, give that certificate with --tls-ca FILE)")
                .message().doesNotContain("\n");
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenWhenItIsTheTrustedOne() throws IOException {
        ClientTrust trust = ClientTrust.from(tls.keys.certFile); // for 127.0.0.1 only

        assertThatThrownBy(() -> trust.open(connected(tls.tlsPort), "localhost", 10_000))
                .isInstanceOf(ClientTrust.Untrusted.class)
                .hasMessageContaining("its certificate is not for that name or address");
    }

    @Test
    void theClearPortIsRecognisedAsNotSpeakingTls() throws IOException {
        ClientTrust trust = ClientTrust.from(tls.keys.certFile);

        assertThatThrownBy(() -> trust.open(connected(tls.server.address()), "127.0.0.1", 10_000))
                .isInstanceOf(ClientTrust.Untrusted.class)
                .hasMessageContaining("it does not speak TLS on that port");
    }

    @Test
    void aTlsCaFileThatHoldsNoCertificateIsAClearError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello\n");

        assertThatThrownBy(() -> ClientTrust.from(notPem)).hasMessage(notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    private static Socket connected(InetSocketAddress to) throws IOException {
        return TestKeys.plainSocket(to);
    }
}
