package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §4 "Bad input gets a clear error and loses nothing": each kind of bad input gets
 * its own error, and the connection (and everyone else's) carries on.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputSocketTest {
    /** Small enough that a test line can exceed it cheaply. */
    private static final int MAX_LINE_BYTES = 1024;
    private static final Limits LIMITS = Limits.DEFAULTS.withMaxLineBytes(MAX_LINE_BYTES);
    private static final String LOG_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+08:00 ";

    @TempDir
    Path dataDir;

    private TestServer server;
    private PlainClient ann;
    private PlainClient bob;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
        ann = server.plain("ann");
        bob = server.plain("bob");
        ann.awaitStamped("* bob joined");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {MAX_LINE_BYTES + 1, 2000, 100_000})
    void anOverLongLineIsRefusedAndTheConnectionStaysUsable(int bytes) {
        ann.send("x".repeat(bytes));
        ann.awaitExactly("! line-too-long: a line may have at most 1024 bytes, this one had " + bytes + "; it was dropped");

        ann.send("still here");
        bob.awaitStamped("ann: still here");
        ann.awaitStamped("ann: still here");
        assertThat(bob.seen()).noneMatch(line -> line.contains("xxxx"));
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .matches(LOG_TIME + "REJECT " + Pattern.quote(ann.localAddress()) + " ann line-too-long: .*"));
    }

    @Test
    void aLineOfExactlyTheLimitIsDeliveredWithOrWithoutACarriageReturn() {
        String longest = "y".repeat(MAX_LINE_BYTES - 1) + "z";

        ann.send(longest);
        bob.awaitStamped("ann: " + longest);
        ann.send(longest + "\r"); // telnet ends lines with \r\n; the \r is not part of the line
        bob.awaitStamped("ann: " + longest);
        assertThat(ann.seen()).noneMatch(line -> line.startsWith("!"));
    }

    @Test
    void anOverLongNameIsRefusedAndTheConnectionMayStillJoin() {
        PlainClient client = server.plainConnected("client");

        client.send("n".repeat(5000));
        client.awaitExactly("! line-too-long: a line may have at most 1024 bytes, this one had 5000; it was dropped");
        client.send("carol");
        client.awaitWelcome("carol");
    }

    @Test
    void invalidUtf8IsRefusedAndTheConnectionStaysUsable() {
        ann.sendRaw(new byte[] {'h', 'i', ' ', (byte) 0xC3, 0x28, '\n'}); // 0xC3 must be followed by 0x80..0xBF
        ann.awaitExactly("! invalid-utf8: that line was not valid UTF-8; it was dropped");
        ann.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFE, '\n'});
        ann.awaitExactly("! invalid-utf8: that line was not valid UTF-8; it was dropped");

        ann.send("still here");
        bob.awaitStamped("ann: still here");
        assertThat(bob.seen()).noneMatch(line -> line.contains("hi "));
    }

    @Test
    void invalidUtf8BeforeTheNameIsRefusedAndTheConnectionMayStillJoin() {
        PlainClient client = server.plainConnected("client");

        client.sendRaw(new byte[] {(byte) 0xC3, 0x28, '\n'});
        client.awaitExactly("! invalid-utf8: that line was not valid UTF-8; it was dropped");
        client.send("carol");
        client.awaitWelcome("carol");
    }

    @Test
    void aCharacterSplitAcrossTwoWritesArrivesWhole() {
        byte[] bytes = "你好, 世界\n".getBytes(StandardCharsets.UTF_8);

        ann.sendRaw(Arrays.copyOfRange(bytes, 0, 4)); // "你" and the first byte of "好"
        ann.sendRaw(Arrays.copyOfRange(bytes, 4, bytes.length));
        bob.awaitStamped("ann: 你好, 世界");
    }

    @Test
    void aPrivateMessageToSomeoneNotOnlineIsRefusedByName() {
        ann.send("@nobody hi");
        ann.awaitExactly("! not-online: nobody is not online");

        ann.send("@bob @nobody hi both");
        bob.awaitStamped("[private] ann -> bob: hi both");
        ann.awaitStamped("[private] ann -> bob: hi both");
        ann.awaitExactly("! not-online: nobody is not online");
        ann.send("marker");
        bob.awaitStamped("ann: marker");
        assertThat(bob.seen()).noneMatch(line -> line.endsWith(": hi"));
    }

    @Test
    void anUnknownCommandIsRefusedAndTheConnectionStaysUsable() {
        ann.send("/frobnicate now");
        ann.awaitExactly("! unknown-command: /frobnicate is not a command; /help lists them");

        ann.send("still here");
        bob.awaitStamped("ann: still here");
        assertThat(bob.seen()).noneMatch(line -> line.contains("frobnicate"));
    }

    @Test
    void someoneWhoVanishesMidLineIsAnnouncedAsLostAndTheirNameIsFreeAgain() {
        PlainClient dora = server.plain("dora");
        bob.awaitStamped("* dora joined");

        dora.sendWithoutNewline("partial text");
        dora.abort();
        bob.awaitStamped("* dora left (connection lost)");
        ann.awaitStamped("* dora left (connection lost)");

        PlainClient again = server.plainConnected("dora again");
        again.send("dora");
        again.awaitExactly("* welcome dora, 3 online: ann, bob, dora");
        bob.awaitStamped("* dora joined");
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line)
                .matches(LOG_TIME + "LEAVE #lobby \\d+ dora \\(connection lost\\) " + Pattern.quote(dora.localAddress())));
    }

    @Test
    void aPartialLineAtEndOfInputIsDeliveredBeforeTheLeave() {
        PlainClient dora = server.plain("dora");
        bob.awaitStamped("* dora joined");

        dora.sendWithoutNewline("last words");
        dora.close();
        bob.awaitStamped("dora: last words");
        bob.awaitStamped("* dora left (connection lost)");
    }

    @Test
    void aGarbledJsonFrameIsRefusedAndTheConnectionStaysUsable() {
        JsonClient cat = server.json("cat");

        cat.send("{not json at all");
        Refused refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(refused.text()).startsWith("not a JSON object");

        cat.send("plain words on the JSON door");
        assertThat(cat.awaitEvent(Refused.class).code()).isEqualTo(ErrorCode.BAD_FRAME);

        cat.send("{\"type\":\"dance\",\"id\":\"7\"}");
        refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(refused.replyTo()).isEqualTo("7");
        assertThat(refused.text()).isEqualTo("unknown frame type 'dance' (hello, say, line, tell, who, join, leave, part, my-rooms, rooms, away, back, history, search, register, password, kick, mute, unmute, ban, unban, bans, help, quit, ping, pong)");

        cat.say("still here", "8");
        RoomMessage message = cat.awaitEvent(RoomMessage.class);
        assertThat(message.text()).isEqualTo("still here");
        assertThat(cat.awaitEvent(Accepted.class).replyTo()).isEqualTo("8");
        bob.awaitStamped("cat: still here");
    }

    @Test
    void anOverLongJsonFrameIsRefusedAndTheConnectionStaysUsable() {
        JsonClient cat = server.json("cat");

        cat.say("z".repeat(2 * MAX_LINE_BYTES), "1");
        Refused refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.LINE_TOO_LONG);

        cat.say("still here", "2");
        assertThat(cat.awaitEvent(Accepted.class).replyTo()).isEqualTo("2");
        bob.awaitStamped("cat: still here");
    }

    @Test
    void sayingSomethingBeforeHelloIsRefusedAsNotJoinedAndHelloStillWorks() {
        JsonClient cat = server.jsonConnected("cat");

        cat.say("hi", "1");
        Refused refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_JOINED);
        assertThat(refused.replyTo()).isEqualTo("1");
        assertThat(refused.text()).isEqualTo("send a hello frame with your name first");

        cat.hello("cat", "2");
        assertThat(cat.awaitEvent(Welcome.class).replyTo()).isEqualTo("2");
        cat.say("hi", "3");
        assertThat(cat.awaitEvent(Accepted.class).replyTo()).isEqualTo("3");
        bob.awaitStamped("cat: hi");
        assertThat(bob.seen()).filteredOn(line -> line.endsWith("cat: hi")).hasSize(1);
    }

    @Test
    void aHelloForAnotherProtocolVersionIsRefusedAndAnotherHelloMayFollow() {
        JsonClient cat = server.jsonConnected("cat");

        cat.send("{\"type\":\"hello\",\"version\":2,\"name\":\"cat\",\"id\":\"1\"}");
        Refused refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(refused.replyTo()).isEqualTo("1");
        assertThat(refused.text()).isEqualTo("this server speaks version 1, not 2");

        cat.hello("cat", "2");
        assertThat(cat.awaitEvent(Welcome.class).replyTo()).isEqualTo("2");
    }

    @Test
    void anEmptyMessageIsRefusedAndABlankPlainLineIsIgnored() {
        JsonClient cat = server.json("cat");

        cat.say("  ", "1");
        Refused refused = cat.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.EMPTY_TEXT);
        assertThat(refused.replyTo()).isEqualTo("1");

        ann.send("   ");
        ann.send("marker");
        bob.awaitStamped("ann: marker");
        assertThat(ann.seen()).noneMatch(line -> line.startsWith("!"));
        assertThat(bob.seen()).noneMatch(line -> line.endsWith("ann:    ") || line.endsWith("cat:   "));
    }
}
