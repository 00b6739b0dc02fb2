package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput.*;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the typed-line language over arbitrary input. */
class CommandsPropertiesTest {

    @Property
    void parseNeverThrowsAndAlwaysAnswers(@ForAll("lines") String line) {
        assertThat(Commands.parse(line)).isNotNull();
    }

    @Property
    void textAfterMsgNameIsKeptExactly(@ForAll("name") String name, @ForAll("anyText") String text) {
        Assume.that(!text.isEmpty());
        assertThat(Commands.parse("/msg " + name + " " + text)).isEqualTo(new Tell(List.of(name), text));
    }

    @Property
    void textAfterAtNameIsKeptExactly(@ForAll("name") String name, @ForAll("anyText") String text) {
        Assume.that(!text.isEmpty() && !text.matches("(?s) *@.*"));
        assertThat(Commands.parse("@" + name + " " + text)).isEqualTo(new Tell(List.of(name), text));
    }

    @Property
    void everyValidNameCanBeAddressed(@ForAll("name") String name) {
        Assume.that(Names.problem(name) == null);
        assertThat(Commands.parse("@" + name + " hi")).isEqualTo(new Tell(List.of(name), "hi"));
        assertThat(Commands.parse("@ " + name + ": hi")).isEqualTo(new Tell(List.of(name), "hi"));
    }

    @Property
    void ordinaryLinesAreSaidExactly(@ForAll("anyText") String line) {
        Assume.that(!line.isBlank() && !line.startsWith("/") && !line.startsWith("@") && !line.equals("quit"));
        assertThat(Commands.parse(line)).isEqualTo(new Say(line));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> prefix = Arbitraries.of("", "@", "@ ", "@@", "/", "//", "/msg ", "/msg", "/who ", "/who", "quit", "@bob", "@bob:",
                "@bob, ", "@bob @", " @", "\u0000@");
        return Combinators.combine(prefix, anyText()).as(String::concat);
    }

    /** Any chars, lone surrogates and controls included, biased to the ones the parser looks at. */
    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("@/ :,.\t\r\n\u001B\u00A0\u3000\uD83D\uDE00").withCharRange('a', 'e').ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> name() {
        return Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("_-.ßéÉ\u0301ΣσςДж小明")
                .ofMinLength(1).ofMaxLength(32);
    }
}
