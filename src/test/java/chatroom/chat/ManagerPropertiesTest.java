package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the chat rules for arbitrary names and text. */
class ManagerPropertiesTest {

    @Property(tries = 300)
    void anyValidNameCanJoinAndBeReachedByTypingAtName(@ForAll("validName") String name) {
        RecordingRecorder recorder = new RecordingRecorder();
        Manager manager = new Manager(new MutableClock(Instant.EPOCH), recorder, Limits.DEFAULTS);
        Assume.that(!Names.key(name).equals(Names.key("sender")));
        Member sender = manager.join(new FakeSession("127.0.0.1:1"), "sender", null).orElseThrow();
        FakeSession session = new FakeSession("127.0.0.1:2");
        Member member = manager.join(session, name, null).orElseThrow();

        manager.handle(sender, Commands.parse("@" + name + " hi"), null);

        assertThat(member.name()).isEqualTo(Names.normalize(name));
        assertThat(session.events(PrivateMessage.class)).singleElement().extracting(PrivateMessage::text).isEqualTo("hi");
    }

    @Property(tries = 300)
    void anyTextReachesTheRoomExactlyAndIsLoggedOnOneLine(@ForAll("text") String text) {
        Assume.that(!text.isBlank());
        RecordingRecorder recorder = new RecordingRecorder();
        Manager manager = new Manager(new MutableClock(Instant.EPOCH), recorder, Limits.DEFAULTS);
        FakeSession bobSession = new FakeSession("127.0.0.1:2");
        Member alice = manager.join(new FakeSession("127.0.0.1:1"), "alice", null).orElseThrow();
        manager.join(bobSession, "bob", null).orElseThrow();

        manager.handle(alice, new ChatInput.Say(text), null);

        assertThat(bobSession.events(RoomMessage.class)).singleElement().extracting(RoomMessage::text).isEqualTo(text);
        assertThat(recorder.lines("MSG")).singleElement().asString().doesNotContain("\n", "\r");
    }

    @Provide
    Arbitrary<String> validName() {
        // U+1E9E is left out: its key is a known bug (NamesTest#capitalSharpSIsTheSameNameAsSmallSharpSAndSs).
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(1).ofMaxLength(12)
                .filter(n -> n.indexOf('\u1E9E') < 0)
                .filter(n -> Names.problem(n) == null);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(100);
    }
}
