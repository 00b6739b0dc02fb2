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
    void movingBetweenRoomsShowsEachRoomOnlyItsOwnMessages() {
        PlainClient gamer = server.plain("gamer");
        gamer.send("/join #games");
        gamer.awaitLine(l -> l.startsWith("* now in #games"), "gamer in #games");
        PlainClient idler = server.plain("idler");
        ChatPage page = page().join("mover");
        page.awaitRoom("#lobby");
        assertThat(page.button("to-lobby").isDisplayed()).isFalse();

        page.goToRoom("#games");
        gamer.awaitStamped("* mover joined");
        idler.awaitStamped("* mover left (moved to #games)");
        await().atMost(ChatPage.WAIT).until(() -> page.members().equals(List.of("gamer", "mover")));
        page.awaitRow("now in #games (2): gamer, mover");

        page.send("hi games");
        gamer.awaitStamped("mover: hi games");
        idler.send("lobby only");
        idler.awaitStamped("idler: lobby only");
        gamer.send("games only");
        page.awaitRow("gamer: games only");
        assertThat(page.rows()).noneMatch(r -> r.contains("lobby only"));
        assertThat(idler.seen()).noneMatch(l -> l.contains("games only") || l.contains("hi games"));

        page.button("to-lobby").click();
        page.awaitRoom("#lobby");
        gamer.awaitStamped("* mover left (moved to #lobby)");
        page.awaitRow("now in #lobby");
        // The lobby's past is replayed, and what was said in #games is gone from the list.
        assertThat(page.historyRows()).contains("idler: lobby only");
        assertThat(page.rows()).noneMatch(r -> r.contains("games only"));
        gamer.send("still in games");
        idler.send("back in the lobby");
        page.awaitRow("idler: back in the lobby");
        assertThat(page.rows()).noneMatch(r -> r.contains("still in games"));

        gamer.send("/leave");
        page.awaitRow("gamer joined");
        gamer.send("/join #games");
        page.awaitRow("gamer moved to #games");
        await().atMost(ChatPage.WAIT).until(() -> !page.members().contains("gamer"));
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
