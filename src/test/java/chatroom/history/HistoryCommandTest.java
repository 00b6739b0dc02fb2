package chatroom.history;

import chatroom.chat.StoredEvent;
import static chatroom.history.SqliteHistoryStoreTest.ANN;
import static chatroom.history.SqliteHistoryStoreTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chatroom history}, run in-process through picocli with stdout and stderr captured. */
class HistoryCommandTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    private Path data;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void storeTheAssignmentsSession() throws IOException {
        data = dir.resolve("chatroom-data");
        try (var store = SqliteHistoryStore.open(data, false)) {
            store.append(StoredEvent.join("#lobby", 1, Instant.parse("2026-11-27T17:02:56.017Z"), "c1"));
            store.append(StoredEvent.message("#lobby", 2, Instant.parse("2026-11-27T17:03:01.596Z"), "c1", "大家好, 我是c1"));
            store.append(StoredEvent.privateMessage(1, Instant.parse("2026-11-27T17:03:06.099Z"), "c1", List.of("c2", "c3"),
                    "偷偷\n2026-11-28T01:03:07.000+08:00 MSG #lobby 9 c2: forged", List.of(ANN, BOB)));
            store.append(StoredEvent.message("#dev", 1, Instant.parse("2026-11-28T02:00:00Z"), "c2", "\u202Eevil"));
            store.append(StoredEvent.leave("#lobby", 0, Instant.parse("2026-11-28T03:00:00Z"), "c1", "quit"));
        }
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new HistoryCommand(out, SHANGHAI));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textExportIsOneEscapedLinePerEventLikeTheServerLog() {
        assertThat(run("--data-dir", data.toString())).isZero();
        assertThat(lines()).containsExactly(
                "2026-11-28T01:02:56.017+08:00 JOIN #lobby 1 c1",
                "2026-11-28T01:03:01.596+08:00 MSG #lobby 2 c1: 大家好, 我是c1",
                "2026-11-28T01:03:06.099+08:00 PRIVATE 1 c1 -> c2,c3: 偷偷\\n2026-11-28T01:03:07.000+08:00 MSG #lobby 9 c2: forged",
                "2026-11-28T10:00:00.000+08:00 MSG #dev 1 c2: \\u202Eevil",
                "2026-11-28T11:00:00.000+08:00 LEAVE #lobby - c1 (quit)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonlExportIsOneObjectPerLineWithEveryField() throws IOException {
        assertThat(run("--data-dir", data.toString(), "--format", "jsonl")).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines()) events.add(json.readTree(line));
        assertThat(events).hasSize(5);
        assertThat(events.get(1).toString()).isEqualTo(
                "{\"id\":2,\"kind\":\"MESSAGE\",\"time\":\"2026-11-27T17:03:01.596Z\",\"room\":\"#lobby\",\"seq\":2,"
                        + "\"sender\":\"c1\",\"text\":\"大家好, 我是c1\"}");
        JsonNode p = events.get(2);
        assertThat(p.get("kind").asText()).isEqualTo("PRIVATE");
        assertThat(p.get("privateId").asLong()).isEqualTo(1);
        assertThat(p.get("recipients").toString()).isEqualTo("[\"c2\",\"c3\"]");
        assertThat(p.get("parties").get(1).asLong()).isEqualTo(BOB);
        assertThat(p.get("text").asText()).contains("\n2026");
        assertThat(p.has("room")).isFalse();
        assertThat(events.get(0).has("text")).isFalse();
    }

    @Test
    void roomAndSinceNarrowTheExportAndARoomLeavesPrivatesOut() {
        assertThat(run("--data-dir", data.toString(), "--room", "#lobby", "--since", "2026-11-28T01:03:00+08:00")).isZero();
        assertThat(lines()).extracting(l -> l.substring(30, 45)).containsExactly("MSG #lobby 2 c1", "LEAVE #lobby - ");
        out.reset();
        assertThat(run("--data-dir", data.toString(), "--room", "#LOBBY", "--since", "2026-11-28T01:03:00+08:00")).isZero();
        assertThat(lines()).as("room names are case-folded, as the server keeps them").hasSize(2);
        out.reset();
        assertThat(run("--data-dir", data.toString(), "--since", "2026-11-28")).as("a date is local midnight").isZero();
        assertThat(lines()).hasSize(5);
        out.reset();
        assertThat(run("--data-dir", data.toString(), "--since", "2026-11-28T02:00:00Z")).isZero();
        assertThat(lines()).hasSize(2);
        out.reset();
        assertThat(run("--data-dir", data.toString(), "--since", "2026-11-28T10:30")).as("local date-time").isZero();
        assertThat(lines()).hasSize(1);
    }

    @Test
    void aBadSinceOrFormatIsOneLineAndExitCode2() {
        assertThat(run("--data-dir", data.toString(), "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("chatroom: --since: 'yesterday' is not an ISO-8601 date (2026-11-28) or date-time "
                + "(2026-11-28T09:00:00+08:00)" + System.lineSeparator());
        assertThat(out.size()).isZero();
        err.getBuffer().setLength(0);
        assertThat(run("--data-dir", data.toString(), "--format", "csv")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("chatroom: --format: 'csv' is not text or jsonl" + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("--data-dir", data.toString(), "--room", "lobby")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("chatroom: --room: a room name starts with #, like #lobby" + System.lineSeparator());
    }

    @Test
    void aMissingStoreIsOneLineAndExitCode1() {
        assertThat(run("--data-dir", dir.resolve("elsewhere").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("chatroom: no history store at ").doesNotContain("\n\tat ");
    }

    @Test
    void itExportsWhileAServerHasTheStoreOpen() throws IOException {
        try (var store = SqliteHistoryStore.open(data, false)) {
            store.append(StoredEvent.message("#lobby", 3, Instant.parse("2026-11-28T04:00:00Z"), "c2", "live"));
            assertThat(run("--data-dir", data.toString(), "--room", "#lobby")).isZero();
            assertThat(lines()).last().asString().endsWith("MSG #lobby 3 c2: live");
            store.append(StoredEvent.message("#lobby", 4, Instant.parse("2026-11-28T04:00:01Z"), "c2", "still writable"));
        }
    }

    @Test
    void chatroomHasTheHistorySubcommand() {
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("history");
    }
}
