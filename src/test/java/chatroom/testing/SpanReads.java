package chatroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.HistoryStore;
import chatroom.chat.Kind;
import chatroom.chat.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every {@link HistoryStore} answers about a room by number and by time
 * ({@code messages}, {@code firstFrom}, {@code seqAt}), checked against the room's events
 * as {@code after} reads them: the same checks for the embedded store and the cluster's.
 */
public final class SpanReads {
    private SpanReads() {}

    /** {@code room} holds at least six messages, with a join or leave between the second and the sixth. */
    public static void check(HistoryStore store, String room) {
        List<StoredEvent> all = store.after(room, 0, HistoryStore.MAX_PAGE);
        List<StoredEvent> m = all.stream().filter(e -> e.kind() == Kind.MESSAGE).toList();
        assertThat(m).as("the room's messages").hasSizeGreaterThanOrEqualTo(6);
        assertThat(all).as("a join or leave among them").anyMatch(e -> e.kind() != Kind.MESSAGE
                && e.seq() > m.get(1).seq() && e.seq() < m.get(5).seq());
        long max = Long.MAX_VALUE;

        assertThat(seqs(store.messages(room, 0, max, 3, true))).as("the newest three").isEqualTo(seqs(m.subList(m.size() - 3, m.size())));
        assertThat(seqs(store.messages(room, 0, max, 3, false))).as("the oldest three").isEqualTo(seqs(m.subList(0, 3)));
        assertThat(seqs(store.messages(room, m.get(1).seq(), m.get(5).seq(), 10, false)))
                .as("strictly between two numbers, joins and leaves left out").isEqualTo(seqs(m.subList(2, 5)));
        assertThat(seqs(store.messages(room, m.get(1).seq(), m.get(5).seq(), 2, true)))
                .as("the newest two of that stretch").isEqualTo(seqs(m.subList(3, 5)));
        assertThat(seqs(store.messages(room, m.get(1).seq(), m.get(1).seq() + 1, 10, false))).as("nothing between neighbours").isEmpty();
        assertThat(store.messages("#nowhere", 0, max, 10, true)).isEmpty();

        for (StoredEvent e : all) assertThat(store.firstFrom(room, e.seq()).seq()).isEqualTo(e.seq());
        long last = all.getLast().seq();
        assertThat(store.firstFrom(room, 0).seq()).isEqualTo(all.getFirst().seq());
        assertThat(store.firstFrom(room, last + 1)).isNull();

        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z")));
        for (StoredEvent e : all) times.addAll(List.of(e.time(), e.time().minusMillis(1), e.time().plusMillis(1)));
        for (Instant t : times) {
            long expected = all.stream().filter(e -> !e.time().isBefore(t)).mapToLong(StoredEvent::seq).findFirst().orElse(last + 1);
            assertThat(store.seqAt(room, t)).as("the first number at or after " + t).isEqualTo(expected);
        }
        assertThat(store.seqAt("#nowhere", Instant.EPOCH)).isEqualTo(1);
    }

    private static List<Long> seqs(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::seq).toList();
    }
}
