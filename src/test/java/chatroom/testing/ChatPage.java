package chatroom.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The chat page as a person uses it: by its labels and keys, read back as the text it shows. */
public final class ChatPage {
    public static final Duration WAIT = Duration.ofSeconds(15);
    private final ChromeDriver driver;

    public ChatPage(Browser browser) {
        this.driver = browser.driver();
    }

    public ChatPage open(String url) {
        driver.get(url);
        await().atMost(WAIT).until(() -> driver.findElement(By.id("name")).isDisplayed());
        return this;
    }

    /** Types the name and presses Enter, without waiting for the outcome. */
    public void askToJoin(String name) {
        WebElement field = driver.findElement(By.id("name"));
        field.clear();
        field.sendKeys(name, Keys.ENTER);
    }

    public ChatPage join(String name) {
        askToJoin(name);
        await().atMost(WAIT).until(() -> driver.findElement(By.id("input")).isDisplayed());
        awaitRow("welcome " + name);
        return this;
    }

    /** Types into the message box as a person would (keys, Shift+Enter and all), then presses Enter. */
    public void type(CharSequence... keys) {
        WebElement input = driver.findElement(By.id("input"));
        input.sendKeys(keys);
    }

    public void send(String text) {
        type(text, Keys.ENTER);
    }

    /** The text of every row of the message list, as shown. */
    public List<String> rows() {
        return settled(() -> driver.findElements(By.cssSelector("#messages > li")).stream().map(WebElement::getText).toList());
    }

    /**
     * Reads the page again, from finding the elements on, when it rebuilt a list (the
     * messages on entering a room, the rooms as counts change, the people on a join) between finding an
     * element and reading or clicking it: the read is then of elements no longer shown,
     * and only a whole new lookup says what the page shows. Any other failure is thrown.
     */
    private <T> T settled(Supplier<T> read) {
        return await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(read::get, Objects::nonNull);
    }

    /** Waits for a row whose text contains {@code part}; returns that row's text. */
    public String awaitRow(String part) {
        return await().atMost(WAIT).until(() -> rows().stream().filter(r -> r.contains(part)).findFirst().orElse(null),
                r -> r != null);
    }

    public WebElement rowContaining(String part) {
        awaitRow(part);
        return settled(() -> driver.findElements(By.cssSelector("#messages > li")).stream()
                .filter(e -> e.getText().contains(part)).findFirst().orElseThrow());
    }

    public String joinError() {
        return driver.findElement(By.id("join-error")).getText();
    }

    public WebElement banner() {
        return driver.findElement(By.id("banner"));
    }

    /** The room named in the header. */
    public String room() {
        return driver.findElement(By.id("room")).getText();
    }

    public ChatPage awaitRoom(String room) {
        await().atMost(WAIT).until(() -> room.equals(room()));
        return this;
    }

    /** The rows of messages replayed from the store (dimmed on screen), without their times. */
    public List<String> historyRows() {
        return untimed("#messages > li.history");
    }

    /** The rows that are messages, replayed or live, without notices, dividers or times. */
    public List<String> messageRows() {
        return untimed("#messages > li.message");
    }

    private List<String> untimed(String css) {
        return settled(() -> driver.findElements(By.cssSelector(css)).stream()
                .map(e -> e.getText().replaceFirst("^\\d{2}:\\d{2}:\\d{2}\\s*", "")).toList());
    }

    public WebElement button(String id) {
        return driver.findElement(By.id(id));
    }

    /**
     * Clicks a room in the rooms list once the list shows it (the page keeps the list
     * live). Finding and clicking the entry is one step, retried whole: the list may change
     * between finding an entry and clicking it.
     */
    public void goToRoom(String room) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
            openPanel();
            WebElement entry = driver.findElements(By.cssSelector("#room-list button")).stream()
                    .filter(b -> b.getAttribute("textContent").startsWith(room + " (")).findFirst().orElse(null);
            if (entry == null) return false;
            entry.click();
            return true;
        });
        awaitRoom(room);
    }

    /** At phone width the rooms, search and people are behind the header's button. */
    private void openPanel() {
        WebElement toggle = driver.findElement(By.id("people-toggle"));
        if (toggle.isDisplayed() && !driver.findElement(By.id("people")).isDisplayed()) toggle.click();
    }

    public void search(String text) {
        openPanel();
        WebElement field = driver.findElement(By.id("search"));
        field.clear();
        field.sendKeys(text, Keys.ENTER);
    }

    public List<String> members() {
        return settled(() -> driver.findElements(By.cssSelector("#member-list button")).stream()
                .map(e -> e.getAttribute("textContent")).toList());
    }

    /** The entries of the rooms list as shown ({@code #games (2)}), read in one step. */
    @SuppressWarnings("unchecked")
    public List<String> roomEntries() {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#room-list button')].map(b => b.textContent)");
    }

    /** The unread count shown beside a room in the rooms list ("" when none), read in one step. */
    public String unreadOf(String room) {
        return (String) driver.executeScript("const b = [...document.querySelectorAll('#room-list li')]"
                + ".find((li) => li.firstChild.dataset.room === arguments[0])?.querySelector('.badge');"
                + " return b ? b.textContent : ''", room);
    }

    /** The rooms the list shows as ones this person is in, in its order. */
    @SuppressWarnings("unchecked")
    public List<String> joinedRooms() {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#room-list li.joined')].map((li) => li.firstChild.dataset.room)");
    }

    /** Clicks the button beside a room one is in that leaves it. */
    public void partRoom(String room) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
            openPanel();
            WebElement part = driver.findElements(By.cssSelector("#room-list li.joined")).stream()
                    .filter(li -> room.equals(li.findElement(By.cssSelector("button")).getAttribute("data-room")))
                    .map(li -> li.findElement(By.cssSelector("button.part"))).findFirst().orElse(null);
            if (part == null) return false;
            part.click();
            return true;
        });
    }

    /** What the message box holds now. */
    public String inputValue() {
        return driver.findElement(By.id("input")).getAttribute("value");
    }

    /** The id of the element that has the keyboard focus ("" for the body). */
    public String focused() {
        return (String) driver.executeScript("return document.activeElement ? document.activeElement.id : ''");
    }

    /** How far the message list is scrolled from its bottom, in CSS pixels. */
    public long belowView() {
        return ((Number) driver.executeScript(
                "const l = document.getElementById('log'); return Math.round(l.scrollHeight - l.scrollTop - l.clientHeight)")).longValue();
    }

    /** Scrolls the message list to its top, as a person reading back does. */
    public void scrollToTop() {
        driver.executeScript("document.getElementById('log').scrollTop = 0");
    }

    public long scrollTop() {
        return ((Number) driver.executeScript("return Math.round(document.getElementById('log').scrollTop)")).longValue();
    }

    public void openPeoplePanel() {
        openPanel();
    }
}
