package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the name rules over arbitrary strings. */
class NamesPropertiesTest {

    @Property
    void problemNeverThrows(@ForAll("anything") String name) {
        Names.problem(name);
    }

    @Property
    void keyNeverThrows(@ForAll("anything") String name) {
        assertThat(Names.key(name)).isNotNull();
    }

    @Property
    void validNameHasOneToThirtyTwoCodePointsAfterNfc(@ForAll("anything") String name) {
        Assume.that(Names.problem(name) == null);
        String n = Names.normalize(name);
        assertThat(n.codePointCount(0, n.length())).isBetween(1, Names.MAX_LENGTH);
        assertThat(n).doesNotContain(" ", "@", "#", "/").matches("[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Z}]+");
    }

    @Property
    void nameInUpperOrLowerCaseHasTheSameKey(@ForAll("validName") String name) {
        assertThat(Names.key(name.toUpperCase(Locale.ROOT))).isEqualTo(Names.key(name));
        assertThat(Names.key(name.toLowerCase(Locale.ROOT))).isEqualTo(Names.key(name));
    }

    @Property
    void nameInNfdHasTheSameKeyAsInNfc(@ForAll("validName") String name) {
        String nfd = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        assertThat(Names.key(nfd)).isEqualTo(Names.key(name));
        assertThat(Names.problem(nfd)).isNull();
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(8));
    }

    /** Valid names of any BMP characters. */
    @Provide
    Arbitrary<String> validName() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(8)
                .filter(n -> Names.problem(n) == null);
    }
}
