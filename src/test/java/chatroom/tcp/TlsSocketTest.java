package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import chatroom.tls.TestKeys;
import chatroom.tls.TlsTestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS port (--tls-cert, --tls-key): the same chat as the clear port, only over TLS 1.2 or 1.3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsSocketTest {
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
    void aJsonClientOverTlsChatsWithAPlainClientOnTheClearPort() throws IOException {
        SSLSocket socket = tls.keys.connect(tls.tlsPort);
        JsonClient ana = tls.server.closesWithServer(JsonClient.over(socket, "ana"));
        ana.hello("ana", "h1");
        ana.awaitEvent(chatroom.chat.Event.Welcome.class, w -> "h1".equals(w.replyTo()));
        PlainClient bo = tls.server.plain("bo");

        ana.say("hello from TLS", "s1");
        bo.awaitStamped("ana: hello from TLS");
        bo.send("hello from the clear port");
        RoomMessage heard = ana.awaitEvent(RoomMessage.class, m -> m.from().equals("bo"));

        assertThat(heard.text()).isEqualTo("hello from the clear port");
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aPersonAtAPlainTlsClientIsPromptedAndJoins() throws IOException {
        PlainClient cy = tls.server.closesWithServer(PlainClient.over(tls.keys.connect(tls.tlsPort), "cy"));

        cy.awaitExactly("* chatroom: type your name and press Enter");
        cy.send("cy");
        cy.awaitExactly("* welcome cy, 1 online: cy");
    }

    @Test
    void tls12IsSpokenWithAForwardSecretAeadSuiteAndCbcSuitesAreRefused() throws IOException {
        try (SSLSocket tls12 = tls.keys.connect(tls.tlsPort, "TLSv1.2")) {
            assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.getSession().getCipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "CHACHA20");
        }

        SSLSocket cbcOnly = (SSLSocket) tls.keys.trustingContext().getSocketFactory().createSocket();
        cbcOnly.connect(tls.tlsPort, 10_000);
        cbcOnly.setEnabledProtocols(new String[] {"TLSv1.2"});
        cbcOnly.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
        cbcOnly.setSoTimeout(10_000);
        assertThatThrownBy(cbcOnly::startHandshake).isInstanceOf(SSLHandshakeException.class);
        cbcOnly.close();
    }

    /**
     * The JDK's own client no longer offers TLS 1.1, so the hello is written here: a TLS 1.1
     * ClientHello (version 3.2) with two suites a TLS 1.1 server would take. The server must
     * answer with a fatal protocol_version alert, never a ServerHello.
     */
    @Test
    void aTls11HelloIsAnsweredWithAProtocolVersionAlert() throws IOException {
        try (Socket raw = TestKeys.plainSocket(tls.tlsPort)) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(tls11ClientHello());
            raw.getOutputStream().flush();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            byte[] record = new byte[7];
            in.readFully(record);

            assertThat(record[0]).as("record type: 21 is an alert, 22 would be a ServerHello").isEqualTo((byte) 21);
            assertThat(record[5]).as("alert level: fatal").isEqualTo((byte) 2);
            assertThat(record[6]).as("alert description: protocol_version").isEqualTo((byte) 70);
        }
    }

    @Test
    void aClientThatSpeaksNoTlsIsClosedWithoutJoiningAnyone() throws IOException {
        PlainClient lost = tls.server.closesWithServer(PlainClient.over(TestKeys.plainSocket(tls.tlsPort), "lost"));
        lost.send("mallory");

        lost.awaitEnd();
        // What it got was a TLS alert, bytes no chat line is made of.
        assertThat(lost.seen()).noneMatch(l -> l.contains("welcome") || l.contains("chatroom") || l.contains("mallory"));
        assertThat(tls.server.onlineCount()).isZero();
    }

    @Test
    void aRenewedCertificateIsServedFromTheNextConnectionWhileOpenOnesCarryOn() throws IOException {
        List<String> told = new CopyOnWriteArrayList<>();
        tls.serverKeys.watch(Duration.ofMillis(50), told::add);
        PlainClient early = tls.server.closesWithServer(PlainClient.over(tls.keys.connect(tls.tlsPort), "early"));
        early.send("early");
        early.awaitExactly("* welcome early, 1 online: early");

        TestKeys renewed = TestKeys.write(tls.keys.certFile.getParent(), "127.0.0.1");
        assertThat(renewed.fingerprint()).isNotEqualTo(tls.keys.fingerprint());

        // Until the watcher has seen the change the old certificate is served, which the renewed
        // trust refuses in the handshake: that is a try to repeat, not a failure.
        await("the renewed certificate on a new connection").atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(SSLException.class).untilAsserted(() -> {
            try (SSLSocket next = renewed.connect(tls.tlsPort)) {
                assertThat(TestKeys.served(next)).isEqualTo(renewed.certificate);
            }
        });
        assertThat(told).anyMatch(l -> l.startsWith("TLS certificate reloaded after a change to") && l.contains(renewed.fingerprint()));
        early.send("still here");
        early.awaitStamped("early: still here");
    }

    @Test
    void aBrokenRenewalKeepsThePreviousCertificateAndSaysWhy() throws IOException {
        List<String> told = new CopyOnWriteArrayList<>();
        tls.serverKeys.watch(Duration.ofMillis(50), told::add);

        Files.writeString(tls.keys.certFile, "not a certificate\n", StandardCharsets.US_ASCII);

        await("a word about the failed reload").atMost(Duration.ofSeconds(20))
                .until(() -> told.stream().anyMatch(l -> l.startsWith("TLS certificate not reloaded")));
        assertThat(told).anySatisfy(l -> assertThat(l).contains("still serving the previous one")
                .contains(tls.keys.certFile + " holds no PEM certificate"));
        try (SSLSocket next = tls.keys.connect(tls.tlsPort)) {
            assertThat(TestKeys.served(next)).isEqualTo(tls.keys.certificate);
        }
    }

    @Test
    void aConnectionOverTheLimitIsToldWhyInsideTls() throws IOException {
        try (TestServer limited = TestServer.start(dir.resolve("limited"), Limits.DEFAULTS.withMaxConnections(100, 1))) {
            InetSocketAddress port = limited.startTls(tls.serverKeys, Limits.DEFAULTS.withMaxConnections(100, 1));
            PlainClient first = limited.closesWithServer(PlainClient.over(tls.keys.connect(port), "first"));
            first.send("first");
            first.awaitExactly("* welcome first, 1 online: first");

            PlainClient second = limited.closesWithServer(PlainClient.over(tls.keys.connect(port), "second"));

            second.awaitExactly("! too-many-from-address: 127.0.0.1 already has 1 connection (the limit)");
            second.awaitEnd();
        }
    }

    /** Record header, then a ClientHello with client_version 3.2 and no extensions, which TLS 1.1 allows. */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(2); // client_version TLS 1.1
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x13, 0x00, 0x2f}); // ECDHE_RSA and RSA with AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 2, 0, (byte) (hello.length + 4)});
        record.writeBytes(new byte[] {1, 0, 0, (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
