package chatroom.chat;

import java.io.IOException;
import java.time.Instant;

/**
 * Where the chat writes its record of events. The chat calls it before anyone can see
 * the event, so a failure here means the event must not be delivered.
 */
public interface Recorder {

    /** Appends one event line (without timestamp or newline; the recorder adds both). */
    void record(Instant time, String line) throws IOException;
}
