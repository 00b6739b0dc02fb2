package chatroom.chat;

import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Stored messages turned back into what members are shown, a page at a time. */
final class Past {

    private Past() {}

    static Event of(StoredEvent e) {
        return e.kind() == Kind.PRIVATE
                ? new PrivateMessage(e.privateId(), e.time(), e.sender(), e.recipients(), e.text())
                : new RoomMessage(e.room(), e.seq(), e.time(), e.sender(), e.text());
    }

    static int weight(List<Event> messages) {
        int sum = 0;
        for (Event e : messages) sum += e.weight();
        return sum;
    }

    /** The oldest of {@code stored} (oldest first) that fit in {@code budget} weight: a page read forwards. */
    static List<Event> oldestWithin(List<StoredEvent> stored, int budget) {
        List<Event> messages = new ArrayList<>(stored.size());
        int total = 0;
        for (StoredEvent s : stored) {
            Event e = Past.of(s);
            total += e.weight();
            if (total > budget) break;
            messages.add(e);
        }
        return messages;
    }

    /**
     * A page of stored messages (oldest first) that fits in {@code budget} weight: the
     * oldest are dropped first, so what is shown joins up with what comes live. A page is
     * one event on a member's bounded send queue; without the budget, 200 long messages
     * would overflow it and drop the member as too slow.
     */
    record Page(List<Event> messages, boolean more, long cursor) {
        static Page of(List<StoredEvent> stored, int asked, int budget) {
            // Newest first, until the budget is spent; then back to oldest first.
            List<Event> messages = new ArrayList<>(stored.size());
            int total = 0;
            int from = stored.size();
            while (from > 0) {
                Event e = Past.of(stored.get(from - 1));
                total += e.weight();
                if (total > budget) break;
                messages.add(e);
                from--;
            }
            Collections.reverse(messages);
            boolean more = from > 0 || stored.size() >= asked;
            long cursor = from < stored.size() ? stored.get(from).id() : 0;
            return new Page(messages, more, cursor);
        }
    }
}
