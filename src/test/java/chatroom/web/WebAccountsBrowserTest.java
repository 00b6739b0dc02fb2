package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Role;
import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.JsonClient;
import chatroom.testing.TestLimits;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Signing in to a registered name, registering one, and roles in the people list, on the page. Each test has names of its own. */
@Timeout(180)
class WebAccountsBrowserTest {
    private static final String PASSWORD = "lantern-Otter-58";

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        server = WebTestServer.start(tmp.resolve("data"), TestLimits.raised(), 0, 0, OriginRule.sameOrigin());
        assertThat(server.accounts().add("alice", PASSWORD, Role.ADMIN).done()).isTrue();
        assertThat(server.accounts().add("mona", PASSWORD, Role.MODERATOR).done()).isTrue();
        assertThat(server.accounts().add("tina", PASSWORD, Role.MEMBER).done()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browser != null) browser.close();
    }

    private ChatPage page() {
        return new ChatPage(browser).open(server.page());
    }

    private ChromeDriver driver() {
        return browser.driver();
    }

    private WebElement byId(String id) {
        return driver().findElement(By.id(id));
    }

    private void awaitJoinError(ChatPage page, String text) {
        await("join error: " + text).atMost(ChatPage.WAIT).until(() -> page.joinError().equals(text));
    }

    @Test
    void aRegisteredNameGetsAPasswordFieldThatHidesWhatIsTypedAndAWrongPasswordMayBeTriedAgain() {
        ChatPage page = page();
        assertThat(byId("password-row").isDisplayed()).isFalse();

        page.askToJoin("alice");
        awaitJoinError(page, "alice is registered; send its password");
        assertThat(byId("password-row").isDisplayed()).isTrue();
        assertThat(byId("password").getAttribute("type")).isEqualTo("password");
        assertThat(driver().switchTo().activeElement().getAttribute("id")).isEqualTo("password");

        byId("password").sendKeys("not the password", Keys.ENTER);
        awaitJoinError(page, "that is not the password of alice; try again");
        assertThat(byId("password").getAttribute("value")).isEmpty();

        byId("password").sendKeys(PASSWORD, Keys.ENTER);
        await().atMost(ChatPage.WAIT).until(() -> byId("input").isDisplayed());
        page.awaitRow("welcome alice");
        assertThat(driver().getPageSource()).doesNotContain(PASSWORD);
        page.send("/quit");
    }

    @Test
    void aGuestCannotTakeALookAlikeOfARegisteredNameFromThePage() {
        ChatPage page = page();
        page.askToJoin("aIice");
        awaitJoinError(page, "aIice looks too much like alice, a registered name (I looks like l); pick a name that looks different");
        assertThat(byId("password-row").isDisplayed()).isFalse();
        assertThat(byId("input").isDisplayed()).isFalse();
    }

    @Test
    void aGuestRegistersFromThePageTypingThePasswordTwiceInADialog() throws Exception {
        ChatPage page = page().join("carol");
        page.send("/register");
        await().atMost(ChatPage.WAIT).until(() -> byId("password-dialog").isDisplayed());
        assertThat(page.inputValue()).isEmpty();
        byId("new-password").sendKeys(PASSWORD);
        byId("new-password-again").sendKeys(PASSWORD + "x", Keys.ENTER);
        await().atMost(ChatPage.WAIT).until(() -> byId("password-dialog-error").getText().equals("The two passwords differ."));
        byId("new-password-again").clear();
        byId("new-password-again").sendKeys(PASSWORD, Keys.ENTER);

        page.awaitRow("you registered carol; from now on it takes your password");
        assertThat(byId("password-dialog").isDisplayed()).isFalse();
        assertThat(server.accounts().check("carol", PASSWORD)).isTrue();
        assertThat(page.rows()).noneMatch(r -> r.contains(PASSWORD));
        page.send("/quit");
    }

    @Test
    void thePeopleListSaysWhoIsAGuestAndWhoIsAModerator() {
        JsonClient guest = server.json("gus");
        ChatPage page = page();
        page.askToJoin("mona");
        awaitJoinError(page, "mona is registered; send its password");
        byId("password").sendKeys(PASSWORD, Keys.ENTER);
        page.awaitRow("welcome mona");

        await().atMost(ChatPage.WAIT).until(() -> page.members().containsAll(java.util.List.of("mona (moderator)", "gus (guest)")));
        guest.close();
        page.send("/quit");
    }

    @Test
    void aPersonAModeratorKicksIsBackAtTheFormToldWhyAndThePageDoesNotRejoinByItself() {
        ChatPage page = page().join("wendy");
        JsonClient mona = server.jsonConnected("mona");
        mona.send(new chatroom.protocol.Request.Hello("1", chatroom.protocol.JsonCodec.VERSION, "mona", -1, PASSWORD));
        mona.awaitEvent(chatroom.chat.Event.Welcome.class, w -> true);

        mona.send(new chatroom.protocol.Request.Act("2", chatroom.chat.Commands.parse("/kick wendy too many emojis")));
        awaitJoinError(page, "you were kicked by mona: too many emojis");
        assertThat(byId("input").isDisplayed()).isFalse();
        assertThat(byId("join").isEnabled()).isTrue();
        assertThat(page.banner().isDisplayed()).as("no 'Reconnecting…' banner").isFalse();
    }

    @Test
    void aPrivateMessageThatWaitedIsShownMarkedWithTheDayAndTimeItWasSent() {
        JsonClient student = server.json("student");
        student.tell(java.util.List.of("tina"), "a question from before", "1");
        student.awaitEvent(chatroom.chat.Event.Notice.class, n -> n.text().startsWith("tina is offline"));

        ChatPage page = page();
        page.askToJoin("tina");
        awaitJoinError(page, "tina is registered; send its password");
        byId("password").sendKeys(PASSWORD, Keys.ENTER);
        String row = page.awaitRow("a question from before");
        assertThat(row).containsIgnoringCase("private, sent while you were away").contains("student → tina");
        WebElement waited = page.rowContaining("a question from before");
        assertThat(waited.getAttribute("class")).contains("waited");
        // With its date, since it may be days old.
        assertThat(waited.findElement(By.cssSelector("time")).getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        page.send("/quit");
    }
}
