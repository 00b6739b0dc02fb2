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
        "e\u0301" // a combining mark
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
                arguments("x".repeat(33), "at most 32"));
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
