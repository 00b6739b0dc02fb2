package chatroom.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named by path so
 * that Selenium Manager never looks for (or downloads) a browser or a driver. One per
 * test class: starting Chromium costs seconds, a new page costs little.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("chatroom.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chatroom.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(String... more) throws IOException {
        profile = Files.createTempDirectory("chatroom-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's network is closed: without the background-networking flags Chromium
        // keeps trying to reach Google's hosts. --no-sandbox because tests may run as root.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800");
        options.addArguments(more);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** A browser, or the test is skipped with why when the Debian packages are not installed. */
    public static Browser start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver; ./test.sh installs them)");
        return new Browser();
    }

    /**
     * A browser that accepts one self-signed certificate, by the SHA-256 of its public key
     * (base64), as a person does who compared its fingerprint and went on: any other
     * certificate error still stops the page.
     */
    public static Browser trusting(String publicKeyPin) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver; ./test.sh installs them)");
        return new Browser("--ignore-certificate-errors-spki-list=" + publicKeyPin);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The viewport of a desktop window (1280 × 800). */
    public void desktop() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The viewport of a phone (390 × 844 CSS pixels, touch, as an iPhone 12–15 has). */
    public void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Emulates the system's light or dark setting ({@code prefers-color-scheme}); "" for the real one. */
    public void colourScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Puts the page in a background tab, really: a new tab opened in front through the
     * DevTools protocol makes Chromium set the page's {@code document.hidden} and fire
     * {@code visibilitychange}, as a person switching tabs does, while the driver keeps
     * talking to the page. Closing the result closes that tab, and the page is in front again.
     */
    public AutoCloseable inBackground() {
        Object tab = driver.executeCdpCommand("Target.createTarget", Map.of("url", "about:blank")).get("targetId");
        return () -> driver.executeCdpCommand("Target.closeTarget", Map.of("targetId", tab));
    }

    /** Saves what the page shows now as target/screenshots/NAME.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
