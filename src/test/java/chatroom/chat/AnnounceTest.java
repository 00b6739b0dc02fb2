package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4 "Membership": in rooms above {@code --announce-up-to} members, joins and leaves
 * are logged but not broadcast, and room numbers stay gap-free for what members see.
 * Here the limit is 2.
 */
class AnnounceTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:03:05Z");

    private final RecordingRecorder recorder = new RecordingRecorder();
    private final Manager manager = new Manager(new MutableClock(T0), recorder, Limits.DEFAULTS.withAnnounceUpTo(2));
    private int nextPort = 1001;

    private record Person(Member member, FakeSession session) {}

    private Person join(String name) {
        FakeSession session = new FakeSession("127.0.0.1:" + nextPort++);
        return new Person(manager.join(session, name, null).orElseThrow(), session);
    }

    @Test
    void aJoinThatMakesTheRoomTooBigIsLoggedButNotToldNorNumbered() {
        Person ann = join("ann");
        Person bob = join("bob");
        Person cy = join("cy");

        manager.handle(ann.member(), new Say("hello"), null);

        assertThat(ann.session().events()).containsExactly(
                new Welcome("ann", "#lobby", 1, List.of("ann"), null),
                new Joined("#lobby", 2, T0, "bob"),
                new RoomMessage("#lobby", 3, T0, "ann", "hello"),
                new Accepted(null, "#lobby", 3, 0));
        // cy's welcome carries the latest number, so the next event cy sees is one more; with
        // more online than are announced, it names only the first two and says there are three.
        assertThat(cy.session().events()).containsExactly(
                new Welcome("cy", "#lobby", 2, List.of("ann", "bob"), 3, null),
                new RoomMessage("#lobby", 3, T0, "ann", "hello"));
        assertThat(bob.session().events(Joined.class)).isEmpty();
        assertThat(recorder.lines("JOIN")).containsExactly(
                "JOIN #lobby 1 ann 127.0.0.1:1001", "JOIN #lobby 2 bob 127.0.0.1:1002", "JOIN #lobby - cy 127.0.0.1:1003");
    }

    @Test
    void leavesFromATooBigRoomAreLoggedButNotToldAndAnnouncementsResumeBelowTheLimit() {
        Person ann = join("ann");
        Person bob = join("bob");
        Person cy = join("cy");
        ann.session().forget();

        manager.handle(cy.member(), new Quit(), null); // 3 members: not told, not even to cy
        manager.leave(bob.member(), LeaveReason.CONNECTION_LOST); // 2 members: told again

        assertThat(ann.session().events()).containsExactly(new Left("#lobby", 3, T0, "bob", LeaveReason.CONNECTION_LOST));
        assertThat(cy.session().events(Left.class)).isEmpty();
        assertThat(cy.session().closed()).isTrue();
        assertThat(recorder.lines("LEAVE")).containsExactly(
                "LEAVE #lobby - cy (quit) 127.0.0.1:1003", "LEAVE #lobby 3 bob (connection lost) 127.0.0.1:1002");
    }

    @Test
    void zeroAnnouncesNothing() {
        Manager quiet = new Manager(new MutableClock(T0), recorder, Limits.DEFAULTS.withAnnounceUpTo(0));
        FakeSession annSession = new FakeSession("127.0.0.1:1");
        quiet.join(annSession, "ann", null).orElseThrow();
        quiet.join(new FakeSession("127.0.0.1:2"), "bob", null).orElseThrow();

        assertThat(annSession.events()).containsExactly(new Welcome("ann", "#lobby", 0, List.of(), 1, null));
    }

    @Test
    void aWelcomeInACrowdNamesTheFirstByNameAndCountsEveryone() {
        join("Zed");
        join("bob");
        join("amy");
        Person dan = join("dan");

        Welcome welcome = (Welcome) dan.session().events().get(0);
        assertThat(welcome.online()).containsExactly("amy", "bob"); // in name order, case-insensitively
        assertThat(welcome.count()).isEqualTo(4);
        assertThat(welcome.partial()).isTrue();
        // /who all still lists everyone.
        dan.session().forget();
        manager.handle(dan.member(), new ChatInput.Who(true), null);
        assertThat(dan.session().events()).containsExactly(new WhoList(null, List.of("amy", "bob", "dan", "Zed"), null));
    }
}
