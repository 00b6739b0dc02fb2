package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.RoomLimits;
import chatroom.history.SqliteHistoryStore;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import java.net.InetSocketAddress;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.protocol.PlainFormat;
import chatroom.record.Console;
import chatroom.record.ServerLog;
import chatroom.tcp.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Chatter against a real server on a real socket, its screen replaced by a recorder. */
@Timeout(30)
class ChatterTest {
    private static final Clock CLOCK = Clock.system(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private TcpServer server;
    private ServerLog log;
    private SqliteHistoryStore store;

    @AfterEach
    void stop() throws IOException {
        stopServer();
    }

    private int startServer(int port) throws IOException {
        log = new ServerLog(dir.resolve("data"), ZoneOffset.UTC, new Console(System.out, true));
        store = SqliteHistoryStore.open(dir.resolve("data"), false);
        server = new TcpServer(new Manager(CLOCK, log, Limits.DEFAULTS, store, RoomLimits.DEFAULTS), Limits.DEFAULTS,
                ZoneOffset.UTC);
        return server.start("127.0.0.1", port).getPort();
    }

    private void stopServer() throws IOException {
        if (server != null) server.close();
        if (store != null) store.close();
        if (log != null) log.close();
    }

    @Test
    void aScriptedChatterSaysInOneLineThatTheServerVanishedAndExitsWithOne() throws Exception {
        try (ServerSocket fake = new ServerSocket(0)) {
            TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
            Chatter chatter = new Chatter("127.0.0.1", fake.getLocalPort(), dir.resolve("logs"), screen, CLOCK);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> chatter.run("alice"));
            try (Socket s = fake.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).contains("\"type\":\"hello\"").contains("\"name\":\"alice\"");
                s.getOutputStream().write(("{\"type\":\"welcome\",\"version\":1,\"name\":\"alice\",\"room\":\"#lobby\","
                        + "\"seq\":1,\"online\":[\"alice\"]}\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                await().until(() -> screen.shown.contains("* welcome alice, 1 online: alice"));
            } // the fake server drops the connection without a word
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(screen.shown).last().asString()
                    .isEqualTo("! connection-lost: lost the connection to the server at 127.0.0.1:" + fake.getLocalPort());
            List<String> transcript = Files.readAllLines(dir.resolve("logs/alice.log"));
            assertThat(transcript.get(transcript.size() - 2)).endsWith("! connection-lost: lost the connection to the server at 127.0.0.1:"
                    + fake.getLocalPort());
            assertThat(transcript).last().asString().contains("session closed");
        }
    }

    @Test
    void theChatterAnswersTheServersPingWithAPongAndShowsNothing() throws Exception {
        try (ServerSocket fake = new ServerSocket(0)) {
            TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
            Chatter chatter = new Chatter("127.0.0.1", fake.getLocalPort(), dir.resolve("logs"), screen, CLOCK);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> chatter.run("alice"));
            try (Socket s = fake.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).contains("\"type\":\"hello\"");
                s.getOutputStream().write(("{\"type\":\"welcome\",\"version\":1,\"name\":\"alice\",\"room\":\"#lobby\","
                        + "\"seq\":1,\"online\":[\"alice\"]}\n{\"type\":\"ping\"}\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();

                assertThat(in.readLine()).isEqualTo("{\"type\":\"pong\"}");

                s.getOutputStream().write("{\"type\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8)); // and again, later
                s.getOutputStream().flush();
                assertThat(in.readLine()).isEqualTo("{\"type\":\"pong\"}");
                screen.typed.add(TestChatter.RecordingScreen.END);
                assertThat(in.readLine()).contains("\"type\":\"quit\"");
            }
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(screen.shown).containsExactly("* welcome alice, 1 online: alice");
            assertThat(Files.readAllLines(dir.resolve("logs/alice.log"))).noneMatch(line -> line.contains("ping")
                    || line.contains("pong"));
        }
    }

    /** Alice's Chatter, as at a terminal, once she is welcomed; completes with its exit code. */
    private CompletableFuture<Integer> aliceAtATerminal(int port, TestChatter.RecordingScreen screen) {
        Chatter chatter = new Chatter("127.0.0.1", port, dir.resolve("logs"), screen, CLOCK);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> chatter.run("alice"));
        await().until(() -> screen.shown.contains("* welcome alice, 1 online: alice"));
        return exit;
    }

    @Test
    void aChatterAtATerminalThatAModeratorKicksSaysWhyAndDoesNotComeBack() throws Exception {
        try (chatroom.testing.TestServer moderated = chatroom.testing.TestServer.start(dir.resolve("moderated"))) {
            assertThat(moderated.accounts().add("mona", "lantern-Otter-58", chatroom.chat.Role.MODERATOR).done()).isTrue();
            TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
            CompletableFuture<Integer> exit = aliceAtATerminal(moderated.address().getPort(), screen);
            chatroom.testing.PlainClient mona = moderated.plainConnected("mona");
            mona.send("mona");
            mona.awaitExactly("! password-required: mona is registered; send its password");
            mona.send("lantern-Otter-58");
            mona.awaitLine(l -> l.startsWith("* welcome mona,"), "mona's welcome");

            mona.send("/kick alice enough for today");
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(screen.shown).contains("! kicked: you were kicked by mona: enough for today")
                    .noneMatch(l -> l.contains("reconnecting"));
        }
    }

    @Test
    void aChatterAtATerminalReconnectsUnderTheSameNameWhenTheServerComesBack() throws Exception {
        int port = startServer(0);
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
        CompletableFuture<Integer> exit = aliceAtATerminal(port, screen);

        stopServer();
        await().until(() -> screen.shown.stream().anyMatch(l -> l.contains("reconnecting")));
        startServer(port);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> screen.shown.stream().filter(l -> l.startsWith("* welcome alice")).count() == 2);

        screen.typed.add("back again");
        await().until(() -> screen.shown.stream().anyMatch(l -> l.endsWith(" alice: back again")));
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);

        String transcript = Files.readString(dir.resolve("logs/alice.log"));
        assertThat(transcript).contains("connection lost; reconnecting").contains("reconnected").contains("alice: back again");
    }

    @Test
    void afterAReconnectTheChatterIsBackInItsRoomAndShownOnlyWhatItMissed() throws Exception {
        int port = startServer(0);
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
        CompletableFuture<Integer> exit = aliceAtATerminal(port, screen);
        screen.typed.add("/join #games");
        await().until(() -> screen.shown.contains("* now in #games (1): alice"));
        try (JsonClient bob = JsonClient.join(new InetSocketAddress("127.0.0.1", port), "bob")) {
            bob.send(new Request.Act("j", new ChatInput.JoinRoom("#games")));
            bob.say("said before", "1");
            await().until(() -> screen.shown.stream().anyMatch(l -> l.endsWith(" bob: said before")));
        }

        stopServer();
        await().until(() -> screen.shown.stream().anyMatch(l -> l.contains("reconnecting")));
        startServer(port);
        // Someone holds the name "alice" until bob has spoken, so the Chatter cannot be back before that.
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (JsonClient holder = JsonClient.join(address, "alice"); JsonClient bob = JsonClient.join(address, "bob")) {
            bob.send(new Request.Act("j", new ChatInput.JoinRoom("#games")));
            bob.say("said while you were away", "2");
            bob.awaitEvent(Event.Accepted.class, a -> "2".equals(a.replyTo()));
            holder.quit("q");
            holder.awaitEnd();
            await().atMost(Duration.ofSeconds(20)) // the history shown as one screenful: heading, message, end
                    .until(() -> screen.shown.stream().anyMatch(l -> l.contains(" bob: said while you were away\n")));
        }
        assertThat(screen.shown).as("back in the room it was in").filteredOn(l -> l.equals("* now in #games (2): alice, bob")
                || l.equals("* now in #games (1): alice")).hasSize(2);
        assertThat(screen.shown).as("what it had seen is not shown again").filteredOn(l -> l.endsWith(" bob: said before"))
                .hasSize(1);
        assertThat(screen.shown).anyMatch(l -> l.startsWith("* history of #games: 1 earlier message"));

        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(Files.readAllLines(dir.resolve("logs/alice.log"))).as("the transcript names each line's room")
                .anyMatch(l -> l.matches("\\S+ \\S+ #games bob: said before"))
                .anyMatch(l -> l.matches("\\S+ \\S+ #games \\* now in #games .*"));
    }

    /** Several rooms at once (issue 16): other rooms' lines name their room; a reconnect enters every room again. */
    @Test
    void aChatterInSeveralRoomsNamesTheOthersAndAfterAReconnectIsBackInEachTalkingWhereItDid() throws Exception {
        int port = startServer(0);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(true);
        CompletableFuture<Integer> exit = aliceAtATerminal(port, screen);
        screen.typed.add("/join #games");
        await().until(() -> screen.shown.contains("* now in #games (1): alice"));
        screen.typed.add("/join #chess");
        await().until(() -> screen.shown.contains("* now in #chess (1): alice"));
        screen.typed.add("/join #games");
        await().until(() -> screen.shown.contains("* you talk in #games; your rooms (3): #lobby, #games, #chess"));
        try (JsonClient bob = JsonClient.join(address, "bob")) {
            bob.say("lobby news", "1");
            await().until(() -> screen.shown.stream().anyMatch(l -> l.matches("\\S+ \\S+ #lobby bob: lobby news")));
        }

        stopServer();
        await().until(() -> screen.shown.stream().anyMatch(l -> l.contains("reconnecting")));
        startServer(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> screen.shown.stream().filter(l -> l.equals("* now in #games (1): alice"))
                .count() == 2);
        screen.typed.add("/myrooms");
        await().until(() -> screen.shown.contains("* you talk in #games; your rooms (3): #lobby, #chess, #games"));
        try (JsonClient carol = JsonClient.join(address, "carol")) {
            carol.send(new Request.Act("j", new ChatInput.JoinRoom("#games")));
            carol.awaitEvent(Event.RoomEntered.class);
            screen.typed.add("after the drop");
            Event.RoomMessage heard = carol.awaitEvent(Event.RoomMessage.class, m -> m.text().equals("after the drop"));
            assertThat(heard.room()).as("plain text goes where alice talked before the drop").isEqualTo("#games");
        }
        screen.typed.add(TestChatter.RecordingScreen.END);
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
    }

    @Test
    void aTakenNameEndsAScriptedChatterWithTheReason() throws Exception {
        int port = startServer(0);
        TestChatter.RecordingScreen first = new TestChatter.RecordingScreen(false);
        CompletableFuture.supplyAsync(() -> new Chatter("127.0.0.1", port, dir.resolve("logs"), first, CLOCK).run("alice"));
        await().until(() -> first.shown.contains("* welcome alice, 1 online: alice"));

        TestChatter.RecordingScreen second = new TestChatter.RecordingScreen(false);
        int exit = new Chatter("127.0.0.1", port, dir.resolve("logs"), second, CLOCK).run("ALICE");
        assertThat(exit).isEqualTo(1);
        assertThat(second.shown).containsExactly("! name-taken: alice is already here");
        first.typed.add(TestChatter.RecordingScreen.END);
    }

    @Test
    void endOfInputQuitsAndTheRoomHearsIt() throws Exception {
        int port = startServer(0);
        TestChatter.RecordingScreen alice = new TestChatter.RecordingScreen(false);
        TestChatter.RecordingScreen bob = new TestChatter.RecordingScreen(false);
        CompletableFuture<Integer> aliceExit =
                CompletableFuture.supplyAsync(() -> new Chatter("127.0.0.1", port, dir.resolve("logs"), alice, CLOCK).run("alice"));
        await().until(() -> alice.shown.contains("* welcome alice, 1 online: alice"));
        CompletableFuture<Integer> bobExit =
                CompletableFuture.supplyAsync(() -> new Chatter("127.0.0.1", port, dir.resolve("logs"), bob, CLOCK).run("bob"));
        await().until(() -> bob.shown.contains("* welcome bob, 2 online: alice, bob"));

        bob.typed.add("@ alice  two  spaces");
        bob.typed.add(TestChatter.RecordingScreen.END);
        assertThat(bobExit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        await().until(() -> alice.shown.stream().anyMatch(l -> l.endsWith("* bob left (quit)")));
        assertThat(alice.shown).anyMatch(l -> l.endsWith("[private] bob -> alice:  two  spaces"));
        alice.typed.add(TestChatter.RecordingScreen.END);
        assertThat(aliceExit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
    }

    @Test
    void anUnreachableServerIsOneLineOnStandardErrorAndExitOne() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TestChatter.RecordingScreen screen = new TestChatter.RecordingScreen(false);
        assertThat(new Chatter("127.0.0.1", closedPort, dir.resolve("logs"), screen, CLOCK).run("alice")).isEqualTo(1);
        assertThat(screen.shown).isEmpty();
        assertThat(Files.exists(dir.resolve("logs"))).as("no transcript without a session").isFalse();
    }
}
