package chatroom.chat;

import chatroom.chat.ChatInput.Around;
import chatroom.chat.ChatInput.PageBack;
import chatroom.chat.ChatInput.Span;
import chatroom.chat.ChatInput.Search;
import chatroom.chat.Event.Found;
import chatroom.chat.Event.History;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /history} and {@code /search}: the store read on the member's own thread, with no
 * lock held, a page bounded in count and in bytes, and nothing answered to a connection
 * that has gone meanwhile.
 */
final class PastRequests {
    /** Matches shown per search: enough to find something, few enough to read; older ones page with {@code before}. */
    static final int SEARCH_PAGE = 50;

    private final HistoryStore store;
    private final Limits limits;
    private final RoomLimits roomLimits;
    private final Refusals refusals;

    PastRequests(HistoryStore store, Limits limits, RoomLimits roomLimits, Refusals refusals) {
        this.store = store;
        this.limits = limits;
        this.roomLimits = roomLimits;
        this.refusals = refusals;
    }

    /** A page of {@code room}'s past (one of the member's rooms). */
    void pageBack(Member member, Room room, PageBack page, String replyTo) {
        long before = page.before() > 0 ? page.before() : member.historyCursor(room);
        int count = Math.clamp(page.count(), 1, Commands.MAX_PAGE);
        Optional<List<StoredEvent>> read;
        try {
            read = member.read(() -> store.before(room.name(), before, count, member.token()));
        } catch (UncheckedIOException e) {
            refusals.historyUnreadable(member, replyTo);
            return;
        }
        if (read.isEmpty()) return; // the connection has gone: nobody to answer
        Past.Page found = Past.Page.of(read.get(), count, limits.sendQueueBytes() / 2);
        if (!found.messages().isEmpty()) member.historyCursor(room, found.cursor());
        member.session().deliver(new History(room.name(), found.messages(), found.more(),
                found.messages().isEmpty() ? before : found.cursor(), replyTo));
    }

    /** Messages of {@code room} (one of the member's rooms) between two marks, counted from the first. */
    void span(Member member, Room room, Span span, String replyTo) {
        int count = Math.clamp(span.count(), 1, Commands.MAX_PAGE);
        String name = room.name();
        answer(member, room, replyTo, () -> {
            boolean forwards = earlier(name, span.from(), span.to());
            Mark first = forwards ? span.from() : span.to();
            Mark last = forwards ? span.to() : span.from();
            return new Stretch(store.messages(name, lowest(name, first), highest(name, last), count, !forwards), forwards);
        });
    }

    /** Messages of {@code room} around a mark: half before it, the rest from it on (the message it names among them). */
    void around(Member member, Room room, Around around, String replyTo) {
        int count = Math.clamp(around.count(), 1, Commands.MAX_PAGE);
        String name = room.name();
        answer(member, room, replyTo, () -> {
            long pivot = around.at().time() == null ? around.at().seq() : store.seqAt(name, around.at().time());
            List<StoredEvent> all = new ArrayList<>(store.messages(name, 0, pivot, count / 2, true));
            all.addAll(store.messages(name, pivot - 1, Long.MAX_VALUE, count - all.size(), false));
            return new Stretch(all, false);
        });
    }

    /** Messages read for a span, oldest first, and whether they were counted forwards. */
    private record Stretch(List<StoredEvent> events, boolean forwards) {}

    /**
     * Reads with no lock held and answers with a {@link History} within half the send
     * queue: a stretch counted forwards keeps its oldest messages, one counted backwards
     * its newest, so that the next page joins up.
     */
    private void answer(Member member, Room room, String replyTo, Supplier<Stretch> reading) {
        Optional<Stretch> read;
        try {
            read = member.read(reading);
        } catch (UncheckedIOException e) {
            refusals.historyUnreadable(member, replyTo);
            return;
        }
        if (read.isEmpty()) return; // the connection has gone: nobody to answer
        List<StoredEvent> events = read.get().events();
        int budget = limits.sendQueueBytes() / 2;
        List<Event> messages = read.get().forwards() ? Past.oldestWithin(events, budget)
                : Past.Page.of(events, events.size(), budget).messages();
        member.session().deliver(new History(room.name(), messages, messages.size() < events.size(), 0, replyTo));
    }

    /** Whether {@code a} comes before {@code b} in the room's order (a time by the first number at or after it). */
    private boolean earlier(String room, Mark a, Mark b) {
        if (a.time() != null && b.time() != null) return a.time().isBefore(b.time());
        long x = a.time() == null ? a.seq() : store.seqAt(room, a.time());
        long y = b.time() == null ? b.seq() : store.seqAt(room, b.time());
        return x < y;
    }

    /** The number above which the messages after {@code mark} are: a time's are those stored after it, to the millisecond. */
    private long lowest(String room, Mark mark) {
        return mark.time() == null ? mark.seq() : store.seqAt(room, mark.time().plusMillis(1)) - 1;
    }

    /** The number below which the messages before {@code mark} are. */
    private long highest(String room, Mark mark) {
        return mark.time() == null ? mark.seq() : store.seqAt(room, mark.time());
    }

    /** Matches in {@code room} (one of the member's rooms) and the member's own private messages. */
    void search(Member member, Room in, Search search, String replyTo) {
        String problem = Refusals.textProblem(search.text(), limits.maxText());
        if (problem != null) {
            refusals.refuseText(member, problem, "/search needs some text to look for", replyTo);
            return;
        }
        long before = search.before() > 0 ? search.before() : Long.MAX_VALUE;
        String room = in.name();
        Optional<SearchResult> read;
        try {
            read = member.read(() -> store.search(List.of(room), search.text(), member.token(), before,
                    SEARCH_PAGE, roomLimits.searchScan()));
        } catch (UncheckedIOException e) {
            refusals.historyUnreadable(member, replyTo);
            return;
        }
        if (read.isEmpty()) return; // the connection has gone: nobody to answer
        SearchResult result = read.get();
        Past.Page found = Past.Page.of(result.events(), SEARCH_PAGE, limits.sendQueueBytes() / 2);
        if (result.stopped()) {
            // Older matches may exist; the cursor goes on from where the search stopped, not from its last match.
            member.session().deliver(new Found(search.text(), found.messages(), true, result.resumeBefore(), replyTo,
                    result.scanned()));
            return;
        }
        member.session().deliver(new Found(search.text(), found.messages(), found.more(), found.cursor(), replyTo));
    }
}
