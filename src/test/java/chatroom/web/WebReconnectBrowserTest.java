package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void afterARestartThePageGoesBackToItsRoomWithoutShowingItsMessagesTwice() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
        int tcpPort = server.tcp().getPort();
        int webPort = server.webAddress().getPort();
        PlainClient player = server.plain("pia");
        player.send("/join #games");
        player.awaitLine(l -> l.startsWith("* now in #games"), "pia in #games");
        ChatPage page = new ChatPage(browser).open(server.page()).join("rafa");
        page.send("/join #games");
        page.awaitRoom("#games");
        player.send("said before the restart");
        page.awaitRow("pia: said before the restart");

        server.close();
        await().atMost(ChatPage.WAIT).until(() -> page.banner().isDisplayed());
        server = WebTestServer.start(tmp.resolve("data"), Limits.DEFAULTS, tcpPort, webPort, OriginRule.sameOrigin());
        page.awaitRow("back in #games");
        assertThat(page.room()).isEqualTo("#games");

        PlainClient again = server.plain("pia");
        again.send("/join #games");
        // The room's replay on the way back holds what the page shows already: shown once.
        again.awaitLine(l -> l.contains("said before the restart"), "pia's replay");
        again.send("said after");
        page.awaitRow("pia: said after");
        assertThat(page.messageRows()).containsOnlyOnce("pia: said before the restart");
        assertThat(page.rows()).noneMatch(r -> r.contains("said after") && r.contains("said before"));
    }

    // Issue 16: a page in several rooms is back in each after a restart, showing the one it showed.
    @Test
    void afterARestartAPageInSeveralRoomsIsBackInEachShowingTheOneItShowed() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
        int tcpPort = server.tcp().getPort();
        int webPort = server.webAddress().getPort();
        ChatPage page = new ChatPage(browser).open(server.page()).join("sol");
        page.send("/join #chess");
        page.awaitRoom("#chess");
        page.send("/join #games");
        page.awaitRoom("#games");
        await().atMost(ChatPage.WAIT).until(() -> page.joinedRooms().equals(List.of("#chess", "#games", "#lobby")));

        server.close();
        await().atMost(ChatPage.WAIT).until(() -> page.banner().isDisplayed());
        server = WebTestServer.start(tmp.resolve("data"), Limits.DEFAULTS, tcpPort, webPort, OriginRule.sameOrigin());
        page.awaitRow("back in #games");
        assertThat(page.room()).isEqualTo("#games");
        await().atMost(ChatPage.WAIT).until(() -> page.joinedRooms().equals(List.of("#chess", "#games", "#lobby")));

        PlainClient player = server.plain("tom");
        player.send("/join #chess");
        player.awaitLine(l -> l.startsWith("* now in #chess (2)"), "tom with sol in #chess");
        player.send("your move");
        await().atMost(ChatPage.WAIT).until(() -> page.unreadOf("#chess").equals("1"));
        assertThat(page.rows()).noneMatch(r -> r.contains("your move"));
        page.send("still in games"); // the room on screen, not the one tom is in
        page.awaitRow("sol: still in games");
        player.send("/who");
        player.awaitExactly("* in #chess (2): sol, tom");
        assertThat(player.seen()).noneMatch(l -> l.contains("still in games"));
        page.goToRoom("#chess");
        page.awaitRow("tom: your move");
    }

    // Issue 15, defect 1: a message said in the page's room while the page was away is
    // shown once it is back, and entering rooms afterwards still replays their history.
    @Test
    void whatWasSaidInTheRoomWhileThePageWasAwayIsShownAndHistoryStaysOn() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
        int tcpPort = server.tcp().getPort();
        int webPort = server.webAddress().getPort();
        PlainClient ta = server.plain("ta");
        ta.send("said in the lobby");
        ta.awaitStamped("ta: said in the lobby");
        ta.send("/join #office-hours");
        ta.awaitLine(l -> l.startsWith("* now in #office-hours"), "ta in #office-hours");
        ChatPage page = new ChatPage(browser).open(server.page()).join("wang_fang");
        page.goToRoom("#office-hours");
        ta.send("before the restart");
        page.awaitRow("ta: before the restart");

        server.close();
        await().atMost(ChatPage.WAIT).until(() -> page.banner().isDisplayed());
        server = WebTestServer.startTcpFirst(tmp.resolve("data"), Limits.DEFAULTS, tcpPort, webPort);
        PlainClient back = server.plain("ta");
        back.send("/join #office-hours");
        back.awaitLine(l -> l.startsWith("* now in #office-hours"), "ta back in #office-hours");
        back.send("said while the page was away");
        back.awaitStamped("ta: said while the page was away");
        server.startWeb();

        page.awaitRow("back in #office-hours");
        page.awaitRow("ta: said while the page was away");
        assertThat(page.messageRows()).containsOnlyOnce("ta: before the restart");
        back.send("and after");
        page.awaitRow("ta: and after");

        page.button("to-lobby").click();
        page.awaitRoom("#lobby");
        page.awaitRow("ta: said in the lobby");
        page.goToRoom("#office-hours");
        page.awaitRow("ta: and after");
        assertThat(page.historyRows()).contains("ta: before the restart", "ta: said while the page was away", "ta: and after");
    }

    // Issue 15, defect 8: the wait is shown as it runs down, "Retry now" skips it, and the
    // banner leaves the header in view.
    @Test
    void theReconnectBannerCountsDownOffersRetryNowAndLeavesTheHeaderInView() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
        int tcpPort = server.tcp().getPort();
        int webPort = server.webAddress().getPort();
        ChatPage page = new ChatPage(browser).open(server.page()).join("kim");

        server.close();
        await().atMost(ChatPage.WAIT).until(() -> page.banner().isDisplayed());
        // Let a few tries fail, so that the next wait is long.
        await().atMost(ChatPage.WAIT).until(() -> page.banner().getText().matches("(?s).*in [4-9] s.*"));
        String first = page.banner().getText();
        await().atMost(ChatPage.WAIT).until(() -> !page.banner().getText().equals(first) && page.banner().getText().contains(" s"));
        var header = browser.driver().findElement(org.openqa.selenium.By.tagName("header")).getRect();
        var banner = page.banner().getRect();
        assertThat(banner.getY() + banner.getHeight()).as("the banner ends above the header").isLessThanOrEqualTo(header.getY());

        server = WebTestServer.start(tmp.resolve("data"), Limits.DEFAULTS, tcpPort, webPort, OriginRule.sameOrigin());
        page.button("retry").click();
        await().atMost(java.time.Duration.ofSeconds(3)).until(() -> !page.banner().isDisplayed());
        PlainClient terminal = server.plain("lee");
        page.awaitRow("lee joined");
    }
}
