package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * An automated accessibility audit of the page with axe-core (Deque's engine, read from
 * the test class path, never downloaded): the join screen and the chat, at desktop and
 * phone width, light and dark, hold no violation of WCAG 2.1 A or AA that axe can find.
 * (axe finds about half of what WCAG asks; the keyboard and contrast tests of
 * WebDefectsBrowserTest check some of the rest.)
 */
@Timeout(180)
class WebAccessibilityBrowserTest {
    private static final String AXE = axeSource();
    private static final List<String> SCHEMES = List.of("light", "dark");

    @RegisterExtension
    static final WebFixture web = WebFixture.with(TestLimits.raised());

    private static String axeSource() {
        try (InputStream in = WebAccessibilityBrowserTest.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core:selenium)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** axe's WCAG 2.1 A and AA violations on the page as it is now, one line each: rule, what it says, where. */
    @SuppressWarnings("unchecked")
    private static List<String> violations() {
        web.browser().driver().executeScript(AXE);
        Object found = web.browser().driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) =>
                      v.id + ': ' + v.help + ' at ' + n.target.join(' ') + ' (' + n.failureSummary.replace(/\\s+/g, ' ') + ')'))),
                        (e) => done(['axe failed: ' + e]));
                """);
        return (List<String>) found;
    }

    private static void auditEachScheme(String where) {
        for (String s : SCHEMES) {
            web.browser().colourScheme(s);
            assertThat(violations()).as(where + ", " + s).isEmpty();
        }
        web.browser().colourScheme("");
    }

    @Test
    void theJoinScreenHasNoWcagViolations() {
        web.browser().desktop();
        ChatPage page = new ChatPage(web.browser()).open(web.server().page());
        auditEachScheme("join screen");
        page.askToJoin("not valid");
        await().atMost(ChatPage.WAIT).until(() -> !page.joinError().isEmpty());
        auditEachScheme("join screen with an error");
    }

    @Test
    void theChatHasNoWcagViolationsAtDesktopAndPhoneWidth() {
        PlainClient ta = web.server().plain("ta");
        ta.send("/join #audit");
        ta.awaitLine(l -> l.startsWith("* now in #audit"), "ta in #audit");
        ta.send("said before the page came");
        ta.awaitStamped("ta: said before the page came");
        web.browser().desktop();
        ChatPage page = new ChatPage(web.browser()).open(web.server().page()).join("auditor");
        page.goToRoom("#audit");
        page.awaitRow("ta: said before the page came");
        ta.send("a live message\nof two lines");
        page.awaitRow("ta: a live message");
        ta.send("@auditor a private one");
        page.awaitRow("a private one");
        page.send("/nonsense");
        page.awaitRow("! unknown-command");
        page.search("said");
        page.awaitRow("search \"said\"");
        ta.send("a mention of @auditor");
        page.awaitRow("ta: a mention of @auditor");
        // Read further up while more comes: the new-messages button and an unread badge.
        for (int i = 1; i <= 40; i++) ta.send("filler " + i);
        page.awaitRow("ta: filler 40");
        page.scrollToTop();
        ta.send("@auditor while you read back");
        page.awaitRow("while you read back");
        await().atMost(ChatPage.WAIT).until(() -> page.button("new-below").isDisplayed());
        page.type("@t");
        await().atMost(ChatPage.WAIT).until(() -> web.browser().driver().findElement(org.openqa.selenium.By.id("completions")).isDisplayed());

        auditEachScheme("chat at desktop width");
        page.type(Keys.ESCAPE);
        web.browser().phone();
        try {
            auditEachScheme("chat at phone width");
            page.openPeoplePanel();
            auditEachScheme("chat at phone width, rooms and people open");
        } finally {
            web.browser().desktop();
        }
    }
}
