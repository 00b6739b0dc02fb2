package chatroom.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of log escaping and terminal sanitising over arbitrary text. */
class TextPropertiesTest {

    @Property
    void loggedTextHasNoRawControlCharacters(@ForAll("anyText") String text) {
        String logged = Escape.forLog(text);
        assertThat(logged).doesNotContain("\n", "\r", "\u2028", "\u2029");
        assertThat(logged.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F));
    }

    @Property
    void textWithoutControlsBidiOrBackslashIsLoggedUnchanged(@ForAll("anyText") String text) {
        String plain = text.replaceAll("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C\\\\]", "");
        assertThat(Escape.forLog(plain)).isEqualTo(plain);
    }

    @Property
    void sanitisedTextHasNoControlsEscapesOrBidiOverrides(@ForAll("anyText") String text) {
        String shown = Sanitize.forTerminal(text);
        assertThat(shown.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F));
        assertThat(shown).doesNotContain("\u001B", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C", "\u2028", "\u2029");
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withCharRange('\u0000', '\u00A0').withCharRange('\u2000', '\u206F').withChars("\\\u061C")
                        .ofMaxLength(30));
    }
}
