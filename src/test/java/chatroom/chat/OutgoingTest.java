package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.*;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A broadcast is one {@link Outgoing} for everyone, so a door encodes it once per wire format. */
class OutgoingTest {
    private static final Instant T0 = Instant.parse("2026-11-27T06:03:05Z");
    private static final Event MESSAGE = new RoomMessage("#lobby", 1, T0, "alice", "hi");

    @Test
    void eachFormatEncodesTheEventOnceHoweverManyAskForIt() {
        Outgoing outgoing = new Outgoing(MESSAGE);
        Object json = new Object();
        Object plain = new Object();
        AtomicInteger encodes = new AtomicInteger();

        byte[] first = outgoing.encoded(json, e -> bytes("json " + encodes.incrementAndGet()));
        for (int i = 0; i < 99; i++) assertThat(outgoing.encoded(json, e -> bytes("again"))).isSameAs(first);
        byte[] other = outgoing.encoded(plain, e -> bytes("plain " + encodes.incrementAndGet()));

        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("json 1");
        assertThat(new String(other, StandardCharsets.UTF_8)).isEqualTo("plain 2");
        assertThat(outgoing.encoded(plain, e -> bytes("again"))).isSameAs(other);
        assertThat(encodes).hasValue(2);
    }

    @Test
    void aRoomMessageReachesEveryMemberAsTheSameOutgoing() {
        Manager manager = new Manager(new MutableClock(T0), new RecordingRecorder(), Limits.DEFAULTS);
        List<Outgoing> seen = Collections.synchronizedList(new ArrayList<>());
        List<Member> members = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol")) {
            members.add(manager.join(new OutgoingSession("127.0.0.1:" + (1000 + members.size()), seen), name, null)
                    .orElseThrow());
        }
        seen.clear();

        manager.handle(members.get(0), new Say("hello"), null);

        assertThat(seen).hasSize(3);
        assertThat(seen).allSatisfy(o -> assertThat(o).isSameAs(seen.get(0)));
        assertThat(seen.get(0).event()).isInstanceOfSatisfying(RoomMessage.class, m -> assertThat(m.text()).isEqualTo("hello"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps the shared deliveries, the way a door with an encoding memo would see them. */
    private record OutgoingSession(String address, List<Outgoing> seen) implements Session {
        @Override
        public void deliver(Event event) {}

        @Override
        public void deliver(Outgoing outgoing) {
            seen.add(outgoing);
        }

        @Override
        public void close() {}
    }
}
