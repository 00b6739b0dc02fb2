package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The page when the server goes away and comes back on the same ports. */
@Timeout(120)
class WebReconnectBrowserTest {
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
    void afterTheServerRestartsThePageShowsTheDropReconnectsUnderItsNameAndChatsAgain() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
        int tcpPort = server.tcp().getPort();
        int webPort = server.webAddress().getPort();
        ChatPage page = new ChatPage(browser).open(server.page()).join("nadia");

        server.close();
        await().atMost(ChatPage.WAIT).until(() -> page.banner().isDisplayed());
        assertThat(page.banner().getText()).contains("Reconnecting");

        server = WebTestServer.start(tmp.resolve("data"), Limits.DEFAULTS, tcpPort, webPort, OriginRule.sameOrigin());
        await().atMost(ChatPage.WAIT).until(() -> !page.banner().isDisplayed());
        PlainClient terminal = server.plain("omar");
        assertThat(terminal.seen()).anyMatch(l -> l.startsWith("* welcome omar, 2 online: nadia, omar"));
        page.awaitRow("omar joined");

        page.send("back again");
        terminal.awaitStamped("nadia: back again");
        terminal.send("welcome back");
        page.awaitRow("omar: welcome back");
    }
}
