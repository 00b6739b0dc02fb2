package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomMessage;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Rooms, history and search on the page, against a server with the real SQLite store.
 * Each test keeps to rooms of its own, so what one says is not another's history.
 */
@Timeout(180)
class WebRoomsBrowserTest {
    @TempDir
    static Path tmp;
    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        // No rate limit: a test says 70 messages in a row.
        server = WebTestServer.start(tmp.resolve("data"), TestLimits.raised(), 0, 0, OriginRule.sameOrigin());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browser != null) browser.close();
    }

    private ChatPage page() {
        return new ChatPage(browser).open(server.page());
    }

    private static JsonClient inRoom(String name, String room) {
        JsonClient c = server.json(name);
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"j\"}");
        c.awaitEvent(RoomEntered.class, e -> e.room().equals(room));
        return c;
    }

    private static void say(JsonClient c, String text) {
        c.say(text, null);
        c.awaitEvent(RoomMessage.class, m -> m.text().equals(text));
    }

    @Test
    void lateJoinerSeesEarlierMessagesMarkedAsHistoryThenLiveOnes() {
        JsonClient early = inRoom("early", "#book-club");
        say(early, "chapter one was slow");
        say(early, "chapter two\nfixed it");

        ChatPage page = page().join("late");
        page.send("/join #book-club");
        page.awaitRoom("#book-club");
        page.awaitRow("early: chapter one was slow");
        assertThat(page.historyRows()).containsExactly("early: chapter one was slow", "early: chapter two\nfixed it")
                .allSatisfy(r -> assertThat(r).doesNotContain("late"));
        assertThat(page.rowContaining("chapter two").findElements(By.cssSelector(".cont"))).hasSize(1);
        assertThat(page.rows()).contains("EARLIER MESSAGES", "LIVE FROM HERE");

        say(early, "now live");
        String live = page.awaitRow("early: now live");
        assertThat(page.rowContaining("now live").getAttribute("class")).doesNotContain("history");
        assertThat(page.rows().indexOf(live)).isGreaterThan(page.rows().indexOf("LIVE FROM HERE"));
        assertThat(page.button("older").isDisplayed()).isFalse(); // two messages: nothing older
    }

    @Test
    void loadOlderPagesBackToTheBeginningKeepingOrder() {
        JsonClient writer = inRoom("scribe", "#archive");
        List<String> said = IntStream.rangeClosed(1, 70).mapToObj(i -> String.format("entry %02d", i)).toList();
        said.forEach(t -> writer.say(t, null));
        writer.awaitEvent(RoomMessage.class, m -> m.text().equals("entry 70"));

        ChatPage page = page().join("reader");
        page.send("/join #archive");
        page.awaitRoom("#archive");
        page.awaitRow("scribe: entry 70");
        assertThat(page.messageRows()).hasSize(50).first().isEqualTo("scribe: entry 21");

        WebElement older = page.button("older");
        for (int clicks = 0; older.isDisplayed(); clicks++) {
            assertThat(clicks).as("pages asked for").isLessThan(5);
            int before = page.messageRows().size();
            older.click();
            await().atMost(ChatPage.WAIT).until(() -> !older.isDisplayed()
                    || (older.isEnabled() && page.messageRows().size() > before));
        }
        assertThat(page.messageRows()).isEqualTo(said.stream().map(t -> "scribe: " + t).toList());
        assertThat(page.historyRows()).hasSize(70);
    }

    @Test
    void severalRoomsAtOnceAreListedWithUnreadCountsAClickShowsOneAndPartLeavesIt() {
        PlainClient gamer = server.plain("gamer");
        gamer.send("/join #games");
        gamer.awaitLine(l -> l.startsWith("* now in #games"), "gamer in #games");
        PlainClient idler = server.plain("idler");
        ChatPage page = page().join("mover");
        page.awaitRoom("#lobby");
        assertThat(page.button("to-lobby").isDisplayed()).isFalse();

        // /join enters #games as well and shows it; the lobby keeps mover.
        page.send("/join #games");
        page.awaitRoom("#games");
        gamer.awaitStamped("* mover joined");
        await().atMost(ChatPage.WAIT).until(() -> page.members().equals(List.of("gamer", "mover")));
        await().atMost(ChatPage.WAIT).until(() -> page.joinedRooms().equals(List.of("#games", "#lobby")));
        page.send("hi games");
        gamer.awaitStamped("mover: hi games");

        // The lobby, not on screen, counts what is said there.
        idler.send("lobby only");
        idler.awaitStamped("idler: lobby only");
        await().atMost(ChatPage.WAIT).until(() -> page.unreadOf("#lobby").equals("1"));
        gamer.send("games only");
        page.awaitRow("gamer: games only");
        assertThat(page.rows()).noneMatch(r -> r.contains("lobby only"));

        // A click shows the lobby: its messages, the one missed included; its count goes.
        page.goToRoom("#lobby");
        page.awaitRow("idler: lobby only");
        await().atMost(ChatPage.WAIT).until(() -> page.unreadOf("#lobby").isEmpty());
        assertThat(page.rows()).noneMatch(r -> r.contains("games only"));
        // The lobby's people (others of this class's tests are there too): idler, who is in no other room, among them.
        await().atMost(ChatPage.WAIT).untilAsserted(() -> assertThat(page.members()).contains("gamer", "idler", "mover"));
        page.send("said in the lobby");
        idler.awaitStamped("mover: said in the lobby");
        gamer.awaitStamped("#lobby mover: said in the lobby"); // gamer is in the lobby too, talking in #games
        gamer.send("while you look at the lobby");
        await().atMost(ChatPage.WAIT).until(() -> page.unreadOf("#games").equals("1"));
        assertThat(page.rows()).noneMatch(r -> r.contains("while you look at the lobby"));

        // Back to #games by a click: shown from its history, the unread one included.
        page.goToRoom("#games");
        page.awaitRow("gamer: while you look at the lobby");
        assertThat(page.rows()).noneMatch(r -> r.contains("said in the lobby"));

        // The × beside the room on screen leaves it; the page shows the room the server says one talks in.
        page.partRoom("#games");
        gamer.awaitStamped("* mover left (parted)");
        page.awaitRoom("#lobby");
        await().atMost(ChatPage.WAIT).until(() -> page.joinedRooms().equals(List.of("#lobby")));
        assertThat(idler.seen()).noneMatch(l -> l.contains("games") || l.contains("mover left"));

        // A typed /part of the lobby, one's only room, is refused; /join then /part by name works too.
        page.send("/part");
        page.awaitRow("last-room");
        page.send("/join #games");
        page.awaitRoom("#games");
        page.send("/part #games");
        gamer.awaitStamped("* mover left (parted)");
        page.awaitRoom("#lobby");
    }

    @Test
    void searchFindsATwoCharacterChineseWordWithTimeRoomAndSender() {
        JsonClient li = inRoom("li_ming", "#study");
        say(li, "我们明天见");
        say(li, "今天不行");
        ChatPage page = page().join("han");
        page.goToRoom("#study");
        page.search("明天");
        WebElement block = await().atMost(ChatPage.WAIT).until(
                () -> browser.driver().findElements(By.cssSelector("#messages > li.found")).stream().findFirst().orElse(null),
                b -> b != null);
        assertThat(block.getText()).contains("明天").contains("1 found");
        List<WebElement> results = block.findElements(By.cssSelector(".results > li"));
        assertThat(results).hasSize(1);
        String row = results.get(0).getText();
        assertThat(row).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s*#study\\s*li_ming: 我们明天见");
    }
}
