package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for names (SPEC §4 "Names"). */
class NamesTest {
    private static final String E_ACUTE_NFC = "\u00E9";
    private static final String E_ACUTE_NFD = "e\u0301";

    @ParameterizedTest(name = "[{index}] \"{0}\" may be used")
    @ValueSource(strings = {
        "alice", "Alice", "a", "bob_2", "bob-smith", "b.s", "_", ".", "-", "42",
        "小明", "张伟", "José", "Zoë", "Ελένη", "Дмитрий", "محمد", "हिन्दी", "한국어", "ｆｕｌｌ",
        "𝒜lice", // a letter outside the BMP
        "e\u0301", // a combining mark
        "Ёлка", "user_1", "नमस्ते", "山田たろう", "김민준", "Ёлка1", "محمد١٢",
        "alice_张伟", // Latin with Han, as Chinese, Japanese and Korean names often are
        "raj_राज" // Latin with one other script that has no letters passing for Latin ones
    })
    void lettersMarksDigitsAndUnderscoreDashDotAreValid(String name) {
        assertThat(Names.problem(name)).isNull();
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                arguments("", "at least one"),
                arguments("al ice", "spaces"),
                arguments(" alice", "spaces"),
                arguments("alice ", "spaces"),
                arguments("al@ice", "'@'"),
                arguments("@alice", "'@'"),
                arguments("#lobby", "'#'"),
                arguments("a/b", "'/'"),
                arguments("../etc", "'/'"),
                arguments("a\\b", "'\\'"),
                arguments("a\tb", "U+0009"),
                arguments("a\nb", "U+000A"),
                arguments("a\u0000b", "U+0000"),
                arguments("a\u001Bb", "U+001B"),
                arguments("a\u007Fb", "U+007F"),
                arguments("a\u0085b", "U+0085"),
                arguments("a\u200Db", "U+200D"), // zero-width joiner
                arguments("a\u202Eb", "U+202E"), // right-to-left override
                arguments("smile😀", "'😀'"),
                arguments("a:b", "':'"),
                arguments("a,b", "','"),
                arguments("x".repeat(33), "at most 32"),
                // show as nothing, or as less than they hold (issue 12, item 3)
                arguments("\u3164", "invisible characters; this one has U+3164 HANGUL FILLER"),
                arguments("bob\u3164", "U+3164"),
                arguments("\uFFA0", "U+FFA0 HALFWIDTH HANGUL FILLER"),
                arguments("\u115F\u1160", "U+115F"),
                arguments("alice\uFE0F", "U+FE0F VARIATION SELECTOR-16"),
                arguments("al\u034Fice", "U+034F COMBINING GRAPHEME JOINER"),
                arguments("\u0301\u0301", "has no visible character, only combining marks: U+0301 U+0301"),
                arguments("\u0301", "has no visible character"),
                arguments("\u0301bob", "may not start with a combining mark (U+0301 COMBINING ACUTE ACCENT)"),
                arguments("e\u0301\u0301", "may not repeat a combining mark"),
                // letters of two scripts that pass for each other, or more scripts than a person's name needs
                arguments("\u0430lice", "may not mix the Cyrillic and Latin scripts"),
                arguments("\u0391lice", "may not mix the Greek and Latin scripts"),
                arguments("\u13AAbc", "may not mix the Cherokee and Latin scripts"),
                arguments("Ελένη_Ёлка", "may not mix the Greek and Cyrillic scripts"),
                arguments("ab_राज_محمد", "may not mix the Latin, Devanagari and Arabic scripts"),
                arguments("a1\u0661", "may not mix digits of different systems: 1 and \u0661"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused mentioning {1}")
    @MethodSource("invalidNames")
    void invalidNamesAreRefusedSayingWhy(String name, String why) {
        assertThat(Names.problem(name)).isNotNull().contains(why);
    }

    @Test
    void thirtyTwoCodePointsIsTheLongestName() {
        assertThat(Names.problem("x".repeat(32))).isNull();
        assertThat(Names.problem("x".repeat(33))).contains("33");
    }

    @Test
    void lengthIsCountedInCodePointsNotUtf16Units() {
        String astral = "𝒜".repeat(32); // 64 UTF-16 units, 32 code points
        assertThat(Names.problem(astral)).isNull();
        assertThat(Names.problem(astral + "𝒜")).contains("33");
    }

    @Test
    void lengthIsCountedAfterNfcNormalisation() {
        // 32 NFD "é" are 64 code points but 32 after NFC
        assertThat(Names.problem(E_ACUTE_NFD.repeat(32))).isNull();
    }

    @Test
    void nameIsKeptInNfc() {
        assertThat(Names.normalize("Jos" + E_ACUTE_NFD)).isEqualTo("Jos" + E_ACUTE_NFC);
    }

    static Stream<Arguments> sameKey() {
        return Stream.of(
                arguments("Alice", "alice"),
                arguments("ALICE", "alice"),
                arguments("aLiCe", "AlIcE"),
                arguments("straße", "STRASSE"),
                arguments("straße", "strasse"),
                arguments("Jos" + E_ACUTE_NFC, "jos" + E_ACUTE_NFD),
                arguments(E_ACUTE_NFD, "\u00C9"),
                arguments("ΟΔΟΣ", "οδος"),
                arguments("ΟΔΟΣ", "οδοσ"),
                arguments("ДМИТРИЙ", "дмитрий"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" and \"{1}\" are the same name")
    @MethodSource("sameKey")
    void namesDifferingOnlyInCaseOrNormalisationShareAKey(String a, String b) {
        assertThat(Names.key(a)).isEqualTo(Names.key(b));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" and \"{1}\" are the same name")
    @CsvSource({"\u1E9E, \u00DF", "\u1E9E, ss", "STRA\u1E9EE, straße", "STRA\u1E9EE, STRASSE"})
    void capitalSharpSIsTheSameNameAsSmallSharpSAndSs(String a, String b) {
        assertThat(Names.key(a)).isEqualTo(Names.key(b));
    }

    /**
     * Names and rooms are keyed by the same case folding as the search (issue 13), which
     * spells keys its own way and keeps the dotless ı apart from i; before, upper- then
     * lower-casing made ı an i. A name with ı is still refused beside the name with i, as
     * a look-alike.
     */
    @Test
    void keysAreTheSearchsCaseFolding() {
        assertThat(Names.key("ΟΔΟΣ")).isEqualTo("οδοσ").isEqualTo(chatroom.text.Fold.of("οδος"));
        assertThat(Names.room("#ᏣᎳᎩ")).isEqualTo(Names.room("#ꮳꮃꭹ")).isEqualTo("#ᏣᎳᎩ");
        assertThat(Names.key("alıce")).isNotEqualTo(Names.key("alice"));
        assertThat(Names.room("#ıt")).isNotEqualTo(Names.room("#it"));

        Manager manager = new Manager(new MutableClock(java.time.Instant.EPOCH),
                new RecordingRecorder(), Limits.DEFAULTS);
        assertThat(manager.join(new FakeSession("127.0.0.1:1"), "alice", null)).isPresent();
        FakeSession second = new FakeSession("127.0.0.1:2");
        assertThat(manager.join(second, "alıce", null)).isEmpty();
        assertThat(second.events(Event.Refused.class)).singleElement().extracting(Event.Refused::code)
                .isEqualTo(ErrorCode.NAME_CONFUSABLE);
    }

    static Stream<Arguments> differentKey() {
        return Stream.of(
                arguments("alice", "alice2"),
                arguments("alice", "alíce"),
                arguments("bob", "b.o.b"),
                arguments("小明", "小朋"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" and \"{1}\" are different names")
    @MethodSource("differentKey")
    void differentNamesHaveDifferentKeys(String a, String b) {
        assertThat(Names.key(a)).isNotEqualTo(Names.key(b));
    }
}
