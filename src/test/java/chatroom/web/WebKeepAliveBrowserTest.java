package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page answers the server's keep-alive pings. With a ping after 150 ms of silence and
 * a timeout after 1.5 s, a WebSocket client that does not answer is dropped within 1.5 s
 * ({@link WebSocketDoorTest}); a quiet page stays for three times that, its own 25 s
 * pings far off.
 */
@Timeout(120)
class WebKeepAliveBrowserTest {
    private static final Duration TIMEOUT_AFTER = Duration.ofMillis(1500);

    @RegisterExtension
    static final WebFixture web = WebFixture.with(Limits.DEFAULTS.withKeepAlive(Duration.ofMillis(150), TIMEOUT_AFTER));

    @Test
    void aQuietPageAnswersTheServersPingsAndStaysInTheChat() {
        PlainClient watcher = web.server().plain("wes"); // plain: never pinged
        ChatPage page = web.page().join("quinn");
        watcher.awaitStamped("* quinn joined");

        await().during(TIMEOUT_AFTER.multipliedBy(3)).atMost(TIMEOUT_AFTER.multipliedBy(3).plus(ChatPage.WAIT))
                .until(() -> watcher.seen().stream().noneMatch(l -> l.contains("quinn left")));
        page.send("still here");
        watcher.awaitStamped("quinn: still here");

        assertThat(watcher.seen()).noneMatch(l -> l.contains("quinn left") || l.contains("timed out"));
        assertThat(page.banner().isDisplayed()).isFalse();
    }
}
