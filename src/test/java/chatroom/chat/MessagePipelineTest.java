package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender's room messages while the store is still taking earlier ones: they are
 * numbered without waiting, go out in order once stored, anything else the sender asks
 * is answered after them, and at most {@link Member#MAX_IN_FLIGHT} wait at once.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MessagePipelineTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:03:05Z");

    /** Each task on a thread of its own: the common pool may have one thread on 2 cores, and these tasks wait. */
    private static final java.util.concurrent.Executor OWN_THREAD = task -> Thread.ofVirtual().start(task);

    private final HeldStore store = new HeldStore();
    private final RecordingRecorder recorder = new RecordingRecorder();
    private final Manager manager = new Manager(new MutableClock(T0), recorder, Limits.DEFAULTS.withoutRateLimit(), store,
            RoomLimits.DEFAULTS);
    private int nextPort = 2001;

    private record Person(Member member, FakeSession session) {}

    private Person join(String name) {
        FakeSession session = new FakeSession("127.0.0.1:" + nextPort++);
        manager.connected(session);
        Optional<Member> member = manager.join(session, name, null);
        assertThat(member).isPresent();
        return new Person(member.get(), session);
    }

    private void say(Person p, String text) {
        manager.handle(p.member(), new Say(text), null);
    }

    private static List<String> texts(FakeSession session) {
        return session.events(RoomMessage.class).stream().map(RoomMessage::text).toList();
    }

    @Test
    void aSendersNextMessageIsNumberedWhileTheLastIsStillBeingStoredAndAllGoOutInOrder() {
        Person alice = join("alice");
        Person bob = join("bob");
        store.hold();

        // With each message waiting to be stored before the next is read, the second say would never return.
        say(alice, "one");
        say(alice, "two");
        say(alice, "three");

        assertThat(store.heldCount()).isEqualTo(3);
        assertThat(texts(bob.session())).isEmpty();
        store.commitHeld();
        // The test's thread committed them; the room's own delivery thread sends them.
        await().untilAsserted(() -> assertThat(texts(bob.session())).containsExactly("one", "two", "three"));
        assertThat(bob.session().events(RoomMessage.class)).extracting(RoomMessage::seq).containsExactly(3L, 4L, 5L);
        assertThat(texts(alice.session())).containsExactly("one", "two", "three");
    }

    @Test
    void whatTheSenderAsksNextIsAnsweredAfterTheirMessagesAreOut() {
        Person alice = join("alice");
        join("bob");
        store.hold();
        say(alice, "before the question");
        alice.session().forget();

        CompletableFuture<Void> who = CompletableFuture.runAsync(() -> manager.handle(alice.member(), new Who(false), "w1"), OWN_THREAD);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !who.isDone());
        assertThat(alice.session().events(WhoList.class)).isEmpty();

        store.commitHeld();
        who.join();
        List<Event> events = alice.session().events();
        assertThat(events.getFirst()).isInstanceOf(RoomMessage.class);
        assertThat(events.getLast()).isInstanceOf(WhoList.class);
    }

    @Test
    void aMessageTheStoreCannotTakeIsRefusedToItsSenderAndReachesNobody() {
        Person alice = join("alice");
        Person bob = join("bob");
        store.hold();
        manager.handle(alice.member(), new Say("lost"), "m1");

        store.failHeld();

        await().until(() -> !alice.session().events(Refused.class).isEmpty());
        assertThat(texts(bob.session())).isEmpty();
        assertThat(texts(alice.session())).isEmpty();
        assertThat(alice.session().events(Refused.class)).extracting(Refused::code, Refused::replyTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.LOG_UNAVAILABLE, "m1"));
        assertThat(recorder.lines("UNSTORED")).containsExactly("UNSTORED #lobby 3 (history store unavailable: refused; the number stays unused)");
        say(alice, "later");
        // The room's delivery thread may still be letting go of the refusal's turn: then it sends this one.
        await().untilAsserted(() -> assertThat(bob.session().events(RoomMessage.class))
                .extracting(RoomMessage::text, RoomMessage::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("later", 4L)));
    }

    @Test
    void whoeverHasSeenTheirWelcomeCanBeToldPrivatelyAndHearsItAfterTheirReplay() throws Exception {
        Person alice = join("alice");
        say(alice, "before bob");
        // Bob's replay has to be read when his join goes out; that read waits here.
        store.afterGate = new java.util.concurrent.CountDownLatch(1);
        store.afterResult = List.of(new chatroom.chat.StoredEvent(9, chatroom.chat.Kind.MESSAGE, "#lobby", 2, 0, T0,
                "alice", List.of(), "before bob", List.of()));
        FakeSession bobSession = new FakeSession("127.0.0.1:" + nextPort++);
        manager.connected(bobSession);
        CompletableFuture<Optional<Member>> bob = CompletableFuture.supplyAsync(() -> manager.join(bobSession, "bob", null),
                OWN_THREAD);
        await().atMost(Duration.ofSeconds(5)).until(() -> !bobSession.events(Welcome.class).isEmpty());

        // Bob has his welcome: he is online, and a private message to him waits for his replay.
        CompletableFuture<Void> told = CompletableFuture.runAsync(() -> manager.handle(alice.member(),
                new Tell(List.of("bob"), "psst"), "t1"), OWN_THREAD);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !told.isDone());
        store.afterGate.countDown();
        told.join();
        bob.join();

        assertThat(alice.session().events(Refused.class)).isEmpty();
        assertThat(bobSession.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Welcome", "History", "PrivateMessage");
    }

    @Test
    void aSenderWaitsOnceMaxInFlightOfTheirMessagesAreOnTheirWay() {
        Person alice = join("alice");
        Person bob = join("bob");
        store.hold();
        IntStream.range(0, Member.MAX_IN_FLIGHT).forEach(i -> say(alice, "m" + i));

        CompletableFuture<Void> oneMore = CompletableFuture.runAsync(() -> say(alice, "one more"), OWN_THREAD);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !oneMore.isDone());
        assertThat(store.heldCount()).isEqualTo(Member.MAX_IN_FLIGHT);

        store.commitHeld();
        oneMore.join();
        List<String> expected = new java.util.ArrayList<>(IntStream.range(0, Member.MAX_IN_FLIGHT).mapToObj(i -> "m" + i).toList());
        expected.add("one more");
        await().untilAsserted(() -> assertThat(texts(bob.session())).containsExactlyElementsOf(expected));
    }

    @Test
    void aRoomsEventsStoredByAnotherThreadsCommitGoOutOnTheRoomsOwnThreadNotTheCommitters() {
        Person alice = join("alice");
        Person bob = join("bob");
        store.hold();
        say(alice, "stored by someone else");
        alice.session().forget();
        bob.session().forget();

        // Here the test's thread stands for any other thread that commits (another room's sender, a private message's).
        store.commitHeld();

        await().until(() -> !alice.session().events(Accepted.class).isEmpty());
        assertThat(texts(bob.session())).containsExactly("stored by someone else");
        assertThat(bob.session().threads()).containsExactly("room-#lobby");
        // Alice's copy, then her acknowledgement, on the same thread.
        assertThat(alice.session().threads()).containsExactly("room-#lobby", "room-#lobby");
    }
}
