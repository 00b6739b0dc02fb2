package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import chatroom.chat.ChatInput.*;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed-line language (SPEC §4 "Private messages", "Membership"). */
class CommandsTest {

    static Stream<Arguments> roomMessages() {
        return Stream.of(
                arguments("hello", "hello"),
                arguments("hello world", "hello world"),
                arguments("  leading and trailing spaces  ", "  leading and trailing spaces  "),
                arguments("mail me at bob@example.org", "mail me at bob@example.org"),
                arguments("hi @bob", "hi @bob"),
                arguments("//text", "/text"),
                arguments("//", "/"),
                arguments("//who", "/who"),
                arguments(" quit", " quit"),
                arguments("quit ", "quit "),
                arguments("QUIT", "QUIT"),
                arguments("@", "@"),
                arguments("@ ", "@ "),
                arguments("@@bob hi", "@@bob hi"),
                arguments("@!bob hi", "@!bob hi"),
                arguments("你好", "你好"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is said to the room as \"{1}\"")
    @MethodSource("roomMessages")
    void plainTextGoesToTheRoom(String line, String text) {
        assertThat(Commands.parse(line)).isEqualTo(new Say(text));
    }

    static Stream<Arguments> privateMessages() {
        return Stream.of(
                arguments("@bob hi", List.of("bob"), "hi"),
                arguments("@ bob hi", List.of("bob"), "hi"),
                arguments("@   bob hi", List.of("bob"), "hi"),
                arguments("@bob @carol hi", List.of("bob", "carol"), "hi"),
                arguments("@ bob @ carol hi", List.of("bob", "carol"), "hi"),
                arguments("@bob  @carol hi", List.of("bob", "carol"), "hi"),
                arguments("@bob: hi", List.of("bob"), "hi"),
                arguments("@bob:hi", List.of("bob"), "hi"),
                arguments("@bob, hi", List.of("bob"), "hi"),
                arguments("@bob, @carol: hi", List.of("bob", "carol"), "hi"),
                arguments("/msg bob hi", List.of("bob"), "hi"),
                arguments("/msg   bob hi", List.of("bob"), "hi"),
                arguments("@bob  two spaces first", List.of("bob"), " two spaces first"),
                arguments("@bob hi   there  ", List.of("bob"), "hi   there  "),
                arguments("@bob: a:b, c", List.of("bob"), "a:b, c"),
                arguments("/msg bob  spaced  out ", List.of("bob"), " spaced  out "),
                arguments("@bob write to x@y.org", List.of("bob"), "write to x@y.org"),
                arguments("@bob \tTab", List.of("bob"), "\tTab"),
                arguments("@bob.smith-jr_2 hi", List.of("bob.smith-jr_2"), "hi"),
                arguments("@小明 你好", List.of("小明"), "你好"),
                arguments("@José olá", List.of("José"), "olá"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" goes privately to {1} as \"{2}\"")
    @MethodSource("privateMessages")
    void atNamesSendPrivately(String line, List<String> to, String text) {
        assertThat(Commands.parse(line)).isEqualTo(new Tell(to, text));
    }

    static Stream<Arguments> invalidLines() {
        return Stream.of(
                arguments("/xyz", ErrorCode.UNKNOWN_COMMAND),
                arguments("/join", ErrorCode.ROOM_INVALID),
                arguments("/join  ", ErrorCode.ROOM_INVALID),
                arguments("/history 0", ErrorCode.UNKNOWN_COMMAND),
                arguments("/history 201", ErrorCode.UNKNOWN_COMMAND),
                arguments("/history many", ErrorCode.UNKNOWN_COMMAND),
                arguments("/search", ErrorCode.EMPTY_TEXT),
                arguments("/search   ", ErrorCode.EMPTY_TEXT),
                arguments("/xyz with args", ErrorCode.UNKNOWN_COMMAND),
                arguments("/", ErrorCode.UNKNOWN_COMMAND),
                arguments("/WHO", ErrorCode.UNKNOWN_COMMAND),
                arguments("/who everyone", ErrorCode.UNKNOWN_COMMAND),
                arguments("/msg", ErrorCode.UNKNOWN_COMMAND),
                arguments("/msg ", ErrorCode.UNKNOWN_COMMAND),
                arguments("/msg bob", ErrorCode.EMPTY_TEXT),
                arguments("/msg bob ", ErrorCode.EMPTY_TEXT),
                arguments("@bob", ErrorCode.EMPTY_TEXT),
                arguments("@bob ", ErrorCode.EMPTY_TEXT),
                arguments("@bob:", ErrorCode.EMPTY_TEXT),
                arguments("@bob, ", ErrorCode.EMPTY_TEXT),
                arguments("@bob @carol", ErrorCode.EMPTY_TEXT),
                arguments("@ bob", ErrorCode.EMPTY_TEXT));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused as {1}")
    @MethodSource("invalidLines")
    void misunderstoodLinesAreInvalidWithAReason(String line, ErrorCode code) {
        ChatInput input = Commands.parse(line);
        assertThat(input).isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) input;
        assertThat(invalid.code()).isEqualTo(code);
        assertThat(invalid.problem()).isNotBlank();
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                arguments("quit", new Quit()),
                arguments("/quit", new Quit()),
                arguments("/who", new Who(false)),
                arguments("/who ", new Who(false)),
                arguments("/who all", new Who(true)),
                arguments("/who  all ", new Who(true)),
                arguments("/help", new Help()),
                arguments("/join #games", new JoinRoom("#games")),
                arguments("/join  #游戏 ", new JoinRoom("#游戏")),
                arguments("/leave", new LeaveRoom()),
                arguments("/rooms", new Rooms()),
                arguments("/history", new PageBack(Commands.HISTORY_PAGE, 0)),
                arguments("/history 5", new PageBack(5, 0)),
                arguments("/history 200", new PageBack(200, 0)),
                arguments("/search straße", new Search("straße", 0)),
                arguments("/search  two words ", new Search(" two words ", 0)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is {1}")
    @MethodSource("commands")
    void slashCommandsAreRecognised(String line, ChatInput expected) {
        assertThat(Commands.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is nothing")
    @ValueSource(strings = {"", " ", "   ", "\t", " \t "})
    void blankLinesAreNothing(String line) {
        assertThat(Commands.parse(line)).isEqualTo(new Nothing());
    }

    @Test
    void spacesInsidePrivateTextAreKept() {
        assertThat(Commands.parse("@bob    a    b    ")).isEqualTo(new Tell(List.of("bob"), "   a    b    "));
    }

    @Test
    void unknownCommandNamesTheCommandAndPointsToHelp() {
        Invalid invalid = (Invalid) Commands.parse("/xyz now");
        assertThat(invalid.problem()).contains("/xyz").contains("/help");
    }

    @Test
    void emptyPrivateMessageNamesTheAddressees() {
        Invalid invalid = (Invalid) Commands.parse("@bob @carol");
        assertThat(invalid.problem()).contains("bob, carol");
    }

    @Test
    void helpListsEveryCommandInTheTable() {
        List<String> help = Commands.helpLines();
        for (Commands.Command c : Commands.ALL) {
            assertThat(help).anySatisfy(line -> assertThat(line).startsWith(c.usage()).contains(c.help()));
        }
        assertThat(help).anySatisfy(line -> assertThat(line).startsWith("@NAME"));
        assertThat(help).anySatisfy(line -> assertThat(line).startsWith("//TEXT"));
    }
}
