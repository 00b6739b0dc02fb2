package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page answers the server's keep-alive pings. With a ping after 150 ms of silence and
 * a timeout after 1.5 s, a WebSocket client that does not answer is dropped within 1.5 s
 * ({@link WebSocketDoorTest}); a quiet page stays for three times that, its own 25 s
 * pings far off.
 */
@Timeout(120)
class WebKeepAliveBrowserTest {
    private static final Duration TIMEOUT_AFTER = Duration.ofMillis(1500);

    @TempDir
    Path tmp;
    WebTestServer server;
    Browser browser;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (browser != null) browser.close();
    }

    @Test
    void aQuietPageAnswersTheServersPingsAndStaysInTheChat() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp, Limits.DEFAULTS.withKeepAlive(Duration.ofMillis(150), TIMEOUT_AFTER), 0, 0,
                OriginRule.sameOrigin());
        PlainClient watcher = server.plain("wes"); // plain: never pinged
        ChatPage page = new ChatPage(browser).open(server.page()).join("quinn");
        watcher.awaitStamped("* quinn joined");

        await().during(TIMEOUT_AFTER.multipliedBy(3)).atMost(TIMEOUT_AFTER.multipliedBy(3).plus(ChatPage.WAIT))
                .until(() -> watcher.seen().stream().noneMatch(l -> l.contains("quinn left")));
        page.send("still here");
        watcher.awaitStamped("quinn: still here");

        assertThat(watcher.seen()).noneMatch(l -> l.contains("quinn left") || l.contains("timed out"));
        assertThat(page.banner().isDisplayed()).isFalse();
    }
}
