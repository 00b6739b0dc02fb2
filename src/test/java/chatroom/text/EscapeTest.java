package chatroom.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Escaping message text for the server log (SPEC §4 "Records"). */
class EscapeTest {

    static Stream<Arguments> escapes() {
        return Stream.of(
                arguments("hello", "hello"),
                arguments("", ""),
                arguments("你好 👋", "你好 👋"),
                arguments("a\nb", "a\\nb"),
                arguments("a\rb", "a\\rb"),
                arguments("a\tb", "a\\tb"),
                arguments("a\\b", "a\\\\b"),
                arguments("\\n", "\\\\n"),
                arguments("\u0000", "\\u0000"),
                arguments("\u001B[31mred", "\\u001B[31mred"),
                arguments("\u0007", "\\u0007"),
                arguments("\u000B\u000C", "\\u000B\\u000C"),
                arguments("\u007F", "\\u007F"),
                arguments("\u0085", "\\u0085"),
                arguments("\u009B", "\\u009B"),
                arguments("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
                arguments("evil\u202Etxt.exe and \u2066x\u2069", "evil\\u202Etxt.exe and \\u2066x\\u2069"),
                arguments("end\r\n", "end\\r\\n"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is logged as \"{1}\"")
    @MethodSource("escapes")
    void controlCharactersAndBackslashAreEscaped(String text, String logged) {
        assertThat(Escape.forLog(text)).isEqualTo(logged);
    }

    @Test
    void aMessageCannotForgeALogLine() {
        String forged = "hi\n2026-11-27T14:03:07.456+08:00 MSG #lobby 18 bob: I owe alice 100";
        assertThat(Escape.forLog(forged)).doesNotContain("\n").startsWith("hi\\n2026");
    }

    @Test
    void textWithoutAnythingToEscapeIsReturnedAsIs() {
        String text = "plain text";
        assertThat(Escape.forLog(text)).isSameAs(text);
    }
}
