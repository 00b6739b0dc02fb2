package chatroom.chat;

import java.util.List;

/**
 * A search's answer.
 *
 * @param events   the matches, oldest first
 * @param stopped  whether it stopped at its bound before finding {@code limit} matches: older ones may exist
 * @param scanned  how many messages it looked at (when stopped, the bound)
 * @param resumeBefore when stopped, the id to pass as {@code beforeId} to search on from where it stopped
 */
public record SearchResult(List<StoredEvent> events, boolean stopped, int scanned, long resumeBefore) {
    public static SearchResult complete(List<StoredEvent> events) {
        return new SearchResult(events, false, 0, 0);
    }
}
