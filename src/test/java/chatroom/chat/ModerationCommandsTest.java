package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import chatroom.chat.ChatInput.Bans;
import chatroom.chat.ChatInput.Invalid;
import chatroom.chat.ChatInput.Moderate;
import chatroom.chat.Sanction.Action;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the moderation commands read: a name or address, an optional duration, an optional reason. */
class ModerationCommandsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("/kick bob", new Moderate(Action.KICK, "bob", null, "")),
                arguments("/kick bob  flooding the room ", new Moderate(Action.KICK, "bob", null, "flooding the room")),
                arguments("/kick bob 10m", new Moderate(Action.KICK, "bob", null, "10m")), // a kick lasts no time
                arguments("/mute bob", new Moderate(Action.MUTE, "bob", null, "")),
                arguments("/mute bob 10m", new Moderate(Action.MUTE, "bob", Duration.ofMinutes(10), "")),
                arguments("/mute bob 2h be nice", new Moderate(Action.MUTE, "bob", Duration.ofHours(2), "be nice")),
                arguments("/mute bob be nice", new Moderate(Action.MUTE, "bob", null, "be nice")),
                arguments("/ban 10.0.0.0/8 1d", new Moderate(Action.BAN, "10.0.0.0/8", Duration.ofDays(1), "")),
                arguments("/ban bob 1.5h", new Moderate(Action.BAN, "bob", Duration.ofMinutes(90), "")),
                arguments("/unban 203.0.113.7", new Moderate(Action.UNBAN, "203.0.113.7", null, "")),
                arguments("/unmute bob", new Moderate(Action.UNMUTE, "bob", null, "")),
                arguments("/bans", new Bans()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lines")
    void aModerationLineReadsAsItsAction(String line, ChatInput expected) {
        assertThat(Commands.parse(line)).isEqualTo(expected);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("/mute", ErrorCode.UNKNOWN_COMMAND, "usage: /mute NAME [DURATION] [REASON]"),
                arguments("/mute bob 10", ErrorCode.DURATION_INVALID,
                        "'10' is not a duration: say 30s, 10m, 2h or 1d, or nothing for until lifted"),
                arguments("/ban bob 0m", ErrorCode.DURATION_INVALID, "a duration of '0m' is no time at all"),
                arguments("/ban bob 400d", ErrorCode.DURATION_INVALID,
                        "'400d' is longer than 365 days; give no duration for until lifted"),
                arguments("/unmute bob please", ErrorCode.UNKNOWN_COMMAND, "/unmute takes only a name; usage: /unmute NAME"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("mistakes")
    void aModerationLineThatCannotBeReadSaysWhy(String line, ErrorCode code, String problem) {
        assertThat(Commands.parse(line)).isEqualTo(new Invalid(code, problem));
    }

    @Test
    void helpListsTheModerationCommands() {
        assertThat(Commands.helpLines()).anyMatch(l -> l.startsWith("/kick NAME [REASON]"))
                .anyMatch(l -> l.startsWith("/mute NAME [DURATION] [REASON]"))
                .anyMatch(l -> l.startsWith("/ban NAME|ADDRESS [DURATION] [REASON]"))
                .anyMatch(l -> l.startsWith("/unmute NAME")).anyMatch(l -> l.startsWith("/unban NAME|ADDRESS"))
                .anyMatch(l -> l.startsWith("/bans"));
    }

    @Test
    void anAddressRangeHoldsTheAddressesItNamesAndANameIsNeverAnAddress() {
        assertThat(AddressRange.parse("10.0.0.0/8").contains("10.200.1.2")).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(AddressRange.parse("203.0.113.7").contains("203.0.113.7")).isTrue();
        assertThat(AddressRange.parse("203.0.113.7").contains("203.0.113.8")).isFalse();
        assertThat(AddressRange.parse("2001:db8::/32").contains("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(AddressRange.parse("2001:db8::/32").contains("10.0.0.1")).isFalse();
        assertThat(AddressRange.parse("bob")).isNull();
        assertThat(AddressRange.parse("1.2.3")).isNull();
        assertThat(AddressRange.parse("999.1.1.1")).isNull();
        assertThat(AddressRange.parse("10.0.0.0/33")).isNull();
    }
}
