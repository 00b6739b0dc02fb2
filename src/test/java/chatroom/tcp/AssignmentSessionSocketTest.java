package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.LeaveReason;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assignment's own scenario (SPEC §2) over real sockets: three people join, chat in
 * public, one whispers with {@code @}, all quit, and the server's record holds it all.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AssignmentSessionSocketTest {
    /** Every server log line starts with an ISO-8601 time with the server zone's offset. */
    private static final String LOG_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+08:00 ";
    private static final Pattern LOG_MSG = Pattern.compile(LOG_TIME + "MSG #lobby (\\d+) (\\S+): (.*)");
    private static final Pattern LOG_ROOM_EVENT = Pattern.compile(LOG_TIME + "(?:JOIN|MSG|LEAVE) #lobby (\\d+) .*");
    private static final int MESSAGES_EACH = 10;

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theAssignmentsSessionWorksEndToEndOverThePlainDoor() {
        PlainClient c1 = server.plain("c1");
        PlainClient c2 = server.plain("c2");
        PlainClient c3 = server.plainConnected("c3");
        c3.send("c3");
        c3.awaitExactly("* welcome c3, 3 online: c1, c2, c3");
        c1.awaitStamped("* c2 joined");
        c1.awaitStamped("* c3 joined");
        c2.awaitStamped("* c3 joined");

        // Public messages from all three at once: everyone sees all of them, in one order.
        for (int i = 0; i < MESSAGES_EACH; i++) {
            for (PlainClient c : List.of(c1, c2, c3)) c.send("message " + i + " from " + c.label());
        }
        List<List<String>> views = new ArrayList<>();
        for (PlainClient c : List.of(c1, c2, c3)) {
            views.add(c.awaitStampedLines(rest -> rest.matches("c\\d: message \\d+ from c\\d"), 3 * MESSAGES_EACH,
                    "public message"));
        }
        List<String> order = views.get(0);
        assertThat(views).allSatisfy(view -> assertThat(view).isEqualTo(order));
        for (PlainClient c : List.of(c1, c2, c3)) {
            List<String> own = order.stream().filter(m -> m.startsWith(c.label() + ": ")).toList();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES_EACH; i++) sent.add(c.label() + ": message " + i + " from " + c.label());
            assertThat(own).as("%s's messages, in the order sent", c.label()).isEqualTo(sent);
        }

        // The assignment's private form, "@ name", with the text's double space kept.
        c1.send("@ c2 hello  there");
        c2.awaitStamped("[private] c1 -> c2: hello  there");
        c1.awaitStamped("[private] c1 -> c2: hello  there");
        c1.send("marker after the private message");
        c3.awaitStamped("c1: marker after the private message");
        c2.awaitStamped("c1: marker after the private message");
        assertThat(c3.seen()).noneMatch(line -> line.contains("hello  there") || line.contains("[private]"));
        assertThat(c2.seen()).filteredOn(line -> line.contains("hello  there")).hasSize(1);

        // Leaving, both ways the plain door knows: "quit" (the assignment's) and "/quit".
        c1.send("quit");
        c1.awaitStamped("* c1 left (quit)");
        c1.awaitEnd();
        c2.awaitStamped("* c1 left (quit)");
        c3.awaitStamped("* c1 left (quit)");
        c2.send("/quit");
        c2.awaitStamped("* c2 left (quit)");
        c2.awaitEnd();
        c3.awaitStamped("* c2 left (quit)");
        c3.send("quit");
        c3.awaitStamped("* c3 left (quit)");
        c3.awaitEnd();

        // The server's record: every line stamped; every message with sender and text, in
        // the order everyone saw; the private one; joins and leaves with addresses.
        List<String> log = server.logLines();
        assertThat(log).allSatisfy(line -> assertThat(line).matches(LOG_TIME + "[A-Z]+ .*"));
        List<String> logged = new ArrayList<>();
        for (String line : log) {
            Matcher m = LOG_MSG.matcher(line);
            if (m.matches()) logged.add(m.group(2) + ": " + m.group(3));
        }
        assertThat(logged).isEqualTo(concat(order, List.of("c1: marker after the private message")));
        assertThat(log).anySatisfy(line -> assertThat(line).matches(LOG_TIME + "PRIVATE \\d+ c1 -> c2: hello  there"));
        for (PlainClient c : List.of(c1, c2, c3)) {
            String address = Pattern.quote(c.localAddress());
            assertThat(log).anySatisfy(line -> assertThat(line).matches(LOG_TIME + "JOIN #lobby \\d+ " + c.label() + " " + address));
            assertThat(log).anySatisfy(line -> assertThat(line).matches(LOG_TIME + "LEAVE #lobby \\d+ " + c.label() + " \\(quit\\) " + address));
        }
        assertThat(roomSequence(log)).as("room event numbers in the log").isEqualTo(oneTo(3 + 3 * MESSAGES_EACH + 1 + 3));
    }

    @Test
    void theAssignmentsSessionWorksEndToEndOverTheJsonDoor() {
        JsonClient j1 = server.json("j1");
        JsonClient j2 = server.json("j2");
        JsonClient j3 = server.json("j3");
        for (JsonClient j : List.of(j1, j2)) j.awaitEvent(Joined.class, e -> e.name().equals("j3"));

        for (int i = 0; i < MESSAGES_EACH; i++) {
            for (JsonClient j : List.of(j1, j2, j3)) j.say("message " + i + " from " + j.label(), j.label() + "-" + i);
        }
        for (JsonClient j : List.of(j1, j2, j3)) j.awaitEvents(RoomMessage.class, m -> true, 3 * MESSAGES_EACH);

        j1.tell(List.of("j2"), "hello  there", "p1");
        PrivateMessage received = j2.awaitEvent(PrivateMessage.class);
        assertThat(received.from()).isEqualTo("j1");
        assertThat(received.to()).containsExactly("j2");
        assertThat(received.text()).isEqualTo("hello  there");
        PrivateMessage echo = j1.awaitEvent(PrivateMessage.class);
        assertThat(echo).isEqualTo(received);
        assertThat(j1.awaitEvent(Accepted.class, a -> "p1".equals(a.replyTo())).privateId()).isEqualTo(received.id());
        j1.say("marker", "marker");
        for (JsonClient j : List.of(j2, j3)) j.awaitEvent(RoomMessage.class, m -> m.text().equals("marker"));

        for (JsonClient j : List.of(j1, j2, j3)) {
            j.quit("quit-" + j.label());
            j.awaitEvent(Left.class, l -> l.name().equals(j.label()) && l.reason() == LeaveReason.QUIT);
            j.awaitEnd();
        }

        // Everything has arrived: now read each client's whole conversation.
        List<List<RoomMessage>> views = new ArrayList<>();
        for (JsonClient j : List.of(j1, j2, j3)) {
            List<Event> events = j.seenEvents();
            views.add(events.stream().filter(RoomMessage.class::isInstance).map(RoomMessage.class::cast).toList());

            // Room numbers run without gaps from the client's own join to its own leave.
            Welcome welcome = (Welcome) events.getFirst();
            List<Long> numbers = new ArrayList<>();
            numbers.add(welcome.seq());
            for (Event e : events) {
                switch (e) {
                    case Joined x -> numbers.add(x.seq());
                    case Left x -> numbers.add(x.seq());
                    case RoomMessage x -> numbers.add(x.seq());
                    default -> { }
                }
            }
            assertThat(numbers).as("%s's room event numbers", j.label())
                    .isEqualTo(rangeFrom(welcome.seq(), numbers.size()));

            // Each message was accepted with the number everyone saw it under.
            Map<String, Long> accepted = events.stream()
                    .filter(e -> e instanceof Accepted a && a.room() != null)
                    .map(Accepted.class::cast)
                    .collect(Collectors.toMap(Accepted::replyTo, Accepted::seq));
            assertThat(accepted).hasSize(MESSAGES_EACH + (j == j1 ? 1 : 0));
            for (int i = 0; i < MESSAGES_EACH; i++) {
                long seq = accepted.get(j.label() + "-" + i);
                RoomMessage m = views.getLast().stream().filter(x -> x.seq() == seq).findFirst().orElseThrow();
                assertThat(m.from()).isEqualTo(j.label());
                assertThat(m.text()).isEqualTo("message " + i + " from " + j.label());
            }
        }
        // The same messages, in the same order, under the same numbers, for everyone.
        assertThat(views.get(0)).hasSize(3 * MESSAGES_EACH + 1);
        assertThat(views).allSatisfy(view -> assertThat(view).isEqualTo(views.get(0)));
        assertThat(j3.seenEvents()).noneMatch(e -> e instanceof PrivateMessage);

        List<String> log = server.logLines();
        assertThat(log).anySatisfy(line -> assertThat(line).matches(LOG_TIME + "PRIVATE " + received.id() + " j1 -> j2: hello  there"));
        assertThat(roomSequence(log)).isEqualTo(oneTo(3 + 3 * MESSAGES_EACH + 1 + 3));
    }

    @Test
    void privateMessageToSeveralPeopleReachesEachOfThemAndNobodyElse() {
        PlainClient ann = server.plain("ann");
        PlainClient bob = server.plain("bob");
        PlainClient cat = server.plain("cat");
        PlainClient dan = server.plain("dan");
        ann.awaitStamped("* dan joined");

        ann.send("@bob @cat: see you at  noon");
        String expected = "[private] ann -> bob, cat: see you at  noon";
        ann.awaitStamped(expected);
        bob.awaitStamped(expected);
        cat.awaitStamped(expected);
        ann.send("public marker");
        dan.awaitStamped("ann: public marker");
        assertThat(dan.seen()).noneMatch(line -> line.contains("noon"));
        assertThat(server.logLines()).anySatisfy(line ->
                assertThat(line).matches(LOG_TIME + "PRIVATE \\d+ ann -> bob,cat: see you at  noon"));
    }

    @Test
    void whoListsThePeopleInTheRoomAndWhoAllEveryoneOnline() {
        PlainClient ann = server.plain("ann");
        server.plain("bob");
        ann.awaitStamped("* bob joined");

        ann.send("/who");
        ann.awaitExactly("* in #lobby (2): ann, bob");
        ann.send("/who all");
        ann.awaitExactly("* online (2): ann, bob");
    }

    /** The room's numbers as the log has them, in the log's order. */
    private static List<Long> roomSequence(List<String> log) {
        List<Long> numbers = new ArrayList<>();
        for (String line : log) {
            Matcher m = LOG_ROOM_EVENT.matcher(line);
            if (m.matches()) numbers.add(Long.parseLong(m.group(1)));
        }
        return numbers;
    }

    private static List<Long> oneTo(int n) {
        return rangeFrom(1, n);
    }

    private static List<Long> rangeFrom(long first, int count) {
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) numbers.add(first + i);
        return numbers;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
