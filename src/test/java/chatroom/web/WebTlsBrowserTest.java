package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.Browser;
import chatroom.testing.ChatPage;
import chatroom.testing.PlainClient;
import chatroom.testing.WebTestServer;
import chatroom.tls.ServerKeys;
import chatroom.tls.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat page over HTTPS with a self-signed certificate, in real headless Chromium that
 * accepts that one certificate (as a person does who compared its fingerprint): the page
 * loads, its WebSocket goes over wss:, and it chats with a terminal on the clear TCP port.
 */
@Timeout(120)
class WebTlsBrowserTest {
    @TempDir
    static Path tmp;
    static WebTestServer server;
    static ServerKeys keys;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        TestKeys made = TestKeys.write(tmp.resolve("tls"), "127.0.0.1");
        browser = Browser.trusting(made.publicKeyPin());
        keys = made.serverKeys();
        server = WebTestServer.startTls(tmp.resolve("data"), keys);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (keys != null) keys.close();
        if (browser != null) browser.close();
    }

    @Test
    void thePageOverHttpsJoinsOverWssAndChatsWithATerminal() {
        ChatPage page = new ChatPage(browser).open(server.page());
        assertThat(server.page()).startsWith("https://");
        assertThat(browser.driver().executeScript("return location.protocol")).isEqualTo("https:");
        PlainClient terminal = server.plain("tom");

        page.join("wen");
        terminal.awaitStamped("* wen joined");
        page.send("hello from an HTTPS page");
        terminal.awaitStamped("wen: hello from an HTTPS page");
        terminal.send("hello back, page");

        // An https: page may open only a wss: socket (Chromium blocks ws: as mixed content), so this came over TLS.
        assertThat(page.awaitRow("hello back, page")).contains("tom");
    }

    @Test
    void aBrowserThatHasNotAcceptedTheCertificateGetsNoPage() throws Exception {
        try (Browser wary = Browser.start()) {
            wary.driver().get(server.page());

            assertThat(wary.driver().findElements(org.openqa.selenium.By.id("name"))).isEmpty();
            assertThat(wary.driver().getPageSource()).contains("ERR_CERT_AUTHORITY_INVALID");
        }
    }
}
