package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.client.TestChatter;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import java.util.List;

/**
 * The chat page in real headless Chromium, next to people at the terminal (the plain
 * door, the lines the Chatter prints when not at a terminal). One browser and one server
 * for the class; each test opens the page afresh under names of its own.
 */
@Timeout(120)
class WebPageBrowserTest {
    @TempDir
    static Path tmp;
    static WebTestServer server;
    static Browser browser;
    ChatPage page;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browser != null) browser.close();
    }

    private ChatPage page() {
        return new ChatPage(browser).open(server.page());
    }

    @Test
    void browserAndTerminalExchangeRoomAndPrivateMessagesAndOthersSeeNoPrivateOnes() {
        PlainClient terminal = server.plain("tom");
        PlainClient third = server.plain("eve");
        ChatPage page = page().join("wang");
        terminal.awaitStamped("* wang joined");
        await().atMost(ChatPage.WAIT).until(() -> page.members().containsAll(java.util.List.of("tom", "eve", "wang")));

        page.send("hello from the browser");
        terminal.awaitStamped("wang: hello from the browser");
        terminal.send("hello from the terminal");
        page.awaitRow("tom: hello from the terminal");

        page.send("@tom just between us");
        terminal.awaitStamped("[private] wang -> tom: just between us");
        terminal.send("@wang agreed, privately");
        String shown = page.awaitRow("agreed, privately");
        assertThat(shown).contains("PRIVATE").contains("tom").contains("wang");
        assertThat(page.rowContaining("just between us").getAttribute("class")).contains("private");

        page.send("everyone again");
        third.awaitStamped("wang: everyone again"); // after both private ones, in order
        assertThat(third.seen()).noneMatch(l -> l.contains("just between us") || l.contains("agreed, privately"));

        terminal.send("quit");
        page.awaitRow("tom left (quit)");
        await().atMost(ChatPage.WAIT).until(() -> !page.members().contains("tom"));
    }

    @Test
    void markupInAMessageIsShownAsTextAndRunsNothing() {
        PlainClient terminal = server.plain("mallory");
        ChatPage page = page().join("alice");
        browser.driver().executeScript("window.alerted = false; window.alert = () => { window.alerted = true; };");

        String attack = "<img src=x onerror=alert(1)>";
        terminal.send(attack);
        terminal.send("<script>window.alerted = true</script>");
        terminal.send("after the markup");
        page.awaitRow("mallory: after the markup");

        assertThat(page.rows()).anyMatch(r -> r.endsWith("mallory: " + attack));
        assertThat(browser.driver().findElements(By.cssSelector("#messages img, #messages script"))).isEmpty();
        assertThat(browser.driver().executeScript("return window.alerted")).isEqualTo(false);
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void webAddressesInAMessageAreLinksBuiltFromTheTextAndNothingElseIs() {
        PlainClient terminal = server.plain("linker");
        ChatPage page = page().join("clicker");
        terminal.send("docs at https://example.org/a?b=1&c=2, or (see http://wiki.test/Page_(x)). "
                + "Not javascript:alert(1), not <a href=\"https://evil.test\">this</a> nor ftp://x.test");
        WebElement row = page.rowContaining("linker: docs at");
        List<WebElement> links = row.findElements(By.tagName("a"));
        assertThat(links).extracting(a -> a.getAttribute("href"))
                .containsExactly("https://example.org/a?b=1&c=2", "http://wiki.test/Page_(x)", "https://evil.test/");
        assertThat(links).extracting(WebElement::getText)
                .containsExactly("https://example.org/a?b=1&c=2", "http://wiki.test/Page_(x)", "https://evil.test");
        assertThat(links).allSatisfy(a -> {
            assertThat(a.getAttribute("rel")).isEqualTo("noopener noreferrer");
            assertThat(a.getAttribute("target")).isEqualTo("_blank");
            assertThat(a.findElements(By.xpath("./*"))).isEmpty();
        });
        // The markup is still shown as the characters typed, only its address is a link.
        assertThat(row.getText()).endsWith("Not javascript:alert(1), not <a href=\"https://evil.test\">this</a> nor ftp://x.test");
    }

    @Test
    void awayPeopleAreDimmedAndAPrivateMessageToThemGetsTheirAwayMessage() {
        PlainClient zoe = server.plain("zoe");
        ChatPage page = page().join("yan");
        zoe.send("/away in a meeting");
        zoe.awaitExactly("* you are away (in a meeting); /back when you return");
        await().atMost(ChatPage.WAIT).until(() -> page.members().contains("zoe (away)"));
        WebElement entry = browser.driver().findElements(By.cssSelector("#member-list button.away")).stream()
                .filter(b -> b.getAttribute("textContent").startsWith("zoe")).findFirst().orElseThrow();
        assertThat(entry.getAttribute("title")).contains("zoe is away");
        page.send("@zoe ping");
        page.awaitRow("zoe is away: in a meeting");
        zoe.send("/back");
        zoe.awaitExactly("* you are back");
        await().atMost(ChatPage.WAIT).until(() -> page.members().contains("zoe"));
    }

    @Test
    void multiLineMessageArrivesAtTheTerminalAsOneMessageWithMarkedContinuationLines() {
        PlainClient terminal = server.plain("lin");
        ChatPage page = page().join("zhou");
        page.type("first line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line", Keys.chord(Keys.SHIFT, Keys.ENTER),
                "third line", Keys.ENTER);

        terminal.awaitStamped("zhou: first line");
        assertThat(terminal.nextLine()).isEqualTo("  | second line");
        assertThat(terminal.nextLine()).isEqualTo("  | third line");
        String row = page.awaitRow("zhou: first line");
        assertThat(row).contains("second line").contains("third line");
        assertThat(page.rowContaining("first line").findElements(By.cssSelector(".cont"))).hasSize(2);
    }

    @Test
    void browserAndTheChatterItselfExchangePublicPrivateAndMultiLineMessages() throws Exception {
        try (TestChatter chatter = TestChatter.join(server.tcp(), tmp.resolve("chatter-logs"), "chen")) {
            PlainClient third = server.plain("bystander");
            ChatPage page = page().join("zhang");
            chatter.awaitShown(l -> l.endsWith(" * zhang joined"), "zhang's join");

            page.send("hello Chatter");
            chatter.awaitShown(l -> l.endsWith(" zhang: hello Chatter"), "the browser's message");
            chatter.type("hello page");
            page.awaitRow("chen: hello page");

            page.type("@chen line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);
            String shown = chatter.awaitShown(l -> l.contains("[private] zhang -> chen: line one"), "the private message");
            assertThat(shown).as("one message, its continuation line marked").endsWith("line one\n  | line two");
            chatter.type("@zhang got it");
            assertThat(page.awaitRow("got it")).contains("PRIVATE").contains("chen");

            page.send("back to everyone");
            third.awaitStamped("zhang: back to everyone"); // after both private ones
            assertThat(third.seen()).noneMatch(l -> l.contains("line one") || l.contains("got it"));
        }
    }

    @Test
    void takenInvalidAndLookAlikeNamesAreExplainedOnTheJoinForm() {
        server.plain("Bob");
        ChatPage page = page();
        page.askToJoin("bob");
        await().atMost(ChatPage.WAIT).until(() -> !page.joinError().isEmpty());
        assertThat(page.joinError()).isEqualTo("Bob is already here");
        page.askToJoin("not valid");
        await().atMost(ChatPage.WAIT).until(() -> page.joinError().contains("not spaces"));
        page.askToJoin("B0b");
        await().atMost(ChatPage.WAIT).until(() -> page.joinError().contains("looks too much like"));
        assertThat(page.joinError()).as("which characters look alike")
                .isEqualTo("B0b looks too much like Bob, who is online (0 looks like o); pick a name that looks different");
        page.join("bob2");
    }

    @Test
    void typedCommandsAreCarriedOutByTheServer() {
        server.plain("ann");
        ChatPage page = page().join("ben");
        page.send("/who");
        page.awaitRow("in #lobby (");
        page.send("/nonsense");
        page.awaitRow("! unknown-command: /nonsense is not a command");
    }

    @Test
    void atCompletesNamesFromTheKeyboard() {
        server.plain("carolina");
        ChatPage page = page().join("dave");
        page.type("@caro", Keys.TAB);
        assertThat(browser.driver().findElement(By.id("input")).getAttribute("value")).isEqualTo("@carolina ");
    }

    @Test
    void screenshotsOfAConversationAtDesktopAndPhoneWidth() throws Exception {
        PlainClient ta = server.plain("ta");
        PlainClient li = server.plain("li_lei");
        ta.send("/join #office-hours");
        ta.awaitLine(l -> l.startsWith("* now in #office-hours"), "ta in the room");
        li.send("/join #office-hours");
        ta.awaitStamped("* li_lei joined");
        // Each waits for the line before, so the picture shows a conversation in its order;
        // what was said before the page came is history there.
        String[][] before = {
            {"ta", "Office hours are open: ask here, or @ta privately"},
            {"li_lei", "is the deadline Friday 23:59?"},
            {"ta", "Yes, Friday 23:59. Late work loses 10% a day."},
            {"li_lei", "does the report count toward the page limit?"},
            {"ta", "No, only the code listing. The template is at https://example.edu/cs101/lab5"},
            {"li_lei", "thanks, found it"},
            {"ta", "Reminder: lab 5 asks for the threads to be named, see section 3"},
            {"li_lei", "do we need a test for the private messages?"},
            {"ta", "Yes, one that shows nobody else receives them"},
            {"li_lei", "and for the disk log?"},
            {"ta", "A test that reads the log back after the server stops"},
            {"li_lei", "ok, that makes sense"},
            {"ta", "Questions about lab 6 go here too from Monday"},
            {"li_lei", "will there be a demo session?"},
            {"ta", "Thursday 14:00 in room 305"},
            {"li_lei", "great, see you there"},
        };
        for (String[] line : before) {
            PlainClient from = line[0].equals("ta") ? ta : li;
            PlainClient other = from == ta ? li : ta;
            from.send(line[1]);
            other.awaitStamped(line[0] + ": " + line[1]);
        }
        ChatPage page = page().join("wang_fang");
        page.goToRoom("#office-hours");
        page.awaitRow("li_lei: thanks, found it");
        page.type("@ta my lab 5 upload failed,", Keys.chord(Keys.SHIFT, Keys.ENTER), "can you check?", Keys.ENTER);
        ta.awaitLine(l -> l.equals("  | can you check?"), "the private message's second line");
        ta.send("@wang_fang looking now");
        page.awaitRow("looking now");
        li.send("<b>thanks</b> — markup stays text");
        page.awaitRow("markup stays text");
        ta.send("found it, @wang_fang: the file was empty; upload it again");
        page.awaitRow("the file was empty");
        // Reading a little further up when li_lei speaks: the new-messages button, and the
        // room's unread count in the rooms list.
        browser.driver().executeScript("document.getElementById('log').scrollTop -= 90");
        li.send("lab 6 is out too");
        page.awaitRow("li_lei: lab 6 is out too");
        await().atMost(ChatPage.WAIT).until(() -> page.button("new-below").isDisplayed());

        browser.desktop();
        Path desktop = browser.screenshot("desktop");
        browser.phone();
        // At phone width too: the newest lines in view but the last, which waits behind the button.
        browser.driver().executeScript("const l = document.getElementById('log'); l.scrollTop = l.scrollHeight - l.clientHeight - 70");
        await().atMost(ChatPage.WAIT).until(() -> page.button("new-below").isDisplayed());
        Path phone = browser.screenshot("phone");
        browser.desktop();
        assertThat(Files.size(desktop)).isPositive();
        assertThat(Files.size(phone)).isPositive();
    }
}
