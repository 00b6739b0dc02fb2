package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chat rules with in-memory sessions and recorder (SPEC §4 "Names" to "Records"). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ManagerTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:03:05Z");
    /**
     * No rate limit: the clock stands still here, and the concurrency test sends 200
     * messages per member. The rate limit has tests of its own (RateLimitTest).
     */
    private static final Limits LIMITS = Limits.DEFAULTS.withoutRateLimit();

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingRecorder recorder = new RecordingRecorder();
    private final Manager manager = new Manager(clock, recorder, LIMITS);
    private int nextPort = 1001;

    /** A person who has joined, with the session that hears for them. */
    record Person(Member member, FakeSession session) {
        String name() {
            return member.name();
        }
    }

    private FakeSession connect() {
        FakeSession session = new FakeSession("127.0.0.1:" + nextPort++);
        manager.connected(session);
        return session;
    }

    private Person join(String name) {
        FakeSession session = connect();
        Optional<Member> member = manager.join(session, name, null);
        assertThat(member).as("%s could join", name).isPresent();
        return new Person(member.get(), session);
    }

    private static void forgetAll(Person... people) {
        for (Person p : people) p.session().forget();
    }

    @Nested
    class Joining {

        @Test
        void newcomerIsWelcomedWithEveryoneOnline() {
            Person alice = join("alice");
            FakeSession session = connect();

            Optional<Member> bob = manager.join(session, "bob", "hello-1");

            assertThat(bob).map(Member::name).contains("bob");
            assertThat(session.events()).containsExactly(new Welcome("bob", "#lobby", 2, List.of("alice", "bob"), "hello-1"));
            assertThat(alice.session().events()).containsExactly(
                    new Welcome("alice", "#lobby", 1, List.of("alice"), null),
                    new Joined("#lobby", 2, T0, "bob"));
        }

        @Test
        void joinIsLoggedWithRoomSeqNameAndAddress() {
            join("alice");
            assertThat(recorder.lines("JOIN")).containsExactly("JOIN #lobby 1 alice 127.0.0.1:1001");
        }

        @Test
        void connectionIsLoggedWithItsAddress() {
            connect();
            assertThat(recorder.lines()).containsExactly("CONNECT 127.0.0.1:1001");
        }

        @Test
        void aNameThatLooksLikeOneOnlineIsRefusedAndFreeOnceTheyLeave() {
            Person alice = join("alice");
            FakeSession session = connect();
            assertThat(manager.join(session, "\u0251lice", "h1")).as("Latin alpha").isEmpty();
            assertThat(session.events(Refused.class)).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.NAME_CONFUSABLE);
                assertThat(r.text()).isEqualTo("\u0251lice looks too much like alice, who is online (\u0251 looks like a); pick a name that looks different");
                assertThat(r.replyTo()).isEqualTo("h1");
            });
            assertThat(manager.join(connect(), "A1ICE", null)).as("1 for l, any case").isEmpty();
            assertThat(manager.join(session, "alicia", null)).as("a different-looking name").isPresent();

            manager.leave(alice.member(), LeaveReason.QUIT);
            assertThat(manager.join(connect(), "\u0251lice", null)).as("free once alice left").isPresent();
        }

        /** Issue 12, item 3: capital I for l, full-width and Cyrillic capitals, whichever came first. */
        @ParameterizedTest(name = "[{index}] {1} beside {0}")
        @CsvSource(delimiter = '|', value = {
            "alice | aIice | I looks like l", "aIice | alice | l looks like I", "alice | AIice | I looks like l",
            "Alice | aIice | I looks like l", "ALICE | aIice | I looks like L", "aIice | Alice | l looks like I",
            "bob | \uFF42\uFF4F\uFF42 | \uFF42 looks like b, \uFF4F like o",
            "bob | \uFF22\uFF2F\uFF22 | \uFF22 looks like b, \uFF2F like o",
            "\uFF42\uFF4F\uFF42 | bob | b looks like \uFF42, o like \uFF4F",
            "\uFF22\uFF2F\uFF22 | Bob | B looks like \uFF22, o like \uFF2F",
            "bob | \u0412\u041E\u0412 | \u0412 looks like b, \u041E like o",
            "Ivan | lvan | l looks like I", "lvan | Ivan | I looks like l"})
        void aLookAlikeInAnyCaseOrWidthIsRefusedWhicheverCameFirstSayingWhichCharactersLookAlike(String online,
                String lookAlike, String which) {
            join(online);
            FakeSession session = connect();

            assertThat(manager.join(session, lookAlike, "h1")).isEmpty();

            assertThat(session.events(Refused.class)).singleElement().isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE,
                    lookAlike + " looks too much like " + online + ", who is online (" + which + "); pick a name that looks different",
                    "h1"));
            assertThat(manager.onlineCount()).isEqualTo(1);
        }

        @Test
        void everyFormOfALookAlikesLooksIsFreedWhenItLeavesOrIsRefused() {
            Person held = join("aIice");
            assertThat(manager.join(connect(), "ALICE", null)).as("refused: its Alice looks like aIice").isEmpty();

            manager.leave(held.member(), LeaveReason.QUIT);

            join("alice"); // neither aIice's looks nor the refused ALICE's (alice among them) were left behind
        }

        @Test
        void aRefusedLookalikeDoesNotHoldItsOwnNameAfterwards() {
            join("rn");
            assertThat(manager.join(connect(), "m", null)).isEmpty();
            assertThat(manager.join(connect(), "M", null)).as("'m' was not left registered").isEmpty();
            assertThat(manager.onlineCount()).isEqualTo(1);
        }

        @Test
        void takenNameIsRefusedCaseInsensitively() {
            Person alice = join("alice");
            FakeSession session = connect();

            Optional<Member> second = manager.join(session, "ALICE", "h2");

            assertThat(second).isEmpty();
            assertThat(session.events()).containsExactly(new Refused(ErrorCode.NAME_TAKEN, "alice is already here", "h2"));
            assertThat(alice.session().events(Joined.class)).isEmpty();
            assertThat(manager.onlineCount()).isEqualTo(1);
        }

        @Test
        void nameInNfdIsTakenByTheSameNameInNfc() {
            join("Jos\u00E9");
            FakeSession session = connect();
            assertThat(manager.join(session, "jose\u0301", null)).isEmpty();
            assertThat(session.events(Refused.class)).extracting(Refused::code).containsExactly(ErrorCode.NAME_TAKEN);
        }

        @Test
        void capitalSharpSCannotTakeTheNameOfSomeoneWithSmallSharpS() {
            join("straße");
            FakeSession session = connect();
            assertThat(manager.join(session, "STRA\u1E9EE", null)).isEmpty();
            assertThat(session.events(Refused.class)).extracting(Refused::code).containsExactly(ErrorCode.NAME_TAKEN);
        }

        @Test
        void newcomerHearsNothingBeforeTheirWelcome() throws Exception {
            CountDownLatch joinBeingRecorded = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Recorder holdsBobsJoin = (time, line) -> {
                if (line.startsWith("JOIN #lobby 2 bob ")) {
                    joinBeingRecorded.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Manager m = new Manager(clock, holdsBobsJoin, LIMITS);
            Member alice = m.join(new FakeSession("127.0.0.1:2000"), "alice", null).orElseThrow();
            FakeSession bob = new FakeSession("127.0.0.1:2001");

            Thread joining = Thread.ofVirtual().start(() -> m.join(bob, "bob", null));
            assertThat(joinBeingRecorded.await(5, TimeUnit.SECONDS)).isTrue();
            m.handle(alice, new Tell(List.of("bob"), "quick!"), null);
            release.countDown();
            joining.join(Duration.ofSeconds(5));

            assertThat(bob.events()).first().isInstanceOf(Welcome.class);
        }

        @Test
        void nameIsKeptInNfc() {
            Person jose = join("Jose\u0301");
            assertThat(jose.name()).isEqualTo("Jos\u00E9");
        }

        @Test
        void invalidNameIsRefusedSayingWhy() {
            FakeSession session = connect();
            assertThat(manager.join(session, "al ice", null)).isEmpty();
            List<Refused> refused = session.events(Refused.class);
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).code()).isEqualTo(ErrorCode.NAME_INVALID);
            assertThat(refused.get(0).text()).contains("spaces");
            assertThat(manager.onlineCount()).isZero();
        }

        @Test
        void refusedPersonMayTryAnotherNameOnTheSameConnection() {
            join("alice");
            FakeSession session = connect();
            assertThat(manager.join(session, "alice", null)).isEmpty();
            assertThat(manager.join(session, "a/b", null)).isEmpty();
            assertThat(manager.join(session, "alice2", null)).isPresent();
            assertThat(session.events(Welcome.class)).singleElement().extracting(Welcome::name).isEqualTo("alice2");
        }

        @Test
        void nameOfSomeoneWhoLeftIsFreeAgain() {
            Person bob = join("bob");
            manager.leave(bob.member(), LeaveReason.CONNECTION_LOST);
            assertThat(manager.join(connect(), "Bob", null)).isPresent();
        }

        @Test
        void welcomeListsEveryoneOnlineInNameOrder() {
            join("carol");
            join("Alice");
            FakeSession session = connect();
            manager.join(session, "bob", null);
            assertThat(session.events(Welcome.class)).singleElement()
                    .extracting(Welcome::online).isEqualTo(List.of("Alice", "bob", "carol"));
        }
    }

    @Nested
    class RoomMessages {

        @Test
        void roomMessageReachesEveryoneIncludingTheSender() {
            Person alice = join("alice");
            Person bob = join("bob");
            Person carol = join("carol");
            forgetAll(alice, bob, carol);

            manager.handle(alice.member(), new Say("hello"), "m1");

            RoomMessage expected = new RoomMessage("#lobby", 4, T0, "alice", "hello");
            assertThat(bob.session().events()).containsExactly(expected);
            assertThat(carol.session().events()).containsExactly(expected);
            assertThat(alice.session().events()).containsExactly(expected, new Accepted("m1", "#lobby", 4, 0));
        }

        @Test
        void roomEventsAreNumberedWithoutGaps() {
            Person alice = join("alice");
            Person bob = join("bob");
            manager.handle(alice.member(), new Say("one"), null);
            manager.handle(bob.member(), new Say("two"), null);
            Person carol = join("carol");
            manager.handle(carol.member(), new Say("three"), null);
            manager.leave(bob.member(), LeaveReason.QUIT);
            manager.handle(alice.member(), new Say("four"), null);

            assertThat(alice.session().events()).map(ManagerTest::seqOf).filteredOn(s -> s > 0)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        }

        @Test
        void messageCarriesTheTimeTheServerAssigned() {
            Person alice = join("alice");
            clock.advance(Duration.ofSeconds(90));
            manager.handle(alice.member(), new Say("later"), null);
            assertThat(alice.session().events(RoomMessage.class)).singleElement()
                    .extracting(RoomMessage::time).isEqualTo(T0.plusSeconds(90));
            assertThat(recorder.times()).last().isEqualTo(T0.plusSeconds(90));
        }

        @Test
        void roomMessageIsLoggedAsMsgWithRoomSeqSenderAndEscapedText() {
            Person alice = join("alice");
            manager.handle(alice.member(), new Say("hello"), null);
            manager.handle(alice.member(), new Say("two\nlines\\"), null);
            assertThat(recorder.lines("MSG")).containsExactly("MSG #lobby 2 alice: hello", "MSG #lobby 3 alice: two\\nlines\\\\");
        }

        @Test
        void messageIsRecordedBeforeAnyoneCanSeeIt() {
            List<Integer> seenWhenRecorded = new ArrayList<>();
            FakeSession[] watcher = new FakeSession[1];
            Recorder checking = (time, line) -> {
                if (line.startsWith("MSG ")) seenWhenRecorded.add(watcher[0].events(RoomMessage.class).size());
            };
            Manager m = new Manager(clock, checking, LIMITS);
            watcher[0] = new FakeSession("127.0.0.1:2000");
            Member bob = m.join(watcher[0], "bob", null).orElseThrow();
            m.handle(bob, new Say("first"), null);
            m.handle(bob, new Say("second"), null);
            assertThat(seenWhenRecorded).containsExactly(0, 1);
        }

        @Test
        void textOfTheMaximumLengthInCodePointsIsAccepted() {
            Manager small = new Manager(clock, recorder, limitsWithMaxText(10));
            FakeSession session = new FakeSession("127.0.0.1:2000");
            Member alice = small.join(session, "alice", null).orElseThrow();
            small.handle(alice, new Say("😀".repeat(10)), null); // 20 UTF-16 units, 10 code points
            assertThat(session.events(RoomMessage.class)).hasSize(1);
        }

        @Test
        void tooLongTextIsRefusedAndNobodyReceivesIt() {
            Manager small = new Manager(clock, recorder, limitsWithMaxText(10));
            FakeSession aliceSession = new FakeSession("127.0.0.1:2000");
            FakeSession bobSession = new FakeSession("127.0.0.1:2001");
            Member alice = small.join(aliceSession, "alice", null).orElseThrow();
            small.join(bobSession, "bob", null).orElseThrow();

            small.handle(alice, new Say("x".repeat(11)), "long");
            small.handle(alice, new Tell(List.of("bob"), "y".repeat(11)), "long2");

            assertThat(aliceSession.events(Refused.class)).extracting(Refused::code, Refused::replyTo)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ErrorCode.TEXT_TOO_LONG, "long"),
                            org.assertj.core.groups.Tuple.tuple(ErrorCode.TEXT_TOO_LONG, "long2"));
            assertThat(aliceSession.events(Refused.class).get(0).text()).contains("10").contains("11");
            assertThat(bobSession.events(RoomMessage.class)).isEmpty();
            assertThat(bobSession.events(PrivateMessage.class)).isEmpty();
            assertThat(recorder.lines("MSG")).isEmpty();
        }

        @Test
        void blankTextIsRefusedAsEmpty() {
            Person alice = join("alice");
            Person bob = join("bob");
            manager.handle(alice.member(), new Say("   "), "b");
            assertThat(alice.session().events(Refused.class)).singleElement()
                    .extracting(Refused::code).isEqualTo(ErrorCode.EMPTY_TEXT);
            assertThat(bob.session().events(RoomMessage.class)).isEmpty();
        }

        @Test
        void everyMemberSeesRoomEventsInTheSameOrderUnderConcurrentSenders() throws Exception {
            int senders = 8;
            int perSender = 200;
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < senders; i++) people.add(join("p" + i));
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (Person p : people) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int j = 0; j < perSender; j++) manager.handle(p.member(), new Say(p.name() + " " + j), null);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) f.get(5, TimeUnit.SECONDS);
            }

            List<RoomMessage> reference = people.get(0).session().events(RoomMessage.class);
            assertThat(reference).hasSize(senders * perSender);
            assertThat(reference).extracting(RoomMessage::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(senders + 1, senders + senders * perSender).boxed().toList());
            for (Person p : people) assertThat(p.session().events(RoomMessage.class)).isEqualTo(reference);
            assertThat(recorder.lines("MSG")).hasSize(senders * perSender);
        }
    }

    @Nested
    class PrivateMessages {

        @Test
        void privateMessageReachesOnlyItsRecipientsAndEchoesToTheSender() {
            Person alice = join("alice");
            Person bob = join("bob");
            Person carol = join("carol");
            Person dave = join("dave");
            forgetAll(alice, bob, carol, dave);

            manager.handle(alice.member(), new Tell(List.of("bob", "carol"), "  hi  there "), "p1");

            PrivateMessage expected = new PrivateMessage(1, T0, "alice", List.of("bob", "carol"), "  hi  there ");
            assertThat(bob.session().events()).containsExactly(expected);
            assertThat(carol.session().events()).containsExactly(expected);
            assertThat(dave.session().events()).isEmpty();
            assertThat(alice.session().events()).containsExactly(expected, new Accepted("p1", null, 0, 1));
        }

        @Test
        void privateMessageIsLoggedWithSenderAndRecipients() {
            Person alice = join("alice");
            join("bob");
            join("carol");
            manager.handle(alice.member(), new Tell(List.of("bob"), "hi"), null);
            manager.handle(alice.member(), new Tell(List.of("bob", "carol"), "a\tb"), null);
            assertThat(recorder.lines("PRIVATE")).containsExactly("PRIVATE 1 alice -> bob: hi", "PRIVATE 2 alice -> bob,carol: a\\tb");
        }

        @Test
        void eachAddresseeWhoIsNotOnlineGetsItsOwnError() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);

            manager.handle(alice.member(), new Tell(List.of("nobody_here", "bob", "ghost"), "hi"), "p2");

            assertThat(bob.session().events(PrivateMessage.class)).singleElement()
                    .extracting(PrivateMessage::to).isEqualTo(List.of("bob"));
            assertThat(alice.session().events(Refused.class)).containsExactly(
                    new Refused(ErrorCode.NOT_ONLINE, "nobody_here is not online", "p2"),
                    new Refused(ErrorCode.NOT_ONLINE, "ghost is not online", "p2"));
            assertThat(alice.session().events(Accepted.class)).containsExactly(new Accepted("p2", null, 0, 1));
        }

        @Test
        void privateMessageToNobodyOnlineIsNotSentOrLogged() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);

            manager.handle(alice.member(), new Tell(List.of("ghost"), "hi"), null);

            assertThat(alice.session().events()).containsExactly(new Refused(ErrorCode.NOT_ONLINE, "ghost is not online", null));
            assertThat(bob.session().events()).isEmpty();
            assertThat(recorder.lines("PRIVATE")).isEmpty();
        }

        @Test
        void addresseesAreFoundCaseInsensitivelyAndNamedAsTheyJoined() {
            Person alice = join("alice");
            Person bob = join("Bob");
            manager.handle(alice.member(), new Tell(List.of("BOB"), "hi"), null);
            assertThat(bob.session().events(PrivateMessage.class)).singleElement()
                    .extracting(PrivateMessage::to).isEqualTo(List.of("Bob"));
        }

        @Test
        void addresseeNamedTwiceGetsTheMessageOnce() {
            Person alice = join("alice");
            Person bob = join("bob");
            manager.handle(alice.member(), new Tell(List.of("bob", "BOB", "bob"), "hi"), null);
            assertThat(bob.session().events(PrivateMessage.class)).singleElement()
                    .extracting(PrivateMessage::to).isEqualTo(List.of("bob"));
        }

        @Test
        void messageToOneselfArrivesOnce() {
            Person alice = join("alice");
            forgetAll(alice);
            manager.handle(alice.member(), new Tell(List.of("alice"), "note to self"), null);
            assertThat(alice.session().events(PrivateMessage.class)).hasSize(1);
        }

        @Test
        void privateMessagesAreNotRoomEvents() {
            Person alice = join("alice");
            join("bob");
            manager.handle(alice.member(), new Tell(List.of("bob"), "psst"), null);
            manager.handle(alice.member(), new Say("public"), null);
            assertThat(alice.session().events(RoomMessage.class)).singleElement()
                    .extracting(RoomMessage::seq).isEqualTo(3L);
        }
    }

    @Nested
    class UnwritableLog {

        @Test
        void roomMessageIsRefusedAndNobodyReceivesItWhenTheLogCannotBeWritten() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);
            recorder.failing(true);

            manager.handle(alice.member(), new Say("lost?"), "m9");

            assertThat(bob.session().events()).isEmpty();
            assertThat(alice.session().events()).singleElement().isInstanceOfSatisfying(Refused.class, r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE);
                assertThat(r.replyTo()).isEqualTo("m9");
            });
        }

        @Test
        void privateMessageIsRefusedAndNobodyReceivesItWhenTheLogCannotBeWritten() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);
            recorder.failing(true);

            manager.handle(alice.member(), new Tell(List.of("bob"), "secret"), "p9");

            assertThat(bob.session().events()).isEmpty();
            assertThat(alice.session().events()).singleElement().isInstanceOfSatisfying(Refused.class,
                    r -> assertThat(r.code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE));
        }

        @Test
        void numberingCarriesOnWithoutAGapOnceTheLogRecovers() {
            Person alice = join("alice");
            recorder.failing(true);
            manager.handle(alice.member(), new Say("refused"), null);
            recorder.failing(false);
            manager.handle(alice.member(), new Say("accepted"), null);

            assertThat(alice.session().events(RoomMessage.class)).singleElement()
                    .extracting(RoomMessage::seq, RoomMessage::text)
                    .containsExactly(2L, "accepted");
        }

        @Test
        void peopleCanStillJoinAndLeaveWhileTheLogCannotBeWritten() {
            Person alice = join("alice");
            recorder.failing(true);
            Person bob = join("bob");
            manager.leave(bob.member(), LeaveReason.QUIT);
            assertThat(alice.session().events()).containsExactly(
                    new Welcome("alice", "#lobby", 1, List.of("alice"), null),
                    new Joined("#lobby", 2, T0, "bob"),
                    new Left("#lobby", 3, T0, "bob", LeaveReason.QUIT));
        }
    }

    @Nested
    class Leaving {

        @Test
        void leaveIsAnnouncedWithItsReason() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);

            manager.leave(bob.member(), LeaveReason.CONNECTION_LOST);

            assertThat(alice.session().events()).containsExactly(new Left("#lobby", 3, T0, "bob", LeaveReason.CONNECTION_LOST));
            assertThat(bob.session().events()).isEmpty();
            assertThat(manager.onlineCount()).isEqualTo(1);
        }

        @Test
        void quitIsAnnouncedToTheRoomAndTheLeaverAndClosesTheSession() {
            Person alice = join("alice");
            Person bob = join("bob");
            forgetAll(alice, bob);

            manager.handle(bob.member(), new Quit(), null);

            Left left = new Left("#lobby", 3, T0, "bob", LeaveReason.QUIT);
            assertThat(alice.session().events()).containsExactly(left);
            assertThat(bob.session().events()).containsExactly(left);
            assertThat(bob.session().closed()).isTrue();
            assertThat(alice.session().closed()).isFalse();
        }

        @Test
        void leaveIsLoggedWithRoomSeqNameReasonAndAddress() {
            join("alice");
            Person bob = join("bob");
            manager.handle(bob.member(), new Quit(), null);
            assertThat(recorder.lines("LEAVE")).containsExactly("LEAVE #lobby 3 bob (quit) 127.0.0.1:1002");
        }

        @Test
        void leavingTwiceIsAnnouncedOnce() {
            Person alice = join("alice");
            Person bob = join("bob");
            manager.leave(bob.member(), LeaveReason.TIMED_OUT);
            manager.leave(bob.member(), LeaveReason.CONNECTION_LOST);
            assertThat(alice.session().events(Left.class)).containsExactly(new Left("#lobby", 3, T0, "bob", LeaveReason.TIMED_OUT));
            assertThat(recorder.lines("LEAVE")).hasSize(1);
        }

        @Test
        void staleMemberLeavingDoesNotRemoveANewcomerWithTheSameName() {
            Person alice = join("alice");
            Person oldBob = join("bob");
            manager.leave(oldBob.member(), LeaveReason.CONNECTION_LOST);
            Person newBob = join("bob");
            manager.leave(oldBob.member(), LeaveReason.CONNECTION_LOST);

            manager.handle(alice.member(), new Tell(List.of("bob"), "still there?"), null);
            assertThat(newBob.session().events(PrivateMessage.class)).hasSize(1);
            assertThat(manager.onlineCount()).isEqualTo(2);
        }

        @Test
        void shutdownTellsEveryoneClosesEverySessionAndTurnsNewcomersAway() {
            Person alice = join("alice");
            Person bob = join("bob");

            manager.shutdown();

            for (Person p : List.of(alice, bob)) {
                assertThat(p.session().events(Closing.class)).containsExactly(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
                assertThat(p.session().closed()).isTrue();
            }
            assertThat(recorder.lines("LEAVE")).allSatisfy(l -> assertThat(l).contains("(server shutting down)")).hasSize(2);
            assertThat(manager.onlineCount()).isZero();

            FakeSession late = connect();
            assertThat(manager.join(late, "carol", null)).isEmpty();
            assertThat(late.events()).containsExactly(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
            assertThat(late.closed()).isTrue();
        }
    }

    @Nested
    class OtherRequests {

        @Test
        void whoListsThePeopleInTheRoom() {
            Person alice = join("alice");
            join("bob");
            forgetAll(alice);
            manager.handle(alice.member(), new Who(false), "w");
            assertThat(alice.session().events()).containsExactly(new WhoList("#lobby", List.of("alice", "bob"), "w"));
        }

        @Test
        void whoAllListsEveryoneOnlineInNameOrder() {
            join("carol");
            Person bob = join("bob");
            join("Alice");
            forgetAll(bob);
            manager.handle(bob.member(), new Who(true), null);
            assertThat(bob.session().events()).containsExactly(new WhoList(null, List.of("Alice", "bob", "carol"), null));
        }

        @Test
        void helpIsANoticeWithTheHelpText() {
            Person alice = join("alice");
            forgetAll(alice);
            manager.handle(alice.member(), new Help(), "h");
            assertThat(alice.session().events()).containsExactly(new Notice(String.join("\n", Commands.helpLines()), "h"));
        }

        @Test
        void invalidInputIsRefusedWithItsCodeAndLogged() {
            Person alice = join("alice");
            forgetAll(alice);
            manager.handle(alice.member(), Commands.parse("/xyz"), "x");
            assertThat(alice.session().events()).singleElement().isInstanceOfSatisfying(Refused.class, r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
                assertThat(r.replyTo()).isEqualTo("x");
            });
            assertThat(recorder.lines("REJECT")).singleElement().asString()
                    .startsWith("REJECT 127.0.0.1:1001 alice unknown-command: /xyz");
        }

        @Test
        void nothingDoesNothing() {
            Person alice = join("alice");
            forgetAll(alice);
            int logged = recorder.lines().size();
            manager.handle(alice.member(), new Nothing(), null);
            assertThat(alice.session().events()).isEmpty();
            assertThat(recorder.lines()).hasSize(logged);
        }

        @Test
        void refusalsAreLoggedAtMostTwentyASecondAndTheNextSaysHowManyWereLeftOut() {
            Person alice = join("alice");
            for (int i = 0; i < 25; i++) manager.handle(alice.member(), new Invalid(ErrorCode.UNKNOWN_COMMAND, "no " + i), null);

            assertThat(alice.session().events(Refused.class)).hasSize(25); // the person hears of every one
            assertThat(recorder.lines("REJECT")).hasSize(RejectThrottle.PER_SECOND);

            clock.advance(Duration.ofSeconds(1));
            manager.handle(alice.member(), new Invalid(ErrorCode.UNKNOWN_COMMAND, "again"), null);
            assertThat(recorder.lines("REJECT")).last().asString().endsWith("again (5 earlier refusals not logged)");
        }

        @Test
        void disconnectBeforeJoiningIsLogged() {
            FakeSession session = connect();
            manager.disconnected(session, "name timeout");
            assertThat(recorder.lines()).containsExactly("CONNECT 127.0.0.1:1001", "DISCONNECT 127.0.0.1:1001 (name timeout)");
        }
    }

    private static long seqOf(Event e) {
        return switch (e) {
            case RoomMessage m -> m.seq();
            case Joined j -> j.seq();
            case Left l -> l.seq();
            case Welcome w -> w.seq();
            default -> 0;
        };
    }

    private static Limits limitsWithMaxText(int maxText) {
        return Limits.DEFAULTS.withMaxText(maxText);
    }

}
