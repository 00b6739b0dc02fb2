package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.LeaveReason;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plain door's lines, exactly as in SPEC §4 "Plain door". */
class PlainFormatTest {
    private static final Instant T = Instant.parse("2026-11-27T14:03:05.789Z");
    private static final List<String> THREE = List.of("alice", "bob", "carol");

    private final PlainFormat format = new PlainFormat(ZoneOffset.UTC);

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments(new RoomMessage("#lobby", 1, T, "alice", "hello"),
                        "2026-11-27 14:03:05 alice: hello\n"),
                arguments(new PrivateMessage(1, T, "alice", List.of("bob", "carol"), "hi"),
                        "2026-11-27 14:03:05 [private] alice -> bob, carol: hi\n"),
                arguments(new PrivateMessage(3, T, "alice", List.of("bob"), "from before", true),
                        "2026-11-27 14:03:05 [private, sent while you were away] alice -> bob: from before\n"),
                arguments(new PrivateMessage(2, T, "alice", List.of("bob"), "  spaced  "),
                        "2026-11-27 14:03:05 [private] alice -> bob:   spaced  \n"),
                arguments(new Joined("#lobby", 2, T, "bob"),
                        "2026-11-27 14:03:05 * bob joined\n"),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.QUIT),
                        "2026-11-27 14:03:05 * bob left (quit)\n"),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.CONNECTION_LOST),
                        "2026-11-27 14:03:05 * bob left (connection lost)\n"),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.TIMED_OUT),
                        "2026-11-27 14:03:05 * bob left (timed out)\n"),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.TOO_SLOW),
                        "2026-11-27 14:03:05 * bob left (too slow)\n"),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.SERVER_SHUTDOWN),
                        "2026-11-27 14:03:05 * bob left (server shutting down)\n"),
                arguments(new Left("#games", 3, T, "bob", LeaveReason.PARTED),
                        "2026-11-27 14:03:05 * bob left (parted)\n"),
                arguments(new YourRooms(List.of("#lobby", "#games"), "#games", null),
                        "* you talk in #games; your rooms (2): #lobby, #games\n"),
                arguments(new Welcome("alice", "#lobby", 3, THREE, null),
                        "* welcome alice, 3 online: alice, bob, carol\n"),
                arguments(new Welcome("alice", "#lobby", 1, List.of("alice"), null),
                        "* welcome alice, 1 online: alice\n"),
                arguments(new Welcome("alice", "#lobby", 1, List.of("alice", "bob"), 1200, null),
                        "* welcome alice, 1200 online, the first 2: alice, bob (/who all lists everyone)\n"),
                arguments(new Welcome("alice", "#lobby", 1, List.of(), 3, null),
                        "* welcome alice, 3 online (/who all lists everyone)\n"),
                arguments(new WhoList("#lobby", THREE, null),
                        "* in #lobby (3): alice, bob, carol\n"),
                arguments(new WhoList(null, THREE, null),
                        "* online (3): alice, bob, carol\n"),
                arguments(new Refused(ErrorCode.NOT_ONLINE, "nobody_here is not online", null),
                        "! not-online: nobody_here is not online\n"),
                arguments(new Refused(ErrorCode.NAME_TAKEN, "alice is already here", null),
                        "! name-taken: alice is already here\n"),
                arguments(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"),
                        "! shutting-down: server shutting down\n"),
                arguments(new Notice("one\ntwo", null),
                        "* one\n* two\n"),
                arguments(new Accepted(null, "#lobby", 4, 0), ""),
                arguments(new Left("#lobby", 3, T, "bob", LeaveReason.MOVED, "#games"),
                        "2026-11-27 14:03:05 * bob left (moved to #games)\n"),
                arguments(new RoomEntered("#games", 4, List.of("bob", "carol"), null),
                        "* now in #games (2): bob, carol\n"),
                arguments(new RoomEntered("#games", 4, List.of("aaron", "bob"), 1200, null),
                        "* now in #games (1200), the first 2: aaron, bob (/who lists everyone here)\n"),
                arguments(new RoomEntered("#games", 4, List.of(), 1200, null),
                        "* now in #games (1200) (/who lists everyone here)\n"),
                arguments(new RoomList(List.of(new RoomInfo("#games", 2), new RoomInfo("#lobby", 1)), null),
                        "* rooms (2): #games (2), #lobby (1)\n"),
                arguments(new History("#lobby", List.of(new RoomMessage("#lobby", 1, T, "alice", "first\nsecond"),
                                new PrivateMessage(7, T, "bob", List.of("alice"), "psst")), true, 10, null),
                        "* history of #lobby: 2 earlier messages (/history for more)\n"
                                + "2026-11-27 14:03:05 alice: first\n  | second\n"
                                + "2026-11-27 14:03:05 [private] bob -> alice: psst\n"
                                + "* end of history\n"),
                arguments(new History("#lobby", List.of(), false, 0, null),
                        "* no earlier messages in #lobby\n"),
                arguments(new Found("Hello", List.of(new RoomMessage("#games", 3, T, "bob", "hello there")), false, 3, null),
                        "* 1 found for \"Hello\"\n"
                                + "2026-11-27 14:03:05 #games bob: hello there\n"
                                + "* end of search\n"),
                arguments(new Found("zzz", List.of(), false, 0, null),
                        "* nothing found for \"zzz\"\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lines")
    void eachEventIsRenderedAsTheSpecifiedLine(Event event, String expected) {
        assertThat(format.render(event)).isEqualTo(expected);
    }

    /** Several rooms at once (issue 16): a line of another of one's rooms names it after the time. */
    @Test
    void eventsOfAnotherOfOnesRoomsShowTheRoomAfterTheTimeAndThoseOfTheCurrentOneDoNot() {
        assertThat(format.render(new RoomMessage("#games", 4, T, "bob", "hi\nthere"), "#lobby"))
                .isEqualTo("2026-11-27 14:03:05 #games bob: hi\n  | there\n");
        assertThat(format.render(new Joined("#games", 5, T, "carol"), "#lobby"))
                .isEqualTo("2026-11-27 14:03:05 #games * carol joined\n");
        assertThat(format.render(new Left("#games", 6, T, "carol", LeaveReason.PARTED), "#lobby"))
                .isEqualTo("2026-11-27 14:03:05 #games * carol left (parted)\n");
        assertThat(format.render(new RoomMessage("#lobby", 7, T, "bob", "hi"), "#lobby"))
                .isEqualTo("2026-11-27 14:03:05 bob: hi\n");
        assertThat(format.render(new PrivateMessage(8, T, "bob", List.of("alice"), "psst"), "#lobby"))
                .as("a private message belongs to no room").isEqualTo("2026-11-27 14:03:05 [private] bob -> alice: psst\n");
    }

    @Test
    void timeIsShownInTheServersZone() {
        PlainFormat shanghai = new PlainFormat(ZoneId.of("Asia/Shanghai"));
        assertThat(shanghai.render(new Joined("#lobby", 1, T, "bob"))).isEqualTo("2026-11-27 22:03:05 * bob joined\n");
    }

    static Stream<Arguments> multiLine() {
        return Stream.of(
                arguments("one\ntwo\nthree", "2026-11-27 14:03:05 alice: one\n  | two\n  | three\n"),
                arguments("one\r\ntwo", "2026-11-27 14:03:05 alice: one\n  | two\n"),
                arguments("one\rtwo", "2026-11-27 14:03:05 alice: one\n  | two\n"),
                arguments("one\n\nthree", "2026-11-27 14:03:05 alice: one\n  | \n  | three\n"),
                arguments("hi\n2026-11-27 14:03:06 bob: forged", "2026-11-27 14:03:05 alice: hi\n  | 2026-11-27 14:03:06 bob: forged\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("multiLine")
    void continuationLinesAreMarkedSoTheyCannotPassForMessages(String text, String expected) {
        assertThat(format.render(new RoomMessage("#lobby", 1, T, "alice", text))).isEqualTo(expected);
    }

    @Test
    void continuationLinesOfPrivateMessagesAreMarkedToo() {
        assertThat(format.render(new PrivateMessage(1, T, "alice", List.of("bob"), "a\nb")))
                .isEqualTo("2026-11-27 14:03:05 [private] alice -> bob: a\n  | b\n");
    }

    @Test
    void everyRenderedLineOfAMessageEndsWithOneNewline() {
        String rendered = format.render(new RoomMessage("#lobby", 1, T, "alice", "a\nb\r\nc\rd"));
        assertThat(rendered).endsWith("\n").doesNotContain("\r");
        assertThat(rendered.lines()).hasSize(4).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        assertThat(rendered.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith(PlainFormat.CONTINUATION));
    }

    @Test
    void escapeInAMessageDoesNotReachTheTerminal() {
        String rendered = format.render(new RoomMessage("#lobby", 1, T, "mallory", "\u001B[2J\u001B[31mgotcha\u001B]0;x\u0007"));
        assertThat(rendered).doesNotContain("\u001B", "\u0007").contains("gotcha");
        assertThat(rendered).isEqualTo("2026-11-27 14:03:05 mallory: \u241B[2J\u241B[31mgotcha\u241B]0;x\u2407\n");
    }

    @Test
    void escapeInAPrivateMessageErrorOrNoticeDoesNotReachTheTerminal() {
        String esc = "x\u001B[31my";
        assertThat(format.render(new PrivateMessage(1, T, "alice", List.of("bob"), esc))).doesNotContain("\u001B");
        assertThat(format.render(new Refused(ErrorCode.NOT_ONLINE, esc, null))).doesNotContain("\u001B");
        assertThat(format.render(new Notice(esc, null))).doesNotContain("\u001B");
    }

    @Test
    void promptIsTheSpecifiedLine() {
        assertThat(PlainFormat.PROMPT).isEqualTo("* chatroom: type your name and press Enter");
    }

    @Test
    void errorLineHasCodeThenText() {
        assertThat(PlainFormat.error("line-too-long", "a line has at most 32768 bytes"))
                .isEqualTo("! line-too-long: a line has at most 32768 bytes\n");
    }
}
