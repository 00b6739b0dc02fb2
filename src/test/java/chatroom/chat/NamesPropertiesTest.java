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
    void validNameHasOneToThirtyTwoCodePointsAfterNfc(@ForAll("nameLike") String name) {
        Assume.that(Names.problem(name) == null);
        String n = Names.normalize(name);
        assertThat(n.codePointCount(0, n.length())).isBetween(1, Names.MAX_LENGTH);
        assertThat(n).doesNotContain(" ", "@", "#", "/").matches("[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Z}]+");
    }

    @Property
    void nameInUpperOrLowerCaseHasTheSameKey(@ForAll("validName") String name) {
        // Upper-casing makes the dotless ı an I, a different letter to the case folding (NamesTest).
        Assume.that(name.indexOf('\u0131') < 0);
        assertThat(Names.key(name.toUpperCase(Locale.ROOT))).isEqualTo(Names.key(name));
        assertThat(Names.key(name.toLowerCase(Locale.ROOT))).isEqualTo(Names.key(name));
    }

    @Property
    void nameInNfdHasTheSameKeyAsInNfc(@ForAll("validName") String name) {
        String nfd = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        assertThat(Names.key(nfd)).isEqualTo(Names.key(name));
        assertThat(Names.problem(nfd)).isNull();
    }

    @Property(tries = 300)
    void aValidNameIsRefusedBesideItsFullWidthCapitalIAndCaseForms(@ForAll("asciiName") String name,
            @ForAll("disguise") java.util.function.UnaryOperator<String> disguise) {
        String lookAlike = disguise.apply(name);
        Assume.that(!lookAlike.equals(name));
        Manager manager = new Manager(new MutableClock(java.time.Instant.EPOCH), new RecordingRecorder(), Limits.DEFAULTS);
        assertThat(manager.join(new FakeSession("127.0.0.1:1"), name, null)).isPresent();

        FakeSession session = new FakeSession("127.0.0.1:2");
        assertThat(manager.join(session, lookAlike, null)).as("%s beside %s", lookAlike, name).isEmpty();
        assertThat(session.events(Event.Refused.class)).singleElement().extracting(Event.Refused::code)
                .isIn(ErrorCode.NAME_TAKEN, ErrorCode.NAME_CONFUSABLE);
    }

    @Property
    void aValidNameHasAVisibleFirstCharacterAndNothingInvisible(@ForAll("nameLike") String name) {
        Assume.that(Names.problem(name) == null);
        String n = Names.normalize(name);
        assertThat(com.ibm.icu.lang.UCharacter.getType(n.codePointAt(0)))
                .isNotIn((int) Character.NON_SPACING_MARK, (int) Character.ENCLOSING_MARK, (int) Character.COMBINING_SPACING_MARK);
        assertThat(n.codePoints()).noneMatch(cp -> com.ibm.icu.lang.UCharacter.hasBinaryProperty(cp,
                com.ibm.icu.lang.UProperty.DEFAULT_IGNORABLE_CODE_POINT));
    }

    /** Names of ASCII letters and digits, with an l in most, and sometimes _ - or . between. */
    @Provide
    Arbitrary<String> asciiName() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789lll")
                .ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(part, Arbitraries.strings().withChars("_-.").ofLength(1).flatMap(sep -> part.list().ofSize(2)
                .map(parts -> String.join(sep, parts))));
    }

    /** What an impostor does to a name: another case, full-width letters and digits, I for l. */
    @Provide
    Arbitrary<java.util.function.UnaryOperator<String>> disguise() {
        return Arbitraries.of(
                n -> n.toUpperCase(Locale.ROOT),
                n -> n.toLowerCase(Locale.ROOT),
                n -> n.isEmpty() ? n : n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1).toLowerCase(Locale.ROOT),
                n -> n.replace('l', 'I'),
                n -> n.toLowerCase(Locale.ROOT).replace('l', 'I'),
                NamesPropertiesTest::fullWidth,
                n -> fullWidth(n).toUpperCase(Locale.ROOT));
    }

    /** ASCII letters and digits as their full-width forms (U+FF21…); _ - . stay. */
    private static String fullWidth(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> b.appendCodePoint(Character.isLetterOrDigit(c) ? c - 0x21 + 0xFF01 : c));
        return b.toString();
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(8));
    }

    /**
     * Anything, or letters of one script with what trips names up mixed in: combining
     * marks, invisible letters and marks, digits of another system, spaces, symbols. Many
     * are valid, so a property assuming validity is not starved now that scripts may not mix.
     */
    @Provide
    Arbitrary<String> nameLike() {
        char[][] scripts = {{'a', 'z'}, {'A', 'Z'}, {'\u00C0', '\u00FF'}, {'\u0400', '\u04FF'}, {'\u0370', '\u03FF'},
            {'\u0900', '\u097F'}, {'\u0600', '\u06FF'}, {'\u3040', '\u30FF'}, {'\u4E00', '\u9FFF'}, {'\uAC00', '\uD7A3'}};
        Arbitrary<String> oneScript = Arbitraries.of(scripts).flatMap(range -> Arbitraries.strings()
                .withCharRange(range[0], range[1]).withCharRange('\u0300', '\u036F')
                .withChars("_-.0123456789\u0660\u0966\u3164\u115F\uFFA0\uFE0F\u034F\u200B @")
                .ofMinLength(1).ofMaxLength(12));
        return Arbitraries.oneOf(anything(), oneScript, oneScript);
    }

    /** Valid names of any BMP characters. */
    @Provide
    Arbitrary<String> validName() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(8)
                .filter(n -> Names.problem(n) == null);
    }
}
