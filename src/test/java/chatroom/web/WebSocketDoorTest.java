package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Event.WhoList;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebSocketClient;
import chatroom.testing.WebTestServer;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket itself, without a browser: the same frames as the TCP door, its origin rule and limits. */
@Timeout(60)
class WebSocketDoorTest {
    @TempDir
    Path tmp;

    private static String hello(String name) {
        return "{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"id\":\"h\"}";
    }

    /** A WebSocket client that said hello as {@code name} (sending {@code origin}, or none) and was welcomed. */
    private static WebSocketClient joined(WebTestServer server, String name, String origin) {
        WebSocketClient web = WebSocketClient.connect(server.socket(), origin);
        web.send(hello(name));
        web.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
        return web;
    }

    @Test
    void aServerGivenWebPeersNamesThemToThePageAndLetsItsPageConnectToThemOnly() throws Exception {
        WebPolicy policy = new WebPolicy(OriginRule.sameOrigin(), HostRule.machineOnly(), WebPolicy.DEFAULT_HTTP_IDLE,
                WebPeers.parse(java.util.List.of("http://127.0.0.1:9102", "https://chat-b.example")));
        try (WebTestServer server = WebTestServer.start(tmp, chatroom.chat.Limits.DEFAULTS, 0, 0, policy)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var peers = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page() + "peers.json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(peers.statusCode()).isEqualTo(200);
            assertThat(peers.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(peers.body()).isEqualTo("{\"peers\":[\"http://127.0.0.1:9102\",\"https://chat-b.example\"]}");
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("connect-src 'self' ws://127.0.0.1:9102 wss://chat-b.example;", "default-src 'self'"));
        }
        try (WebTestServer alone = WebTestServer.start(tmp.resolve("alone"))) {
            var none = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(alone.page() + "peers.json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(none.body()).as("without --web-peers").isEqualTo("{\"peers\":[]}");
        }
    }

    @Test
    void pageAndItsModulesComeFromTheJarUnderAStrictContentSecurityPolicy() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>").doesNotContain("http://", "https://");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'self'", "connect-src 'self'", "object-src 'none'"));
            var script = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page() + "js/main.js")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        }
    }

    @Test
    void pageIsRevalidatedByItsETagAndNothingOutsideTheWebFolderIsServed() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var css = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page() + "chat.css")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/css"));
            String etag = css.headers().firstValue("ETag").orElseThrow();
            var again = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page() + "chat.css"))
                    .header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(304);
            for (String outside : List.of("simplelogger.properties", "chatroom/Main.class", "web/index.html", "js/")) {
                var refused = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.page() + outside)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(outside).isEqualTo(404);
            }
        }
    }

    @Test
    void webSocketSpeaksTheSameFramesAsTheTcpDoorToTheSameRoom() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp);
             WebSocketClient web = WebSocketClient.connect(server.socket(), null)) {
            JsonClient tcp = server.json("bob");
            web.send(hello("alice"));
            Welcome welcome = web.awaitEvent(Welcome.class, w -> "h".equals(w.replyTo()));
            assertThat(welcome.online()).containsExactly("alice", "bob");

            web.send("{\"type\":\"say\",\"text\":\"hi bob\",\"id\":\"1\"}");
            web.awaitEvent(Accepted.class, a -> "1".equals(a.replyTo()));
            assertThat(tcp.awaitEvent(RoomMessage.class).text()).isEqualTo("hi bob");
            tcp.say("hi alice", "2");
            assertThat(web.awaitEvent(RoomMessage.class, m -> m.from().equals("bob")).text()).isEqualTo("hi alice");
            String frame = web.seen().stream().filter(f -> f.contains("hi alice")).findFirst().orElseThrow();
            assertThat(frame).startsWith("{\"type\":\"message\"").doesNotEndWith("\n");

            web.send("{\"type\":\"quit\",\"id\":\"q\"}");
            assertThat(tcp.awaitEvent(Left.class).reason()).isEqualTo(LeaveReason.QUIT);
            assertThat(web.awaitClosed(Duration.ofSeconds(10))).isEqualTo(1000);
        }
    }

    @Test
    void typedLinesAreReadByTheServerAsThePlainDoorReadsThem() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp);
             WebSocketClient web = joined(server, "alice", null)) {
            JsonClient tcp = server.json("bob");
            web.send("{\"type\":\"line\",\"text\":\"/who\",\"id\":\"w\"}");
            assertThat(web.awaitEvent(WhoList.class, w -> "w".equals(w.replyTo())).names()).containsExactly("alice", "bob");
            web.send("{\"type\":\"line\",\"text\":\"@bob  two spaces kept\",\"id\":\"t\"}");
            assertThat(tcp.awaitEvent(PrivateMessage.class).text()).isEqualTo(" two spaces kept");
            web.send("{\"type\":\"line\",\"text\":\"/nope\",\"id\":\"n\"}");
            assertThat(web.awaitEvent(Refused.class, r -> "n".equals(r.replyTo())).code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        }
    }

    @Test
    void frameOverTheLineLimitIsRefusedAndTheSocketCarriesOn() throws Exception {
        Limits limits = Limits.DEFAULTS.withMaxLineBytes(1024);
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, OriginRule.sameOrigin());
             WebSocketClient web = joined(server, "alice", null)) {
            web.send("{\"type\":\"say\",\"text\":\"" + "x".repeat(2000) + "\",\"id\":\"big\"}");
            Refused refused = web.awaitEvent(Refused.class, r -> true);
            assertThat(refused.code()).isEqualTo(ErrorCode.LINE_TOO_LONG);
            web.send("{\"type\":\"say\",\"text\":\"still here\",\"id\":\"small\"}");
            assertThat(web.awaitEvent(RoomMessage.class, m -> true).text()).isEqualTo("still here");
        }
    }

    @Test
    void webSocketsCountWithTcpConnectionsAndOneOverTheLimitGetsOneFinalError() throws Exception {
        Limits limits = Limits.DEFAULTS.withMaxConnections(3, 2);
        String own = null;
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, OriginRule.sameOrigin())) {
            JsonClient tcp = server.json("terminal");
            try (WebSocketClient first = joined(server, "browser", own);
                 WebSocketClient second = WebSocketClient.connect(server.socket(), own)) {
                // Two connections from 127.0.0.1 already (one TCP, one WebSocket): the third is one too many from there.
                second.await(f -> f.contains("\"code\":\"too-many-from-address\"") && f.contains("\"final\":true"),
                        "the final too-many-from-address error");
                assertThat(second.awaitClosed(Duration.ofSeconds(10))).isEqualTo(1000);
            }
            tcp.quit("q");
            tcp.awaitEnd();
            // Both have gone: a WebSocket from the same address gets in again.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (WebSocketClient again = WebSocketClient.connect(server.socket(), own)) {
                    again.send(hello("again"));
                    return again.await(f -> f.contains("\"type\":\"welcome\"") || f.contains("too-many"), "an answer")
                            .contains("\"type\":\"welcome\"");
                }
            });
            assertThat(logLines()).anyMatch(l -> l.contains(" REJECT 127.0.0.1:") && l.contains(" too-many-from-address: "));
        }
    }

    @Test
    void aWebSocketThatSendsNoNameInTimeIsToldAndClosed() throws Exception {
        Limits limits = Limits.DEFAULTS.withNameTimeout(Duration.ofSeconds(1));
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, OriginRule.sameOrigin());
             WebSocketClient silent = WebSocketClient.connect(server.socket(), null)) {
            String goodbye = silent.await(f -> f.contains("\"code\":\"name-timeout\""), "the name-timeout error");
            assertThat(goodbye).contains("no name received within 1 s").contains("\"final\":true");
            assertThat(silent.awaitClosed(Duration.ofSeconds(10))).isEqualTo(1000);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> logLines().stream().anyMatch(l -> l.contains(" DISCONNECT ") && l.endsWith("(no name within 1 s)")));
        }
    }

    /** Keep-alive with 150 ms and 1.5 s, as the TCP door's test: long after the ping, so a busy machine answers in time. */
    private static final Limits QUICK_KEEP_ALIVE = Limits.DEFAULTS.withKeepAlive(Duration.ofMillis(150), Duration.ofMillis(1500));
    private static final String PING = "{\"type\":\"ping\"}";

    @Test
    void aQuietWebMemberIsPingedAndStaysAsLongAsItAnswers() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp, QUICK_KEEP_ALIVE, 0, 0, OriginRule.sameOrigin());
             WebSocketClient web = joined(server, "ann", null)) {
            long start = System.nanoTime();
            for (int i = 0; i < 12; i++) { // 12 rounds of 150 ms and more outlast the 1.5 s timeout
                web.await(PING::equals, "ping " + (i + 1));
                web.send("{\"type\":\"pong\"}");
            }
            long elapsed = System.nanoTime() - start;
            web.send("{\"type\":\"say\",\"text\":\"still here\",\"id\":\"s1\"}");

            web.awaitEvent(Accepted.class, a -> "s1".equals(a.replyTo()));
            assertThat(Duration.ofNanos(elapsed)).isGreaterThan(Duration.ofMillis(1500));
            assertThat(logLines()).noneMatch(line -> line.contains("timed out"));
        }
    }

    @Test
    void aSilentWebMemberIsPingedOnceThenTimedOutAndTheRoomIsTold() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp, QUICK_KEEP_ALIVE, 0, 0, OriginRule.sameOrigin())) {
            PlainClient bob = server.plain("bob"); // plain: never pinged, and quiet all along
            try (WebSocketClient ann = joined(server, "ann", null)) {
                bob.awaitStamped("* ann joined");

                String last = ann.await(f -> f.contains("\"final\":true"), "a final error");
                assertThat(ann.awaitClosed(Duration.ofSeconds(10))).isEqualTo(1000);
                bob.awaitStamped("* ann left (timed out)");

                assertThat(JsonClient.decode(last)).isEqualTo(new Closing(ErrorCode.TIMED_OUT,
                        "nothing heard from you for 1.5 s (answer the server's ping with a pong)"));
                assertThat(ann.seen()).filteredOn(PING::equals).hasSize(1); // one ping per silence
                assertThat(bob.seen()).noneMatch(line -> line.contains("ping"));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logLines().stream()
                        .anyMatch(l -> l.matches(".* LEAVE #lobby \\d+ ann \\(timed out\\) 127\\.0\\.0\\.1:\\d+")));
            }
        }
    }

    /** The server log's lines, all days. */
    private List<String> logLines() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(tmp)) {
            List<java.nio.file.Path> logs = files.filter(f -> f.getFileName().toString().matches("chatroom-.*\\.log")).sorted().toList();
            List<String> lines = new java.util.ArrayList<>();
            for (java.nio.file.Path f : logs) lines.addAll(java.nio.file.Files.readAllLines(f));
            return lines;
        }
    }

    @Test
    void socketOpenedFromAnotherSitesPageIsRefused() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            assertThatThrownBy(() -> WebSocketClient.connect(server.socket(), "http://evil.example"))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
            String own = "http://127.0.0.1:" + server.webAddress().getPort();
            try (WebSocketClient web = joined(server, "alice", own)) {
            }
        }
    }

    @Test
    void originOnTheAllowListMayOpenTheSocket() throws Exception {
        OriginRule rule = new OriginRule(List.of("https://chat.example.org"));
        try (WebTestServer server = WebTestServer.start(tmp, Limits.DEFAULTS, 0, 0, rule);
             WebSocketClient web = joined(server, "alice", "https://chat.example.org")) {
        }
    }

    @Test
    void browserThatStopsReadingIsDroppedAsTooSlowWhileTheRoomCarriesOn() throws Exception {
        Limits limits = TestLimits.with(Limits.DEFAULTS.maxLineBytes(), 65_536);
        try (WebTestServer server = WebTestServer.start(tmp, limits, 0, 0, OriginRule.sameOrigin());
             WebSocketClient stuck = WebSocketClient.connectNotReading(server.socket(), null)) {
            JsonClient talker = server.json("talker");
            stuck.send(hello("frozen"));
            talker.awaitAnyEvent(e -> e instanceof chatroom.chat.Event.Joined j && j.name().equals("frozen"), "frozen's join");
            String text = "y".repeat(4000);
            java.util.concurrent.CountDownLatch dropped = talker.whenSeen(l -> l.contains("\"left\"") && l.contains("\"frozen\""));
            // Far more than the socket buffers between the server and a client that reads nothing hold.
            for (int i = 0; i < 10_000 && dropped.getCount() > 0; i++) {
                talker.say(text, "m" + i);
                String id = "m" + i;
                if (i % 8 == 7) talker.awaitEvent(Accepted.class, a -> id.equals(a.replyTo())); // the talker itself keeps up
            }
            assertThat(dropped.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("frozen was dropped").isTrue();
            Left left = talker.seenEvents().stream().filter(e -> e instanceof Left l && l.name().equals("frozen"))
                    .map(Left.class::cast).findFirst().orElseThrow();
            assertThat(left.reason()).isEqualTo(LeaveReason.TOO_SLOW);
        }
    }

    /** Issue 12: searches through the web door spend the same budget as on TCP (--heavy-burst 10, 1 a second). */
    @Test
    void aSearchFloodOverTheWebSocketIsRefusedPastTheBurstWithARetryTime() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            WebSocketClient web = joined(server, "ann", null);
            for (int i = 1; i <= 15; i++) web.send("{\"type\":\"search\",\"text\":\"word\",\"id\":\"s" + i + "\"}");
            web.await(line -> line.contains("\"id\":\"s15\""), "the answer to the last search");

            List<String> refused = web.seen().stream().filter(l -> l.contains("\"code\":\"rate-limited\"")).toList();
            // Ten at once, and at most one more for the time the fifteen frames took to arrive.
            assertThat(refused).hasSizeBetween(4, 5).allSatisfy(l -> assertThat(l)
                    .contains("too many searches, history pages and room changes; retry in ").contains("\"retryAfterMs\":"));
            assertThat(web.seen()).filteredOn(l -> l.contains("\"type\":\"found\"")).hasSizeBetween(10, 11);
        }
    }
}
