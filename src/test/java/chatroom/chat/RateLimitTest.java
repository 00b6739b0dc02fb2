package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Messages per connection (SPEC §5): 10 a second sustained, bursts of 20 by default; more
 * gets {@code rate-limited} with a time to retry, never silence. The clock is moved by
 * hand, so nothing here waits.
 */
class RateLimitTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:03:05Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingRecorder recorder = new RecordingRecorder();
    private int nextPort = 1001;

    private record Person(Member member, FakeSession session) {}

    private Person join(Manager manager, String name) {
        FakeSession session = new FakeSession("127.0.0.1:" + nextPort++);
        return new Person(manager.join(session, name, null).orElseThrow(), session);
    }

    @Test
    void aBurstGoesThroughAndTheNextMessageIsRefusedWithTheTimeToRetry() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS);
        Person alice = join(manager, "alice");
        Person bob = join(manager, "bob");

        for (int i = 1; i <= 20; i++) manager.handle(alice.member(), new Say("m" + i), "s" + i);
        manager.handle(alice.member(), new Say("one too many"), "s21");

        assertThat(bob.session().events(RoomMessage.class)).hasSize(20);
        assertThat(alice.session().events(Accepted.class)).hasSize(20);
        // 10 a second: the next token is a tenth of a second away.
        assertThat(alice.session().events(Refused.class))
                .containsExactly(new Refused(ErrorCode.RATE_LIMITED, "retry in 0.1 s", "s21", 100));
        assertThat(recorder.lines("MSG")).hasSize(20);
        assertThat(recorder.lines("REJECT")).containsExactly("REJECT 127.0.0.1:1001 alice rate-limited: retry in 0.1 s");
    }

    @Test
    void tokensComeBackWithTimeUpToTheBurst() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS.withRate(1, 3));
        Person alice = join(manager, "alice");
        for (int i = 0; i < 3; i++) manager.handle(alice.member(), new Say("burst " + i), null);

        manager.handle(alice.member(), new Say("too soon"), "a");
        clock.advance(Duration.ofMillis(400));
        manager.handle(alice.member(), new Say("still too soon"), "b");
        clock.advance(Duration.ofMillis(600));
        manager.handle(alice.member(), new Say("now"), "c");
        clock.advance(Duration.ofHours(1)); // a long quiet spell refills the bucket, but only to the burst
        for (int i = 0; i < 4; i++) manager.handle(alice.member(), new Say("again " + i), "d" + i);

        assertThat(alice.session().events(Refused.class)).containsExactly(
                new Refused(ErrorCode.RATE_LIMITED, "retry in 1.0 s", "a", 1000),
                new Refused(ErrorCode.RATE_LIMITED, "retry in 0.6 s", "b", 600),
                new Refused(ErrorCode.RATE_LIMITED, "retry in 1.0 s", "d3", 1000));
        assertThat(alice.session().events(RoomMessage.class)).extracting(RoomMessage::text)
                .containsExactly("burst 0", "burst 1", "burst 2", "now", "again 0", "again 1", "again 2");
    }

    @Test
    void privateMessagesShareTheSameAllowance() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS.withRate(1, 2));
        Person alice = join(manager, "alice");
        Person bob = join(manager, "bob");

        manager.handle(alice.member(), new Say("hello"), null);
        manager.handle(alice.member(), new Tell(List.of("bob"), "psst"), null);
        manager.handle(alice.member(), new Tell(List.of("bob"), "psst again"), "t");

        assertThat(bob.session().events(PrivateMessage.class)).extracting(PrivateMessage::text).containsExactly("psst");
        assertThat(alice.session().events(Refused.class)).extracting(Refused::code, Refused::replyTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.RATE_LIMITED, "t"));
    }

    @Test
    void whoHelpAndQuitAreNeverHeldBack() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS.withRate(1, 1));
        Person alice = join(manager, "alice");
        manager.handle(alice.member(), new Say("uses the only token"), null);

        for (int i = 0; i < 50; i++) manager.handle(alice.member(), new Who(i % 2 == 0), null);
        manager.handle(alice.member(), new Help(), null);
        manager.handle(alice.member(), new Quit(), null);

        assertThat(alice.session().events(Refused.class)).isEmpty();
        assertThat(alice.session().events(WhoList.class)).hasSize(50);
        assertThat(alice.session().events(Notice.class)).hasSize(1);
        assertThat(alice.session().events(Left.class)).singleElement().extracting(Left::reason).isEqualTo(LeaveReason.QUIT);
    }

    @Test
    void eachConnectionHasItsOwnAllowance() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS.withRate(1, 2));
        Person alice = join(manager, "alice");
        Person bob = join(manager, "bob");
        for (int i = 0; i < 3; i++) manager.handle(alice.member(), new Say("alice " + i), null);
        for (int i = 0; i < 2; i++) manager.handle(bob.member(), new Say("bob " + i), null);

        assertThat(alice.session().events(Refused.class)).hasSize(1);
        assertThat(bob.session().events(Refused.class)).isEmpty();
    }

    @Test
    void rateZeroMeansNoLimit() {
        Manager manager = new Manager(clock, recorder, Limits.DEFAULTS.withoutRateLimit());
        Person alice = join(manager, "alice");
        for (int i = 0; i < 1000; i++) manager.handle(alice.member(), new Say("m" + i), null);

        assertThat(alice.session().events(Refused.class)).isEmpty();
        assertThat(alice.session().events(Accepted.class)).hasSize(1000);
    }

    @Test
    void aClockSetBackGivesNothingAndBreaksNothing() {
        RateLimiter bucket = new RateLimiter(clock, 1, 1);
        assertThat(bucket.take()).isZero();
        clock.advance(Duration.ofSeconds(-30));
        assertThat(bucket.take()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.take()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0} ms -> {1}")
    @CsvSource({"1, retry in 0.1 s", "100, retry in 0.1 s", "101, retry in 0.2 s", "1150, retry in 1.2 s",
            "1200, retry in 1.2 s", "60000, retry in 60.0 s"})
    void theRetryTimeIsRoundedUpToATenthOfASecond(long millis, String text) {
        assertThat(RateLimiter.retryText(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
