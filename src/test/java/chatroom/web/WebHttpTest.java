package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.testing.RawHttp;
import chatroom.testing.RawHttp.Response;
import chatroom.testing.WebSocketClient;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The web port as plain HTTP sees it, over bare sockets: what every answer carries and what it leaves behind (issue 12). */
@Timeout(60)
class WebHttpTest {
    @TempDir
    Path tmp;

    @Test
    void noAnswerStartsAnHttpSessionNeitherAnUpgradeNorARefusedOneNorThePage() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            Response upgraded = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH);
            assertThat(upgraded.status()).isEqualTo(101);
            assertThat(upgraded.headers()).as("the 101's headers").doesNotContainKey("set-cookie");

            Response refused = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH, "Origin: http://evil.example");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers()).as("the refused upgrade's headers").doesNotContainKey("set-cookie");

            Response page = RawHttp.get(server.webAddress(), "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers()).as("the page's headers").doesNotContainKey("set-cookie");
        }
    }

    private static String hello(String name) {
        return "{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"id\":\"h\"}";
    }

    private static void assertPlainWithThePagesSecurityHeaders(Response answer) {
        assertThat(answer.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(answer.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(answer.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(answer.header("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void aRebindingNameIsMisdirectedEvenWhenItsPageIsSameOriginWithIt() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            int port = server.webAddress().getPort();
            // A page from http://evil.example:PORT whose name now resolves to this server.
            Response socket = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH,
                    "Host: evil.example:" + port, "Origin: http://evil.example:" + port);
            assertThat(socket.status()).as("the rebinding page's upgrade").isEqualTo(421);
            assertThat(socket.body()).isEqualTo("421 Misdirected Request: this server does not serve the host evil.example; if that name is "
                    + "this server's (given by a proxy or DNS), start the server with --web-host evil.example\n");
            assertPlainWithThePagesSecurityHeaders(socket);
            assertThat(RawHttp.get(server.webAddress(), "/", "Host: evil.example:" + port).status()).as("the page").isEqualTo(421);

            for (String served : List.of("localhost:" + port, "LOCALHOST.:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
                assertThat(RawHttp.get(server.webAddress(), "/", "Host: " + served).status()).as(served).isEqualTo(200);
            }
            Response own = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH, "Host: localhost:" + port, "Origin: http://localhost:" + port);
            assertThat(own.status()).isEqualTo(101);
        }
    }

    @Test
    void aNameGivenWithWebHostOrWebOriginIsServed() throws Exception {
        WebPolicy policy = new WebPolicy(new OriginRule(List.of("https://chat.example.org")),
                new HostRule(List.of("proxy.example.net", "chat.example.org")), WebPolicy.DEFAULT_HTTP_IDLE);
        try (WebTestServer server = WebTestServer.start(tmp, Limits.DEFAULTS, 0, 0, policy)) {
            assertThat(RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH, "Host: proxy.example.net",
                    "Origin: http://proxy.example.net").status()).isEqualTo(101);
            assertThat(RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH, "Host: chat.example.org",
                    "Origin: https://chat.example.org").status()).isEqualTo(101);
            assertThat(RawHttp.get(server.webAddress(), "/", "Host: other.example.net").status()).isEqualTo(421);
        }
    }

    @Test
    void idleHttpConnectionsCountAgainstTheConnectionLimitsWithWebSockets() throws Exception {
        Limits limits = Limits.DEFAULTS.withMaxConnections(10, 2);
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, OriginRule.sameOrigin());
             RawHttp idle = new RawHttp(server.webAddress());
             RawHttp another = new RawHttp(server.webAddress())) {
            await().atMost(LIMIT_WAIT).until(() -> server.openConnections() == 2);

            try (WebSocketClient third = WebSocketClient.connect(server.socket(), null)) {
                third.await(f -> f.contains("\"code\":\"too-many-from-address\"") && f.contains("\"final\":true"),
                        "the final too-many-from-address error");
            }
            Response page = RawHttp.get(server.webAddress(), "/");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).isEqualTo("503 Service Unavailable: too-many-from-address: 127.0.0.1 already has 2 connections (the limit)\n");
            assertThat(page.header("Connection")).contains("close");
            assertPlainWithThePagesSecurityHeaders(page);
        }
    }

    @Test
    void anHttpConnectionLeftIdleIsClosedAndNoLongerCountedWhileAWebSocketOutlivesThatIdleTime() throws Exception {
        Limits limits = Limits.DEFAULTS.withMaxConnections(10, 1);
        WebPolicy policy = new WebPolicy(OriginRule.sameOrigin(), HostRule.machineOnly(), Duration.ofSeconds(1));
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, policy)) {
            try (RawHttp idle = new RawHttp(server.webAddress())) {
                await().atMost(LIMIT_WAIT).until(() -> server.openConnections() == 1);
                assertThat(idle.awaitClosedByServer()).as("an idle HTTP connection closed by the server").isTrue();
            }
            await().atMost(LIMIT_WAIT).until(() -> server.openConnections() == 0);
            try (WebSocketClient web = WebSocketClient.connect(server.socket(), null)) {
                web.send(hello("quiet"));
                web.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
                assertThat(web.awaitClosed(Duration.ofSeconds(3))).as("no close of the WebSocket within 3 s").isEqualTo(-2);
                web.send("{\"type\":\"line\",\"text\":\"/who\",\"id\":\"w\"}");
                web.await(f -> f.contains("\"type\":\"who\"") && f.contains("\"id\":\"w\""), "the answer to /who after 3 s of quiet");
            }
        }
    }

    @Test
    void errorAnswersArePlainTextUnderThePagesSecurityHeadersAndRepeatNothingOfTheRequest() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            Response missing = RawHttp.get(server.webAddress(), "/nothing%3Cb%3Ehere%3C/b%3E", "Accept: text/html");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("404 Not Found\n");
            assertPlainWithThePagesSecurityHeaders(missing);

            Response malformed = RawHttp.get(server.webAddress(), "/%ZZ<script>", "Accept: text/html");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body()).isEqualTo("400 Bad Request\n");
            assertPlainWithThePagesSecurityHeaders(malformed);
        }
    }

    private static final Duration LIMIT_WAIT = Duration.ofSeconds(10);
}
