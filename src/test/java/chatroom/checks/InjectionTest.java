package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.WhoList;
import chatroom.chat.Event.Welcome;
import chatroom.testing.JsonClient;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.TerminalText;
import chatroom.testing.TestLimits;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a person can put into a name, a message or a frame never becomes more than text:
 * names hold no control characters (SPEC §4 "Names"), nothing in a message forges a log
 * line or a chat line (§4 "Records", "Room messages"), nothing reaches a terminal raw
 * (§4 "Terminal safety"), and a message is always from whoever the server knows sent it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InjectionTest {
    private static final String FORGED_LOG = "2026-11-27T00:00:00.000+08:00 MSG #lobby 99 mallory: forged";
    private static final String FORGED_CHAT = "2026-11-27 00:00:00 mallory: forged";
    private static final String INVALID_NAME = "! name-invalid: a name may hold letters, digits, _ - and . only, not ";

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        // Raised limits (no rate limit, high connection caps): this test sends dozens of hostile messages back to back.
        server = TestServer.start(dataDir, TestLimits.raised());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- names ----

    static Stream<Arguments> namesWithControls() {
        return Stream.of(
                Arguments.of("ev\u001B[2Jil", "U+001B"), Arguments.of("nul\u0000x", "U+0000"), Arguments.of("bell\u0007", "U+0007"),
                Arguments.of("tab\tx", "U+0009"), Arguments.of("cr\rx", "U+000D"), Arguments.of("del\u007Fx", "U+007F"),
                Arguments.of("nel\u0085x", "U+0085"), Arguments.of("csi\u009B2J", "U+009B"), Arguments.of("\u202Eevil", "U+202E"),
                Arguments.of("zero\u200Bwidth", "U+200B"), Arguments.of("bom\uFEFF", "U+FEFF"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("namesWithControls")
    void aNameWithAControlCharacterIsRefusedAtThePlainDoorSayingWhichAndAnotherMayFollow(String name, String code) {
        PlainClient watcher = server.plain("watcher");
        PlainClient client = server.plainConnected("client");

        client.send(name);
        String refusal = client.awaitLine(line -> line.startsWith("! "), "a refusal");
        System.out.printf("injection: plain-door name with %s refused: %s%n", code, refusal);
        assertThat(refusal).isEqualTo(INVALID_NAME + code);
        client.send("fine");
        client.awaitWelcome("fine");

        watcher.send("/who all");
        watcher.awaitExactly("* online (2): fine, watcher");
        assertThat(watcher.seen()).noneMatch(TerminalText::hasRawControl);
        assertThat(server.logLines()).noneMatch(TerminalText::hasControlCharacter);
    }

    @ParameterizedTest(name = "name {index}")
    @ValueSource(strings = {"bob\nmallory", "bob\r", "a\u001B[2J", "\u0000", "x\u2028y", "\u202Ebob", "b\u0000ob"})
    void aNameWithAControlCharacterIsRefusedAtTheJsonDoor(String name) {
        JsonClient client = server.jsonConnected("client");

        client.hello(name, "1");
        Refused refused = client.awaitEvent(Refused.class);
        System.out.printf("injection: JSON-door name %s refused: %s: %s%n", TerminalText.visible(name), refused.code().wire(),
                refused.text());
        assertThat(refused.code()).isEqualTo(ErrorCode.NAME_INVALID);
        assertThat(refused.replyTo()).isEqualTo("1");
        client.hello("fine", "2");
        assertThat(client.awaitEvent(Welcome.class).online()).containsExactly("fine");
        assertThat(server.logLines()).noneMatch(TerminalText::hasControlCharacter);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"\u0430lice, Cyrillic a", "al\u0456ce, Cyrillic i", "\uFF41\uFF4C\uFF49\uFF43\uFF45, fullwidth letters",
            "\u0251lice, Latin alpha"})
    void aNameConfusableWithOneOnlineIsRefused(String lookAlike, String how) {
        PlainClient alice = server.plain("alice");
        PlainClient mallory = server.plainConnected("mallory");

        mallory.send(lookAlike);
        String answer = mallory.awaitLine(line -> line.startsWith("! ") || line.startsWith("* welcome"), "an answer to the name");
        System.out.printf("injection: a look-alike of alice (%s, %s) got: %s%n", how, TerminalText.visible(lookAlike), answer);
        assertThat(answer).startsWith("! name-");
        alice.send("/who");
        alice.awaitExactly("* in #lobby (1): alice");
    }

    // ---- forged lines ----

    static Stream<Arguments> lineBreaks() {
        // How each break is escaped in the log, and how plain readers see it: a new, marked line, or a visible symbol.
        return Stream.of(Arguments.of("\n", "\\n", null), Arguments.of("\r", "\\r", null), Arguments.of("\r\n", "\\r\\n", null),
                Arguments.of("\u2028", "\\u2028", "<U+2028>"), Arguments.of("\u0085", "\\u0085", "<U+0085>"),
                Arguments.of("\u000B", "\\u000B", "\u240B"), Arguments.of("\u000C", "\\u000C", "\u240C"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("lineBreaks")
    void aForgedLogLineInAMessageIsOneEscapedLogLineAndAMarkedContinuationAtThePlainDoor(
            String lineBreak, String escaped, String shownAs) {
        JsonClient alice = server.json("alice");
        PlainClient bob = server.plain("bob");
        alice.awaitEvent(chatroom.chat.Event.Joined.class, j -> j.name().equals("bob"));

        alice.say(lineBreak + FORGED_LOG, "1"); // the break first: the forgery would be a line of its own
        long seq = alice.awaitEvent(Accepted.class).seq();
        String first = bob.awaitLine(line -> line.contains(" alice: "), "alice's message");
        List<String> shown = new ArrayList<>(List.of(first));
        if (shownAs == null) {
            assertThat(PlainClient.unstamped(first)).isEqualTo("alice: ");
            shown.add(bob.nextLine());
            assertThat(shown.get(1)).isEqualTo("  | " + FORGED_LOG);
        } else {
            assertThat(PlainClient.unstamped(first)).isEqualTo("alice: " + shownAs + FORGED_LOG);
        }
        bob.send("marker");
        bob.awaitStamped("bob: marker");
        assertThat(bob.seen()).filteredOn(line -> line.contains("forged") || line.contains(" alice: "))
                .containsExactlyElementsOf(shown);
        assertThat(bob.seen()).noneMatch(TerminalText::hasRawControl);

        List<String> log = server.logLines();
        System.out.printf("injection: break %s before a forged log line: %d log line(s) hold it (%s); plain door shows %s%n",
                escaped, log.stream().filter(line -> line.contains("forged")).count(),
                log.stream().filter(line -> line.contains("forged")).findFirst().orElse("none"), shown);
        assertThat(log).filteredOn(line -> line.contains("forged")).singleElement()
                .satisfies(line -> assertThat(line).endsWith(" MSG #lobby " + seq + " alice: " + escaped + FORGED_LOG));
        assertThat(log).noneMatch(line -> line.startsWith("2026-11-27T00:00:00.000+08:00"));
        assertThat(log).noneMatch(TerminalText::hasControlCharacter);
    }

    @Test
    void aForgedLineInAPrivateMessageIsEscapedInTheLogAndMarkedAtThePlainDoor() {
        JsonClient alice = server.json("alice");
        PlainClient bob = server.plain("bob");

        alice.tell(List.of("bob"), "psst\n" + FORGED_LOG, "1");
        long pid = alice.awaitEvent(Accepted.class).privateId();
        bob.awaitStamped("[private] alice -> bob: psst");
        String continuation = bob.nextLine();
        System.out.printf("injection: private message with a forged log line: plain door continues with '%s'%n", continuation);
        assertThat(continuation).isEqualTo("  | " + FORGED_LOG);
        assertThat(server.logLines()).filteredOn(line -> line.contains("forged")).singleElement()
                .satisfies(line -> assertThat(line).endsWith(" PRIVATE " + pid + " alice -> bob: psst\\n" + FORGED_LOG));
    }

    @Test
    void aCarriageReturnTypedAtThePlainDoorCannotForgeAChatLine() {
        PlainClient mallory = server.plain("mallory");
        PlainClient bob = server.plain("bob");

        // A terminal would return to the start of the line and print the forgery over the real prefix.
        mallory.send("hi\r" + FORGED_CHAT.replace("mallory", "alice"));
        bob.awaitStamped("mallory: hi");
        String continuation = bob.nextLine();
        System.out.printf("injection: a typed carriage return before a forged chat line: plain door continues with '%s'%n",
                continuation);
        assertThat(continuation).isEqualTo("  | " + FORGED_CHAT.replace("mallory", "alice"));
        assertThat(server.logLines()).filteredOn(line -> line.contains("forged")).singleElement()
                .satisfies(line -> assertThat(line).contains(" mallory: hi\\r2026-11-27 00:00:00 alice: forged"));
    }

    // ---- terminal safety ----

    @Test
    void escapeSequencesNeverReachAPlainDoorClientRawWhateverTheyComeIn() {
        PlainClient bob = server.plain("bob");
        PlainClient mallory = server.plain("mallory");
        JsonClient eve = server.json("eve");
        bob.awaitStamped("* eve joined");
        List<String> attacks = List.of("\u001B[2J\u001B[H", "\u001B]0;owned\u0007", "\u009B2J", "\u001B[31mred\u001B[0m",
                "back\b\b\bspace", "del\u007F", "nul\u0000", "\u001BP+q\u001B\\", "\u001B[6n", "\u001Bc", "bidi\u202Eevil",
                "\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\");

        int sent = 0;
        for (String attack : attacks) {
            eve.say("look " + attack + " here", "say" + sent);
            eve.tell(List.of("bob", "mallory"), "psst " + attack, "tell" + sent);
            mallory.send("plain " + attack);
            mallory.send("@bob plain private " + attack);
            mallory.send("/msg " + attack + " hi"); // not online: the refusal names it
            mallory.send("/who " + attack); // the refusal quotes the argument
            mallory.send("/" + attack); // an unknown command, quoted back
            sent++;
        }
        PlainClient newcomer = server.plainConnected("newcomer");
        newcomer.send("x\u001B[2Jy"); // an invalid name, described in the refusal
        newcomer.awaitExactly(INVALID_NAME + "U+001B");
        newcomer.send("newcomer");
        newcomer.awaitWelcome("newcomer");
        // eve's last message and private message are in bob's queue before her answers (a
        // different connection than mallory's, so mallory's "done" alone does not order them).
        String last = String.valueOf(attacks.size() - 1);
        eve.awaitEvent(Accepted.class, a -> ("say" + last).equals(a.replyTo()));
        eve.awaitEvent(Accepted.class, a -> ("tell" + last).equals(a.replyTo()));
        mallory.send("done");
        bob.awaitStamped("mallory: done");
        mallory.awaitStamped("mallory: done");

        assertThat(bob.seen()).map(PlainClient::unstamped).contains("eve: look ␛[2J␛[H here"); // shown, not obeyed
        List<LineClient> plain = List.of(bob, mallory, newcomer);
        long lines = plain.stream().mapToLong(c -> c.seen().size()).sum();
        List<String> raw = plain.stream().flatMap(c -> c.seen().stream()).filter(TerminalText::hasRawControl)
                .map(TerminalText::visible).toList();
        System.out.printf("injection: %d escape sequences sent 7 ways each (%d sends); %d lines at 3 plain-door clients,"
                + " %d with a raw control character%n", attacks.size(), attacks.size() * 7 + 1, lines, raw.size());
        assertThat(raw).as("lines at the plain door with raw control characters").isEmpty();
        assertThat(bob.seen()).filteredOn(line -> line.contains("look ")).hasSize(attacks.size());
        assertThat(bob.seen()).filteredOn(line -> line.contains("[private] eve -> bob, mallory: psst ")).hasSize(attacks.size());
        assertThat(mallory.seen()).filteredOn(line -> line.startsWith("! not-online: ")).hasSize(attacks.size());
        assertThat(server.logLines()).noneMatch(TerminalText::hasControlCharacter);
    }

    // ---- who sent it ----

    @Test
    void aMessageIsFromWhoeverTheServerKnowsSentItWhateverTheFrameClaims() {
        JsonClient alice = server.json("alice");
        JsonClient bob = server.json("bob");
        PlainClient carol = server.plain("carol");
        bob.awaitEvent(chatroom.chat.Event.Joined.class, j -> j.name().equals("carol"));

        // A room is named in a frame to say which of one's rooms it is for (issue 16): one not joined is refused.
        alice.send("{\"type\":\"say\",\"text\":\"not in there\",\"room\":\"#other\",\"id\":\"0\"}");
        assertThat(alice.awaitEvent(Refused.class, r -> "0".equals(r.replyTo())).code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
        alice.send("{\"type\":\"say\",\"text\":\"I am bob\",\"from\":\"bob\",\"name\":\"bob\",\"room\":\"#lobby\",\"seq\":1,\"id\":\"1\"}");
        RoomMessage atBob = bob.awaitEvent(RoomMessage.class, m -> m.text().equals("I am bob"));
        System.out.printf("injection: say frame from alice claiming from=bob, room=#other, seq=1 arrived as from=%s, room=%s, seq=%d%n",
                atBob.from(), atBob.room(), atBob.seq());
        assertThat(atBob.from()).isEqualTo("alice");
        assertThat(atBob.room()).isEqualTo("#lobby");
        assertThat(atBob.seq()).isEqualTo(alice.awaitEvent(Accepted.class, a -> "1".equals(a.replyTo())).seq()).isNotEqualTo(1);
        carol.awaitStamped("alice: I am bob");

        alice.send("{\"type\":\"tell\",\"to\":[\"carol\"],\"text\":\"also bob\",\"from\":\"bob\",\"id\":\"2\"}");
        carol.awaitStamped("[private] alice -> carol: also bob");
        assertThat(alice.awaitEvent(PrivateMessage.class).from()).isEqualTo("alice");

        // A hello's name is kept by the connection: a second hello cannot become bob.
        alice.hello("mallory", "3");
        assertThat(alice.awaitEvent(Refused.class, r -> "3".equals(r.replyTo())).text()).isEqualTo("already joined as alice");
        alice.say("still alice", "4");
        assertThat(bob.awaitEvent(RoomMessage.class, m -> m.text().equals("still alice")).from()).isEqualTo("alice");

        List<String> log = server.logLines();
        assertThat(log).anySatisfy(line -> assertThat(line).endsWith(" alice: I am bob"));
        assertThat(log).anySatisfy(line -> assertThat(line).endsWith(" alice -> carol: also bob"));
        assertThat(log).noneMatch(line -> line.contains("bob: I am bob") || line.contains("mallory"));
        assertThat(log).noneMatch(line -> line.contains("not in there"));
    }

    @Test
    void anIdCarryingAForgedFrameComesBackAsOneFrameWithThatId() {
        JsonClient alice = server.json("alice");
        JsonClient bob = server.json("bob");
        String id = "x\"}\n{\"type\":\"message\",\"room\":\"#lobby\",\"seq\":99,\"time\":\"2026-11-27T00:00:00+08:00\","
                + "\"from\":\"bob\",\"text\":\"forged\"}";

        alice.send("{\"type\":\"who\",\"id\":" + FuzzPayloads.quote(id) + "}");
        WhoList who = alice.awaitEvent(WhoList.class);
        System.out.printf("injection: an id holding a newline and a forged frame came back as one %s frame with that id: %s%n",
                "who", who.replyTo().equals(id));
        assertThat(who.replyTo()).isEqualTo(id);
        alice.say("marker", "m");
        alice.awaitEvent(Accepted.class, a -> "m".equals(a.replyTo()));
        bob.awaitEvent(RoomMessage.class, m -> m.text().equals("marker"));
        assertThat(alice.seenEvents()).noneMatch(e -> e instanceof RoomMessage m && m.text().equals("forged"));
        assertThat(bob.seen()).noneMatch(line -> line.contains("forged"));
    }
}
