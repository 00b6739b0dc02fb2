package chatroom.testing;

import chatroom.chat.Limits;
import chatroom.web.OriginRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One browser and one server (both doors, a data folder of its own) for a test class:
 * {@code @RegisterExtension static final WebFixture web = WebFixture.with(limits);}. The
 * browser starts first, so that without Chromium the class is skipped saying why.
 */
public final class WebFixture implements BeforeAllCallback, AfterAllCallback {
    private final Limits limits;
    private Path data;
    private Browser browser;
    private WebTestServer server;

    private WebFixture(Limits limits) {
        this.limits = limits;
    }

    public static WebFixture with(Limits limits) {
        return new WebFixture(limits);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        browser = Browser.start();
        data = Files.createTempDirectory("chatroom-web-");
        server = WebTestServer.start(data.resolve("data"), limits, 0, 0, OriginRule.sameOrigin());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        if (browser != null) browser.close();
        if (data == null) return;
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Browser browser() {
        return browser;
    }

    public WebTestServer server() {
        return server;
    }

    /** A folder of the fixture's own, for a second server a test starts. */
    public Path folder(String name) {
        return data.resolve(name);
    }

    /** The chat page, opened afresh at desktop width. */
    public ChatPage page() {
        browser.desktop();
        return new ChatPage(browser).open(server.page());
    }
}
