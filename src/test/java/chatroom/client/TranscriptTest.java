package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T14:03:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anOrdinaryNameIsItsOwnFileName() {
        assertThat(Transcript.fileName("alice")).isEqualTo("alice.log");
        assertThat(Transcript.fileName("张三")).isEqualTo("张三.log");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "a/b", "a\\b", "con", "CON", "nul.txt", "lpt1", "/etc/passwd",
            "x\u0000y", "a b", "\u202Eevil", "", "名字/../../..", "e\u0301"})
    void oddNamesStayInsideTheLogDirectory(String name) throws IOException {
        String file = Transcript.fileName(name);
        assertThat(file).endsWith(".log").doesNotContain("/").doesNotContain("\\").doesNotStartWith(".");
        assertThat(file.codePoints().noneMatch(Character::isISOControl)).isTrue();
        Path resolved = dir.resolve(file).normalize();
        assertThat(resolved.getParent()).isEqualTo(dir);
        try (Transcript t = Transcript.open(dir, name, "127.0.0.1:8080", CLOCK)) {
            t.line("* hello");
        }
        assertThat(Files.exists(resolved)).isTrue();
    }

    @Test
    void aVeryLongNameGetsABoundedFileName() {
        String file = Transcript.fileName("x".repeat(500));
        assertThat(file.length()).isLessThan(90);
    }

    @Test
    void namesThatWouldCollideAfterCleaningGetDifferentFiles() {
        assertThat(Transcript.fileName("a/b")).isNotEqualTo(Transcript.fileName("a_b"));
        assertThat(Transcript.fileName("a/b")).isNotEqualTo(Transcript.fileName("a\\b"));
        assertThat(Transcript.fileName("con")).isNotEqualTo(Transcript.fileName("CON"));
    }

    @Test
    void aSessionIsOpenedAndClosedAndEveryLineHasADateTime() throws IOException {
        try (Transcript t = Transcript.open(dir, "alice", "127.0.0.1:8080", CLOCK)) {
            t.line("* welcome alice, 1 online: alice\n");
            t.line("2026-11-27 14:03:05 alice: hello\n  | second line\n");
            t.sent();
        }
        List<String> lines = Files.readAllLines(dir.resolve("alice.log"));
        assertThat(lines).containsExactly(
                "=== 2026-11-27 14:03:05 session opened: alice at 127.0.0.1:8080",
                "2026-11-27 14:03:05 * welcome alice, 1 online: alice",
                "2026-11-27 14:03:05 alice: hello",
                "  | second line",
                "=== 2026-11-27 14:03:05 session closed: 1 sent, 2 lines shown");
    }

    @Test
    void theTranscriptIsForItsOwnerOnly() throws IOException {
        Path logs = dir.resolve("logs");
        try (Transcript t = Transcript.open(logs, "alice", "127.0.0.1:8080", CLOCK)) {
            t.line("* hi");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve("alice.log")))).isEqualTo("rw-------");
    }

    @Test
    void aSecondSessionAppends() throws IOException {
        Transcript.open(dir, "bob", "h:1", CLOCK).close();
        Transcript.open(dir, "bob", "h:1", CLOCK).close();
        assertThat(Files.readAllLines(dir.resolve("bob.log"))).hasSize(4);
    }
}
