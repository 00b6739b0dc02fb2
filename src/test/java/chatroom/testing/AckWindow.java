package chatroom.testing;

import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Refused;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends a structured client's frames with at most {@code size} of them unanswered: before
 * sending one more, it waits for the server's {@code accepted} or {@code error} frame for
 * an earlier one. Senders in load tests use it so that what is in flight stays well within
 * everyone's outbound queue, however slowly the machine reads. One thread per window: it
 * takes frames from its client's queue.
 */
public final class AckWindow {
    private final JsonClient client;
    private final int size;
    private final Set<String> outstanding = new HashSet<>();
    private final Map<String, Accepted> accepted = new LinkedHashMap<>();
    private final Map<String, Refused> refused = new LinkedHashMap<>();

    public AckWindow(JsonClient client, int size) {
        this.client = client;
        this.size = size;
    }

    /** Waits for room in the window, then sends a frame carrying {@code id}. */
    public void send(String id, Consumer<String> sendWithId) {
        while (outstanding.size() >= size) takeAnswer();
        if (!outstanding.add(id)) throw new IllegalArgumentException("id " + id + " is already in flight");
        sendWithId.accept(id);
    }

    /** Waits until every frame sent has been answered. */
    public void drain() {
        while (!outstanding.isEmpty()) takeAnswer();
    }

    /** The frames accepted so far, by id, in the order their answers came. */
    public Map<String, Accepted> accepted() {
        return accepted;
    }

    /** The frames refused so far, by id, in the order their answers came. */
    public Map<String, Refused> refused() {
        return refused;
    }

    private void takeAnswer() {
        // Only answers carry an id; skipping the rest undecoded keeps a busy sender cheap.
        String line = client.awaitLine(l -> l.contains("\"id\":") && outstanding.contains(replyTo(JsonClient.decode(l))),
                "an answer to one of " + outstanding.size() + " frames in flight");
        Event answer = JsonClient.decode(line);
        String id = replyTo(answer);
        outstanding.remove(id);
        if (answer instanceof Accepted a) accepted.put(id, a);
        else if (answer instanceof Refused r) refused.put(id, r);
    }

    private static String replyTo(Event e) {
        return switch (e) {
            case Accepted a -> a.replyTo();
            case Refused r -> r.replyTo();
            default -> null;
        };
    }
}
