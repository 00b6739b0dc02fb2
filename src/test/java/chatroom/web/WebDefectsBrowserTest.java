package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What issue 15 saw wrong on the page, each as a person at the page would notice it.
 * One browser and one server (no rate limit) for the class; each test keeps to names
 * and rooms of its own.
 */
@Timeout(120)
class WebDefectsBrowserTest {
    @TempDir
    static Path tmp;
    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"), TestLimits.raised(), 0, 0, OriginRule.sameOrigin());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browser != null) browser.close();
    }

    private ChatPage page() {
        browser.desktop();
        return new ChatPage(browser).open(server.page());
    }

    private static PlainClient inRoom(String name, String room) {
        PlainClient c = server.plain(name);
        c.send("/join " + room);
        c.awaitLine(l -> l.startsWith("* now in " + room), name + " in " + room);
        return c;
    }

    // 2. "In this room" right after joining: the people in the room, not everyone online.
    @Test
    void inThisRoomListsThePeopleInTheRoomRightAfterJoining() {
        inRoom("elsewhere_ed", "#kitchen");
        server.plain("lobby_lu");
        ChatPage page = page().join("newcomer");
        await().atMost(ChatPage.WAIT).untilAsserted(() -> assertThat(page.members())
                .contains("lobby_lu", "newcomer").doesNotContain("elsewhere_ed"));
        page.send("/who");
        String who = page.awaitRow("in #lobby (");
        List<String> names = List.of(who.substring(who.indexOf("): ") + 3).split(", "));
        await().atMost(ChatPage.WAIT).untilAsserted(() -> assertThat(page.members()).isEqualTo(names));
        assertThat(page.button("count").getAttribute("textContent")).isEqualTo(String.valueOf(names.size()));
    }

    // 3. The rooms list keeps its counts live, with nothing to click.
    @Test
    void roomCountsFollowPeopleComingAndGoingWithoutAsking() {
        inRoom("tally_a", "#tally");
        ChatPage page = page().join("tally_watch");
        await().atMost(ChatPage.WAIT).until(() -> page.roomEntries().contains("#tally (1)"));
        PlainClient b = inRoom("tally_b", "#tally");
        await().atMost(ChatPage.WAIT).until(() -> page.roomEntries().contains("#tally (2)"));
        b.send("/leave");
        await().atMost(ChatPage.WAIT).until(() -> page.roomEntries().contains("#tally (1)"));
    }

    // 4. Sending brings the view down; live messages while reading back show a button instead.
    @Test
    void sendingScrollsDownAndLiveMessagesWhileScrolledUpWaitBehindAButton() {
        PlainClient talker = inRoom("scroller", "#scroll");
        ChatPage page = page().join("reader_r");
        page.goToRoom("#scroll");
        for (int i = 1; i <= 60; i++) talker.send("filler " + i);
        page.awaitRow("scroller: filler 60");
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);

        page.scrollToTop();
        page.send("/help");
        page.awaitRow("/quit");
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);

        page.scrollToTop();
        page.send("my own words");
        page.awaitRow("reader_r: my own words");
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);

        page.scrollToTop();
        talker.send("while you read");
        page.awaitRow("scroller: while you read");
        talker.send("and another");
        page.awaitRow("scroller: and another");
        assertThat(page.scrollTop()).isZero();
        WebElement more = page.button("new-below");
        await().atMost(ChatPage.WAIT).until(() -> more.isDisplayed() && more.getText().equals("2 new messages ↓"));
        more.click();
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2 && !more.isDisplayed());
    }

    // 5. A refused message stays in the box, to be sent again.
    @Test
    void aRateLimitedMessageStaysInTheBox() throws Exception {
        try (WebTestServer strict = WebTestServer.start(tmp.resolve("strict"), Limits.DEFAULTS.withRate(0.05, 1), 0, 0,
                OriginRule.sameOrigin())) {
            ChatPage page = new ChatPage(browser).open(strict.page()).join("hasty");
            page.send("first");
            page.awaitRow("hasty: first");
            page.send("second, too soon");
            page.awaitRow("! rate-limited");
            assertThat(page.inputValue()).isEqualTo("second, too soon");
        }
    }
}
