package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.Welcome;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names over real sockets (SPEC §4 "Names"): refused with a reason, and the person may try again. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NamesSocketTest {
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
    void aTakenNameIsRefusedWhateverItsCaseAndTheSameConnectionMayTryAnother() {
        PlainClient alice = server.plain("alice");
        PlainClient other = server.plainConnected("other");

        other.send("Alice");
        other.awaitExactly("! name-taken: alice is already here");
        other.send("ALICE");
        other.awaitExactly("! name-taken: alice is already here");
        other.send("bob");
        other.awaitExactly("* welcome bob, 2 online: alice, bob");

        alice.awaitStamped("* bob joined");
        other.send("hi, I am bob");
        alice.awaitStamped("bob: hi, I am bob");
        assertThat(alice.seen()).noneMatch(line -> line.toLowerCase().contains("alice joined"));
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("a b", "a name may hold letters, digits, _ - and . only, not spaces"),
                Arguments.of("../x", "a name may hold letters, digits, _ - and . only, not '/'"),
                Arguments.of("@bob", "a name may hold letters, digits, _ - and . only, not '@'"),
                Arguments.of("#lobby", "a name may hold letters, digits, _ - and . only, not '#'"),
                Arguments.of("x".repeat(33), "a name has at most 32 characters, this one has 33"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidNames")
    void anInvalidNameIsRefusedWithTheReasonAndTheSameConnectionMayTryAnother(String name, String reason) {
        PlainClient client = server.plainConnected("client");

        client.send(name);
        client.awaitExactly("! name-invalid: " + reason);
        client.send("carol");
        client.awaitExactly("* welcome carol, 1 online: carol");
    }

    @Test
    void aChineseNameJoinsChatsAndReceivesPrivateMessages() {
        PlainClient alice = server.plain("alice");
        PlainClient zhang = server.plainConnected("张三");

        zhang.send("张三");
        zhang.awaitExactly("* welcome 张三, 2 online: alice, 张三");
        alice.awaitStamped("* 张三 joined");
        zhang.send("大家好");
        alice.awaitStamped("张三: 大家好");
        alice.send("@张三 你好");
        zhang.awaitStamped("[private] alice -> 张三: 你好");
    }

    @Test
    void aNameMayHoldThirtyTwoCharactersOfAnyScriptHoweverManyBytesTheyTake() {
        String longest = "张".repeat(32); // 96 bytes of UTF-8, 32 characters

        PlainClient client = server.plainConnected("long");
        client.send(longest + "张");
        client.awaitExactly("! name-invalid: a name has at most 32 characters, this one has 33");
        client.send(longest);
        client.awaitExactly("* welcome " + longest + ", 1 online: " + longest);
    }

    @Test
    void aTakenNameOverTheJsonDoorIsRefusedWithTheHellosIdAndAnotherHelloMayFollow() {
        server.plain("alice");
        JsonClient client = server.jsonConnected("client");

        client.hello("ALICE", "h1");
        Refused refused = client.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NAME_TAKEN);
        assertThat(refused.text()).isEqualTo("alice is already here");
        assertThat(refused.replyTo()).isEqualTo("h1");

        client.hello("a b", "h2");
        refused = client.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NAME_INVALID);
        assertThat(refused.replyTo()).isEqualTo("h2");

        client.hello("bob", "h3");
        Welcome welcome = client.awaitEvent(Welcome.class);
        assertThat(welcome.replyTo()).isEqualTo("h3");
        assertThat(welcome.name()).isEqualTo("bob");
        assertThat(welcome.online()).containsExactly("alice", "bob");
    }

    @Test
    void whenManyAskForTheSameNameAtOnceExactlyOneGetsIt() {
        List<PlainClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) clients.add(server.plainConnected("client " + i));

        for (PlainClient c : clients) c.send("Same");
        int welcomed = 0;
        for (PlainClient c : clients) {
            String answer = c.awaitLine(line -> line.startsWith("* welcome ") || line.startsWith("! "), "an answer to the name");
            if (answer.equals("* welcome Same, 1 online: Same")) welcomed++;
            else assertThat(answer).isEqualTo("! name-taken: Same is already here");
        }
        assertThat(welcomed).isEqualTo(1);
    }

    @Test
    void quittingBeforeChoosingANameJustCloses() {
        PlainClient client = server.plainConnected("client");

        client.send("quit");
        client.awaitEnd();
        assertThat(client.seen()).isEmpty();
    }
}
