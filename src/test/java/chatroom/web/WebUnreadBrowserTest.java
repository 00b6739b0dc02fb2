package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Unread messages and mentions: what came while the tab was in the background (really
 * hidden: see {@link Browser#inBackground()}) or the list was scrolled up.
 */
@Timeout(120)
class WebUnreadBrowserTest {
    @RegisterExtension
    static final WebFixture web = WebFixture.with(TestLimits.raised());

    private static String title() {
        return web.browser().driver().getTitle();
    }

    private static String icon() {
        return (String) web.browser().driver().executeScript("return document.querySelector('link[rel~=\"icon\"]').getAttribute('href')");
    }

    private static boolean hidden() {
        return (Boolean) web.browser().driver().executeScript("return document.hidden");
    }

    private static ChatPage inRoomWith(PlainClient other, String room, String name) {
        other.send("/join " + room);
        other.awaitLine(l -> l.startsWith("* now in " + room), "in " + room);
        ChatPage page = web.page().join(name);
        page.goToRoom(room);
        page.awaitRow("now in " + room);
        return page;
    }

    @Test
    void messagesWhileTheTabIsHiddenAreCountedInTheTitleIconAndRoomsListAndMarked() throws Exception {
        PlainClient uma = web.server().plain("uma");
        ChatPage page = inRoomWith(uma, "#unread", "reader");
        uma.send("before you left");
        page.awaitRow("uma: before you left");
        assertThat(title()).isEqualTo("chatroom");

        try (AutoCloseable tab = web.browser().inBackground()) {
            await().atMost(ChatPage.WAIT).until(WebUnreadBrowserTest::hidden);
            uma.send("one");
            uma.send("two, for @reader.");
            uma.send("not for mail@reader or @readers");
            page.awaitRow("uma: not for mail@reader or @readers");
            await().atMost(ChatPage.WAIT).until(() -> title().equals("(3) chatroom"));
            assertThat(icon()).isEqualTo("favicon-mention.svg");
            await().atMost(ChatPage.WAIT).until(() -> badge("#unread").equals("@1 · 3"));
        }
        await().atMost(ChatPage.WAIT).until(() -> !hidden());
        await().atMost(ChatPage.WAIT).until(() -> title().equals("chatroom"));
        assertThat(icon()).isEqualTo("favicon.svg");
        assertThat(badge("#unread")).isEmpty();

        List<String> rows = page.rows();
        int marker = rows.indexOf("NEW SINCE YOU WERE LAST HERE");
        assertThat(marker).as("the new-since line").isPositive();
        assertThat(rows.get(marker - 1)).endsWith("uma: before you left");
        assertThat(rows.get(marker + 1)).endsWith("uma: one");

        WebElement mention = page.rowContaining("two, for @reader.");
        assertThat(mention.getAttribute("class")).contains("mention");
        assertThat(mention.findElements(By.cssSelector("mark.mention-name"))).extracting(WebElement::getText).containsExactly("@reader");
        WebElement plain = page.rowContaining("not for mail@reader");
        assertThat(plain.getAttribute("class")).doesNotContain("mention");
        assertThat(plain.findElements(By.cssSelector("mark"))).isEmpty();
    }

    @Test
    void aPrivateMessageWhileHiddenIsAStrongUnreadAndOwnMessagesNeverCount() throws Exception {
        ChatPage page = inRoomWith(web.server().plain("pat"), "#quiet", "priv_reader");
        PlainClient pat = web.server().plain("pat2");
        page.send("my own words");
        page.awaitRow("priv_reader: my own words");
        try (AutoCloseable tab = web.browser().inBackground()) {
            await().atMost(ChatPage.WAIT).until(WebUnreadBrowserTest::hidden);
            page.send("said while away");
            page.awaitRow("priv_reader: said while away");
            pat.send("@priv_reader just you");
            page.awaitRow("just you");
            await().atMost(ChatPage.WAIT).until(() -> title().equals("(1) chatroom"));
            assertThat(icon()).isEqualTo("favicon-mention.svg");
        }
        await().atMost(ChatPage.WAIT).until(() -> title().equals("chatroom"));
    }

    @Test
    void messagesWhileScrolledUpAreUnreadUntilTheListIsAtTheBottomAgain() {
        PlainClient sam = web.server().plain("sam");
        ChatPage page = inRoomWith(sam, "#scrolled", "scroll_reader");
        for (int i = 1; i <= 50; i++) sam.send("filler " + i);
        page.awaitRow("sam: filler 50");
        await().atMost(ChatPage.WAIT).until(() -> page.belowView() <= 2);
        page.scrollToTop();
        sam.send("while reading back");
        page.awaitRow("sam: while reading back");
        await().atMost(ChatPage.WAIT).until(() -> title().equals("(1) chatroom"));
        page.button("new-below").click();
        await().atMost(ChatPage.WAIT).until(() -> title().equals("chatroom"));
    }

    private static String badge(String room) {
        return (String) web.browser().driver().executeScript("""
                const b = [...document.querySelectorAll('#room-list button')].find((x) => x.dataset.room === arguments[0]);
                const badge = b && b.parentElement.querySelector('.badge');
                return badge ? badge.textContent : '';
                """, room);
    }

    /**
     * Records each notification the page shows (and each permission request) before the
     * page's own scripts run, then lets the browser's Notification do the rest.
     */
    private static final String NOTIFICATION_SPY = """
            window.notified = [];
            window.permissionAsked = 0;
            const Real = window.Notification;
            class Recorded extends Real {
              constructor(title, options) {
                super(title, options);
                window.notified.push(title + ": " + (options && options.body));
              }
              static get permission() { return Real.permission; }
              static requestPermission() { window.permissionAsked++; return Real.requestPermission(); }
            }
            window.Notification = Recorded;
            """;

    @SuppressWarnings("unchecked")
    private static List<String> notified() {
        return (List<String>) web.browser().driver().executeScript("return window.notified");
    }

    @Test
    void aHiddenTabNotifiesPrivateMessagesAndMentionsOnlyOnceTurnedOn() throws Exception {
        var driver = web.browser().driver();
        String origin = web.server().page().replaceAll("/$", "");
        Object spy = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", NOTIFICATION_SPY))
                .get("identifier");
        try {
            PlainClient olga = web.server().plain("olga");
            ChatPage page = web.page().join("nina");
            assertThat(driver.executeScript("return window.permissionAsked")).as("asked before a click").isEqualTo(0L);
            try (AutoCloseable tab = web.browser().inBackground()) {
                await().atMost(ChatPage.WAIT).until(WebUnreadBrowserTest::hidden);
                olga.send("@nina not yet turned on");
                page.awaitRow("not yet turned on");
            }
            page.openPeoplePanel();
            WebElement box = page.button("notify");
            box.click();
            // Asked on the click; headless Chromium has nobody to answer, so it is not granted.
            await().atMost(ChatPage.WAIT).until(() -> Long.valueOf(1).equals(driver.executeScript("return window.permissionAsked")));
            await().atMost(ChatPage.WAIT).until(() -> !box.isSelected());
            // The person allows notifications for the page (in the browser's settings).
            driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", origin, "permissions", List.of("notifications")));
            box.click();
            await().atMost(ChatPage.WAIT).until(box::isSelected);

            try (AutoCloseable tab = web.browser().inBackground()) {
                await().atMost(ChatPage.WAIT).until(WebUnreadBrowserTest::hidden);
                olga.send("an ordinary message");
                page.send("my own, mentioning @nina");
                olga.send("@nina a private one");
                olga.send("a mention of @nina here");
                olga.send("the last");
                page.awaitRow("olga: the last");
                page.awaitRow("nina: my own, mentioning @nina");
                assertThat(notified()).containsExactly("olga (private): a private one", "olga in #lobby: a mention of @nina here");
            }
            await().atMost(ChatPage.WAIT).until(() -> !hidden());
            olga.send("@nina while you look");
            page.awaitRow("while you look");
            assertThat(notified()).hasSize(2);

            box.click();
            await().atMost(ChatPage.WAIT).until(() -> !box.isSelected());
            try (AutoCloseable tab = web.browser().inBackground()) {
                await().atMost(ChatPage.WAIT).until(WebUnreadBrowserTest::hidden);
                olga.send("@nina turned off now");
                page.awaitRow("turned off now");
                assertThat(notified()).hasSize(2);
            }
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", spy));
            driver.executeCdpCommand("Browser.resetPermissions", java.util.Map.of());
        }
    }
}
