package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.testing.JsonClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a welcome lists exactly the room as of its own number. Two Chatters
 * reconnecting together after a restart were welcomed with each other's names although
 * one's join came after the other's welcome (c1's welcome, number 6, said
 * {@code 2 online: c1, c2}, then c1 was shown {@code * c2 joined}, number 7). Here pairs
 * join at the same moment while the previous pair vanishes, many times, and an observer's
 * view of the room's numbered joins and leaves says what each welcome had to list.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WelcomeListsTheRoomAtItsNumberTest {
    private static final int ROUNDS = 150;

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        // Raised limits (no rate limit, high connection caps): 300 connections from 127.0.0.1.
        server = TestServer.start(dataDir, TestLimits.raised());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aWelcomeListsExactlyTheMembersNumberedUpToItsOwnNumber() {
        JsonClient observer = JsonClient.join(server.address(), "observer");
        Welcome observed = (Welcome) observer.seenEvents().getFirst();
        List<Welcome> welcomes = new ArrayList<>();
        List<JsonClient> previous = List.of();
        for (int round = 0; round < ROUNDS; round++) {
            JsonClient a = JsonClient.connect(server.address(), "a" + round);
            JsonClient b = JsonClient.connect(server.address(), "b" + round);
            // Both hellos at once, while the last pair's connections are cut: joins race joins and leaves.
            a.hello("a" + round, "hello");
            b.hello("b" + round, "hello");
            previous.forEach(JsonClient::abort);
            welcomes.add(a.awaitEvent(Welcome.class));
            welcomes.add(b.awaitEvent(Welcome.class));
            previous = List.of(a, b);
        }
        previous.forEach(JsonClient::abort);
        observer.say("done", "done");
        observer.awaitEvent(RoomMessage.class, m -> m.text().equals("done"));

        // The room as of each number, from the observer's welcome and every join and leave it saw.
        TreeMap<Long, TreeSet<String>> roomAt = new TreeMap<>();
        TreeSet<String> members = new TreeSet<>(observed.online());
        roomAt.put(observed.seq(), new TreeSet<>(members));
        for (Event e : observer.seenEvents()) {
            if (e instanceof Joined j) {
                members.add(j.name());
                roomAt.put(j.seq(), new TreeSet<>(members));
            } else if (e instanceof Left l) {
                members.remove(l.name());
                roomAt.put(l.seq(), new TreeSet<>(members));
            }
        }
        List<String> wrong = new ArrayList<>();
        for (Welcome w : welcomes) {
            TreeSet<String> expected = roomAt.floorEntry(w.seq()).getValue();
            if (!new TreeSet<>(w.online()).equals(expected)) {
                wrong.add(w.name() + " welcomed at " + w.seq() + " with " + w.online() + ", the room then: " + expected);
            }
        }
        System.out.printf("welcomes against the room at their number: %d welcomes, %d wrong; first %s%n", welcomes.size(),
                wrong.size(), wrong.stream().limit(3).toList());
        assertThat(wrong).as("welcomes that do not list exactly the room as of their number").isEmpty();
    }
}
