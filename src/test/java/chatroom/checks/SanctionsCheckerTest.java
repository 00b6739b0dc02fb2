package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.chat.Role;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.JsonClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: nothing is delivered from a kicked, banned or muted member. Twenty people
 * send room and private messages as fast as their answers come while a moderator mutes,
 * kicks and bans some of them mid-stream; a checker then reads what everyone received:
 * no message reached anyone that its sender was refused, nor one its sender sent after
 * being told of its mute, kick or ban, and in the room nothing of a kicked or banned
 * member's comes after their leave. Run again with {@code -Dchatroom.seed=N}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SanctionsCheckerTest {
    private static final int SENDERS = 20;
    private static final int PER_SENDER = 150;
    private static final Limits LIMITS = TestLimits.with(32 * 1024, 1024 * 1024);
    private static final String PASSWORD = "sanctions-checker-pw";
    private static final String END = "end of run";
    /** g00-g02 are muted, g03-g05 kicked, g06-g08 banned, each after this many messages in all. */
    private static final int[] AFTER = {300, 600, 900};
    private static final List<String> ACTIONS = List.of("mute", "kick", "ban");

    @TempDir
    Path dataDir;

    /** One message as its sender saw it: whether it had been told of a sanction before sending, and the answer. */
    record Sent(String id, String from, boolean told, boolean accepted, ErrorCode refused, boolean isPrivate) {
        /**
         * Whether nobody may have it: refused, or private and answered by the sender's final
         * error (a room message in flight then may still be heard, before their leave).
         */
        boolean heldBack() {
            return refused != null || (!accepted && isPrivate);
        }
    }

    @Test
    void nothingIsDeliveredFromAMemberAfterTheyAreMutedKickedOrBanned() throws Exception {
        long seed = Long.getLong("chatroom.seed", System.nanoTime());
        try (TestServer server = TestServer.start(dataDir, LIMITS)) {
            assertThat(server.accounts().add("mod", PASSWORD, Role.MODERATOR).done()).isTrue();
            JsonClient mod = server.jsonConnected("mod");
            mod.send(new Request.Hello("in", JsonCodec.VERSION, "mod", 0, PASSWORD));
            mod.awaitEvent(Welcome.class);
            JsonClient watcher = server.json("watcher");
            List<JsonClient> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) senders.add(server.json(String.format("g%02d", i)));
            List<String> names = senders.stream().map(JsonClient::label).toList();

            Map<String, Sent> sent = new ConcurrentHashMap<>();
            AtomicInteger count = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("sanctions-", 0).factory())) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < SENDERS; i++) {
                    JsonClient me = senders.get(i);
                    Random random = new Random(seed + i);
                    running.add(pool.submit(() -> {
                        go.await();
                        for (int k = 0; k < PER_SENDER && !me.hasEnded(); k++) {
                            String id = me.label() + "-" + k;
                            boolean told = me.seenEvents().stream().anyMatch(SanctionsCheckerTest::sanction);
                            String text = "m " + id;
                            boolean isPrivate = random.nextInt(3) == 0;
                            try {
                                if (isPrivate) me.tell(List.of(names.get(random.nextInt(SENDERS)), "watcher"), text, id);
                                else me.say(text, id);
                            } catch (UncheckedIOException closed) {
                                break; // put out as it sent: the server closed the socket (its final error is in the stream)
                            }
                            count.incrementAndGet();
                            Event answer = me.awaitAnyEvent(e -> id.equals(replyTo(e)) || e instanceof Closing, "the answer to " + id);
                            sent.put(id, new Sent(id, me.label(), told, answer instanceof Accepted,
                                    answer instanceof Refused r ? r.code() : null, isPrivate));
                            if (answer instanceof Closing) break; // put out: nothing more goes
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (int round = 0; round < ACTIONS.size(); round++) {
                    int after = AFTER[round];
                    await().atMost(Duration.ofSeconds(60)).until(() -> count.get() >= after);
                    for (int j = 0; j < 3; j++) {
                        String target = names.get(round * 3 + j);
                        mod.send("{\"type\":\"" + ACTIONS.get(round) + "\",\"target\":\"" + target + "\",\"reason\":\"checker\","
                                + "\"id\":\"" + ACTIONS.get(round) + "-" + target + "\"}");
                    }
                }
                for (Future<?> f : running) f.get();
            }

            List<JsonClient> staying = new ArrayList<>(List.of(mod, watcher));
            staying.addAll(senders.subList(9, SENDERS));
            List<CountDownLatch> ends = staying.stream().map(c -> c.whenSeen(l -> l.contains("\"text\":\"" + END + "\""))).toList();
            watcher.say(END, "end");
            for (CountDownLatch end : ends) assertThat(end.await(20, TimeUnit.SECONDS)).isTrue();

            List<String> refusedButDelivered = new ArrayList<>();
            List<String> deliveredAfterTold = new ArrayList<>();
            List<String> afterLeave = new ArrayList<>();
            List<String> mutedButAccepted = new ArrayList<>();
            int deliveries = 0;
            List<JsonClient> receivers = new ArrayList<>(staying);
            receivers.addAll(senders.subList(0, 9));
            for (JsonClient c : receivers) {
                Set<String> gone = new HashSet<>();
                for (Event e : c.seenEvents()) {
                    if (e instanceof Left l && (l.reason() == LeaveReason.KICKED || l.reason() == LeaveReason.BANNED)) gone.add(l.name());
                    String from;
                    String text;
                    if (e instanceof RoomMessage m) {
                        from = m.from();
                        text = m.text();
                        if (gone.contains(from)) afterLeave.add(c.label() + " got " + m + " after " + from + " was put out");
                    } else if (e instanceof PrivateMessage p) {
                        from = p.from();
                        text = p.text();
                    } else {
                        continue;
                    }
                    if (!text.startsWith("m ") || from.equals(c.label())) continue; // the end marker; one's own echo
                    deliveries++;
                    Sent s = sent.get(text.substring(2));
                    if (s == null || s.heldBack()) refusedButDelivered.add(c.label() + " got " + e + " (" + s + ")");
                    else if (s.told()) deliveredAfterTold.add(c.label() + " got " + e + " (" + s + ")");
                }
            }
            int muted = 0;
            int toldAndRefused = 0;
            for (Sent s : sent.values()) {
                if (s.told() && names.indexOf(s.from()) < 3) {
                    muted++;
                    if (s.accepted() || s.refused() != ErrorCode.MUTED) mutedButAccepted.add(s.toString());
                }
                if (s.told() && !s.accepted()) toldAndRefused++;
            }
            long putOutLines = server.logLines().stream().filter(l -> l.contains("MODERATE mod kick") || l.contains("MODERATE mod ban")
                    || l.contains("MODERATE mod mute")).count();
            System.out.printf("sanctions checker: seed %d, %d senders, %d messages sent, %d delivered to others; 3 muted, 3 kicked,"
                            + " 3 banned (%d actions logged); %d sent after the sender was told (%d of them by the muted,"
                            + " %d of those refused 'muted'); refused but delivered %d, delivered after the sender was told %d, in the room after"
                            + " a leave %d%n",
                    seed, SENDERS, sent.size(), deliveries, putOutLines, toldAndRefused, muted, muted - mutedButAccepted.size(),
                    refusedButDelivered.size(), deliveredAfterTold.size(), afterLeave.size());
            assertThat(putOutLines).isEqualTo(9);
            assertThat(muted).as("the muted went on sending after being told (seed %d)", seed).isPositive();
            assertThat(refusedButDelivered).as("refused messages that reached someone (seed %d)", seed).isEmpty();
            assertThat(deliveredAfterTold).as("messages sent after a sanction that reached someone (seed %d)", seed).isEmpty();
            assertThat(afterLeave).as("room messages of a kicked or banned member after their leave (seed %d)", seed).isEmpty();
            assertThat(mutedButAccepted).as("messages the muted sent after being told, not refused 'muted' (seed %d)", seed).isEmpty();
        }
    }

    /** What tells a member it may no longer speak: its mute notice, or the final error of a kick or ban. */
    private static boolean sanction(Event e) {
        return (e instanceof Notice n && n.text().startsWith("you were muted")) || e instanceof Closing;
    }

    private static String replyTo(Event e) {
        return switch (e) {
            case Accepted a -> a.replyTo();
            case Refused r -> r.replyTo();
            default -> null;
        };
    }
}
