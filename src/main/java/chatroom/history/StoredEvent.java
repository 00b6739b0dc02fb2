package chatroom.history;

import java.time.Instant;
import java.util.List;

public record StoredEvent(long id, Kind kind, String room, long seq, long privateId, Instant time, String sender,
        List<String> recipients, String text, List<Long> parties) {}
