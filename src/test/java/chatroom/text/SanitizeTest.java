package chatroom.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Making other people's text safe to print on a terminal (SPEC §4 "Terminal safety"). */
class SanitizeTest {

    static Stream<Arguments> shownAs() {
        return Stream.of(
                arguments("hello", "hello"),
                arguments("你好 👋 café", "你好 👋 café"),
                arguments("\u001B[2J\u001B[H", "\u241B[2J\u241B[H"),
                arguments("\u001B]0;owned\u0007", "\u241B]0;owned\u2407"),
                arguments("a\u0000b", "a\u2400b"),
                arguments("a\nb", "a\u240Ab"),
                arguments("a\rb", "a\u240Db"),
                arguments("a\bb", "a\u2408b"),
                arguments("a\tb", "a    b"),
                arguments("a\u007Fb", "a\u2421b"),
                arguments("a\u009Bb", "a<U+009B>b"), // C1 control sequence introducer
                arguments("a\u0085b", "a<U+0085>b"),
                arguments("evil\u202Etxt.exe", "evil<U+202E>txt.exe"),
                arguments("\u2066x\u2069", "<U+2066>x<U+2069>"),
                arguments("\u200E\u200F\u061C", "<U+200E><U+200F><U+061C>"),
                arguments("a\u2028b", "a<U+2028>b"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is shown as \"{1}\"")
    @MethodSource("shownAs")
    void controlsAreShownAsVisibleSymbols(String text, String shown) {
        assertThat(Sanitize.forTerminal(text)).isEqualTo(shown);
    }

    @Test
    void ansiColourEscapeDoesNotSurvive() {
        assertThat(Sanitize.forTerminal("\u001B[31mred\u001B[0m")).doesNotContain("\u001B").contains("red");
    }

    @Test
    void ordinaryTextIsReturnedAsIs() {
        String text = "nothing to see here";
        assertThat(Sanitize.forTerminal(text)).isSameAs(text);
    }
}
