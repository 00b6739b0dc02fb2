package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebFixture;
import chatroom.testing.WebTestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    @RegisterExtension
    static final WebFixture web = WebFixture.with(TestLimits.raised());

    private ChatPage page() {
        return web.page();
    }

    private static PlainClient inRoom(String name, String room) {
        PlainClient c = web.server().plain(name);
        c.send("/join " + room);
        c.awaitLine(l -> l.startsWith("* now in " + room), name + " in " + room);
        return c;
    }

    /** A page in the talker's room, which says more there than the screen holds; the list at its bottom. */
    private ChatPage longerThanTheScreen(PlainClient talker, String talkerName, String room, String reader) {
        ChatPage page = page().join(reader);
        page.goToRoom(room);
        for (int i = 1; i <= 60; i++) talker.send("filler " + i);
        page.awaitRow(talkerName + ": filler 60");
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);
        return page;
    }

    /** A page entering a room where someone said something before it came (so it is history there). */
    private ChatPage afterAPast(String speaker, String room, String said, String reader) {
        PlainClient early = inRoom(speaker, room);
        early.send(said);
        early.awaitStamped(speaker + ": " + said);
        ChatPage page = page().join(reader);
        page.goToRoom(room);
        page.awaitRow(speaker + ": " + said);
        return page;
    }

    // 2. "In this room" right after joining: the people in the room, not everyone online.
    @Test
    void inThisRoomListsThePeopleInTheRoomRightAfterJoining() {
        PlainClient ed = inRoom("elsewhere_ed", "#kitchen");
        ed.send("/part #lobby"); // in #kitchen only: not one of the lobby's people
        ed.awaitExactly("* you talk in #kitchen; your rooms (1): #kitchen");
        web.server().plain("lobby_lu");
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
        ChatPage page = longerThanTheScreen(talker, "scroller", "#scroll", "reader_r");

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
        try (WebTestServer strict = WebTestServer.start(web.folder("strict"), Limits.DEFAULTS.withRate(0.05, 1), 0, 0,
                OriginRule.sameOrigin())) {
            ChatPage page = new ChatPage(web.browser()).open(strict.page()).join("hasty");
            page.send("first");
            page.awaitRow("hasty: first");
            page.send("second, too soon");
            page.awaitRow("! rate-limited");
            assertThat(page.inputValue()).isEqualTo("second, too soon");
        }
    }

    /** The contrast ratio (WCAG 2.1) of an element's colour (or border colour) on what is behind it, opacity counted. */
    private static final String CONTRAST = """
            const [el, what] = arguments;
            const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; };
            const behind = (e) => { for (let x = e; x; x = x.parentElement) { const c = parse(getComputedStyle(x).backgroundColor);
                if (c.a > 0) return c.rgb; } return [255, 255, 255]; };
            let opacity = 1;
            for (let x = el; x; x = x.parentElement) opacity *= Number(getComputedStyle(x).opacity);
            const back = behind(what === 'border' ? el.parentElement : el);
            const fore = parse(what === 'border' ? getComputedStyle(el).borderTopColor : getComputedStyle(el).color);
            const a = fore.a * opacity;
            const mixed = fore.rgb.map((v, i) => v * a + back[i] * (1 - a));
            const lum = (rgb) => { const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const [hi, lo] = [lum(mixed), lum(back)].sort((p, q) => q - p);
            return (hi + 0.05) / (lo + 0.05);
            """;

    private static double contrast(WebElement el, String what) {
        return ((Number) web.browser().driver().executeScript(CONTRAST, el, what)).doubleValue();
    }

    // 6. Buttons, history times and the message box's border are readable in light and dark.
    @Test
    void buttonsHistoryTimesAndTheMessageBoxBorderMeetWcagAaContrast() {
        ChatPage page = afterAPast("contrasty", "#contrast", "an old message", "looker");
        try {
            for (String scheme : List.of("light", "dark")) {
                web.browser().colourScheme(scheme);
                WebElement send = page.button("send");
                WebElement time = web.browser().driver().findElement(By.cssSelector("#messages li.history .time"));
                assertThat(contrast(send, "text")).as(scheme + ": the Send button's text").isGreaterThanOrEqualTo(4.5);
                assertThat(contrast(time, "text")).as(scheme + ": a history message's time").isGreaterThanOrEqualTo(4.5);
                assertThat(contrast(page.button("input"), "border")).as(scheme + ": the message box's border")
                        .isGreaterThanOrEqualTo(3.0);
            }
        } finally {
            web.browser().colourScheme("");
        }
    }

    // 7. Choosing a room with Enter leaves the keyboard in the message box.
    @Test
    void choosingARoomWithEnterPutsTheFocusInTheMessageBox() {
        inRoom("keyer", "#keys");
        ChatPage page = page().join("key_user");
        await().atMost(ChatPage.WAIT).until(() -> page.roomEntries().stream().anyMatch(r -> r.startsWith("#keys")));
        web.browser().driver().executeScript(
                "[...document.querySelectorAll('#room-list button')].find(b => b.textContent.startsWith('#keys')).focus()");
        web.browser().driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        page.awaitRoom("#keys");
        page.awaitRow("now in #keys");
        await().atMost(ChatPage.WAIT).until(() -> page.focused().equals("input"));
    }

    // 7. The phone panel: Escape closes it, and a search that closes it says so.
    @Test
    void escapeClosesThePhonePanelAndItsButtonAlwaysTellsWhetherItIsOpen() {
        ChatPage page = page().join("phoner");
        web.browser().phone();
        try {
            WebElement toggle = page.button("people-toggle");
            WebElement panel = page.button("people");
            toggle.click();
            await().atMost(ChatPage.WAIT).until(panel::isDisplayed);
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
            web.browser().driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
            await().atMost(ChatPage.WAIT).until(() -> !panel.isDisplayed());
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
            assertThat(page.focused()).isEqualTo("people-toggle");

            page.search("anything");
            page.awaitRow("search \"anything\"");
            assertThat(panel.isDisplayed()).isFalse();
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        } finally {
            web.browser().desktop();
        }
    }

    // 7. PageUp and PageDown in the message box scroll the messages.
    @Test
    void pageUpAndPageDownInTheMessageBoxScrollTheMessages() {
        ChatPage page = longerThanTheScreen(inRoom("pager", "#pages"), "pager", "#pages", "page_reader");
        page.type(Keys.PAGE_UP);
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() > 100);
        page.type(Keys.PAGE_DOWN);
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);
        assertThat(page.focused()).isEqualTo("input");
    }

    // 7. The @-completion list tells a screen reader which name is chosen.
    @Test
    void completionListExposesTheChosenName() {
        web.server().plain("compa_one");
        web.server().plain("compa_two");
        ChatPage page = page().join("completer");
        await().atMost(ChatPage.WAIT).until(() -> page.members().contains("compa_two"));
        WebElement input = page.button("input");
        assertThat(input.getAttribute("aria-expanded")).isEqualTo("false");
        page.type("@compa");
        await().atMost(ChatPage.WAIT).until(() -> "true".equals(input.getAttribute("aria-expanded")));
        String first = input.getAttribute("aria-activedescendant");
        assertThat(web.browser().driver().findElement(By.id(first)).getText()).isEqualTo("compa_one");
        page.type(Keys.ARROW_DOWN);
        await().atMost(ChatPage.WAIT).until(() -> !first.equals(input.getAttribute("aria-activedescendant")));
        WebElement chosen = web.browser().driver().findElement(By.id(input.getAttribute("aria-activedescendant")));
        assertThat(chosen.getText()).isEqualTo("compa_two");
        assertThat(chosen.getAttribute("aria-selected")).isEqualTo("true");
        page.type(Keys.ESCAPE);
        await().atMost(ChatPage.WAIT).until(() -> "false".equals(input.getAttribute("aria-expanded")));
        assertThat(input.getAttribute("aria-activedescendant")).isNull();
    }

    // 8. The page's icon is there (no 404 on every load).
    @Test
    void thePagesIconIsServed() {
        page();
        Object status = web.browser().driver().executeAsyncScript("""
                const done = arguments[0];
                const link = document.querySelector('link[rel~="icon"]');
                fetch(link ? link.href : '/favicon.ico').then((r) => done(r.status), () => done(-1));
                """);
        assertThat(status).isEqualTo(200L);
    }

    // 8. Long names end in an ellipsis and say in full what they are when pointed at.
    @Test
    void longNamesAndRoomNamesEndInAnEllipsisWithTheWholeNameAsATooltip() {
        String longName = "a_rather_long_name_of_32_letters";
        String longRoom = "#a_room_with_a_long_name_32chars";
        inRoom(longName, longRoom);
        ChatPage page = page().join("short");
        page.goToRoom(longRoom);
        await().atMost(ChatPage.WAIT).until(() -> page.members().contains(longName));
        WebElement member = web.browser().driver().findElements(By.cssSelector("#member-list button")).stream()
                .filter(b -> b.getAttribute("textContent").equals(longName)).findFirst().orElseThrow();
        assertThat(member.getCssValue("text-overflow")).isEqualTo("ellipsis");
        assertThat(member.getAttribute("title")).contains(longName);
        WebElement room = page.button("room");
        assertThat(room.getCssValue("text-overflow")).isEqualTo("ellipsis");
        assertThat(room.getAttribute("title")).isEqualTo(longRoom);
        WebElement entry = web.browser().driver().findElements(By.cssSelector("#room-list button")).stream()
                .filter(b -> b.getAttribute("textContent").startsWith(longRoom)).findFirst().orElseThrow();
        assertThat(entry.getCssValue("text-overflow")).isEqualTo("ellipsis");
        assertThat(entry.getAttribute("title")).contains(longRoom);
    }

    // 8. /history at the start of a room says so.
    @Test
    void historyAtTheBeginningOfARoomSaysSo() {
        ChatPage page = afterAPast("founder", "#brand-new", "the first word", "historian");
        page.send("/history");
        page.awaitRow("this is the beginning of #brand-new");
    }

    // 8. Every time shown has its date, time and zone as a tooltip.
    @Test
    void timesCarryTheirDateTimeAndZoneAsATooltip() {
        PlainClient teller = inRoom("teller", "#times");
        ChatPage page = page().join("timer");
        page.goToRoom("#times");
        teller.send("what time is it");
        WebElement time = page.rowContaining("teller: what time is it").findElement(By.cssSelector("time"));
        assertThat(time.getAttribute("title")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S.*");
        assertThat(time.getAttribute("datetime")).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    }
}
