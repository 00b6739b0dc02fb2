package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static Browser browser;

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
        browser.driver().executeScript(AXE);
        Object found = browser.driver().executeAsyncScript("""
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
            browser.colourScheme(s);
            assertThat(violations()).as(where + ", " + s).isEmpty();
        }
        browser.colourScheme("");
    }

    @Test
    void theJoinScreenHasNoWcagViolations() {
        browser.desktop();
        ChatPage page = new ChatPage(browser).open(server.page());
        auditEachScheme("join screen");
        page.askToJoin("not valid");
        await().atMost(ChatPage.WAIT).until(() -> !page.joinError().isEmpty());
        auditEachScheme("join screen with an error");
    }

    @Test
    void theChatHasNoWcagViolationsAtDesktopAndPhoneWidth() {
        PlainClient ta = server.plain("ta");
        ta.send("/join #audit");
        ta.awaitLine(l -> l.startsWith("* now in #audit"), "ta in #audit");
        ta.send("said before the page came");
        ta.awaitStamped("ta: said before the page came");
        browser.desktop();
        ChatPage page = new ChatPage(browser).open(server.page()).join("auditor");
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
        page.type("@t");
        await().atMost(ChatPage.WAIT).until(() -> browser.driver().findElement(org.openqa.selenium.By.id("completions")).isDisplayed());

        auditEachScheme("chat at desktop width");
        page.type(Keys.ESCAPE);
        browser.phone();
        try {
            auditEachScheme("chat at phone width");
            page.openPeoplePanel();
            auditEachScheme("chat at phone width, rooms and people open");
        } finally {
            browser.desktop();
        }
    }
}
