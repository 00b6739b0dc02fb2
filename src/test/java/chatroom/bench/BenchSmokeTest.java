package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4: a short run of {@code chatroom bench} against an in-process server, asserting
 * that nothing is lost, duplicated or reordered, and no timing at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchSmokeTest {

    private static Plan small(Workload workload, String door) {
        return new Plan(workload, door, "127.0.0.1", 0, 0, 20, 4, 64, 16, workload.defaultRate, Duration.ofMillis(500),
                Duration.ofSeconds(2), workload.defaultPrivatePercent, 20, Duration.ofSeconds(60), "smoke");
    }

    @Test
    void fanoutOnTheJsonDoorDeliversEveryMessageOnceAndInOrder() throws Exception {
        List<String> notes = new ArrayList<>();
        Results r = Bench.run(small(Workload.FANOUT, "json"), notes::add, null);

        assertThat(notes).anyMatch(n -> n.startsWith("limits raised for the benchmark: "));
        assertThat(r.join().joined()).isEqualTo(20);
        FlowStats f = r.flow();
        assertThat(f.deliveries()).isPositive();
        assertThat(f.lost()).isZero();
        assertThat(f.duplicated()).isZero();
        assertThat(f.outOfOrder()).isZero();
        assertThat(f.seqGaps()).isZero();
        assertThat(f.refused()).isEmpty();
        assertThat(f.disconnected()).isZero();
        assertThat(r.ok()).isTrue();
    }

    @Test
    void fanoutOnThePlainDoorDeliversEveryMessageOnceAndInOrder() throws Exception {
        Results r = Bench.run(small(Workload.FANOUT, "plain"), note -> { }, null);

        FlowStats f = r.flow();
        assertThat(f.deliveries()).isPositive();
        assertThat(f.lost()).isZero();
        assertThat(f.duplicated()).isZero();
        assertThat(f.outOfOrder()).isZero();
        assertThat(f.seqGaps()).as("the plain door has no room numbers").isEqualTo(-1);
        assertThat(r.ok()).isTrue();
    }

    @Test
    void fanoutOnTheIrcDoorDeliversEveryMessageOnceAndInOrder() throws Exception {
        Results r = Bench.run(small(Workload.FANOUT, "irc"), note -> { }, null);

        FlowStats f = r.flow();
        assertThat(r.join().joined()).isEqualTo(20);
        assertThat(f.deliveries()).isPositive();
        assertThat(f.lost()).isZero();
        assertThat(f.duplicated()).isZero();
        assertThat(f.outOfOrder()).isZero();
        assertThat(f.refused()).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    /** Open loop: every message counted, and the bench says how late it sent each one (part of the latency). */
    @Test
    void latencyRunsCountEveryMessageAndTheirSendLag() throws Exception {
        Results r = Bench.run(small(Workload.LATENCY, "json"), note -> { }, null);

        FlowStats f = r.flow();
        assertThat(f.lost()).isZero();
        assertThat(f.outOfOrder()).isZero();
        assertThat(f.sendLag().getTotalCount()).as("one lag per message sent in the measured stretch").isEqualTo(f.sent());
        assertThat(Report.table(r)).contains("send lag");
        assertThat(r.ok()).isTrue();
    }

    @Test
    void privateMessagesReachOnlyTheirRecipients() throws Exception {
        Results r = Bench.run(small(Workload.PRIVATE, "plain"), note -> { }, null);

        FlowStats f = r.flow();
        assertThat(f.deliveries()).isPositive();
        assertThat(f.misdelivered()).isZero();
        assertThat(f.lost()).isZero();
        assertThat(r.ok()).isTrue();
    }

    @Test
    void capacityProbeReachesEveryJoinedClient() throws Exception {
        Plan plan = new Plan(Workload.CAPACITY, "json", "127.0.0.1", 0, 0, 50, 1, 64, 1, 0, Duration.ZERO,
                Duration.ofSeconds(1), 0, 10, Duration.ofSeconds(60), "smoke");
        Results r = Bench.run(plan, note -> { }, null);

        assertThat(r.join().joined()).isEqualTo(50);
        assertThat(r.probe().received()).isEqualTo(49);
        assertThat(r.ok()).isTrue();
    }

    @Test
    void theCommandPrintsJsonForMachines() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run("bench", "--json", "--clients", "6", "--senders", "2", "--warmup", "0", "--duration", "1s",
                    "--name-prefix", "cli");
        } finally {
            System.setOut(stdout);
        }

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
        assertThat(json.path("workload").asText()).isEqualTo("fanout");
        assertThat(json.path("ok").asBoolean()).isTrue();
        assertThat(json.path("flow").path("lost").asLong()).isZero();
        assertThat(json.path("flow").path("deliveries").asLong()).isPositive();
    }

    @Test
    void aSettingThatMakesNoSenseIsAUsageError() {
        PrintStream stderr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            exit = Main.run("bench", "--clients", "10", "--senders", "11");
        } finally {
            System.setErr(stderr);
        }
        assertThat(exit).isEqualTo(2);
    }
}
