package chatroom.chat;

import chatroom.chat.ChatInput.PageBack;
import chatroom.chat.ChatInput.Search;
import chatroom.chat.Event.Found;
import chatroom.chat.Event.History;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

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
