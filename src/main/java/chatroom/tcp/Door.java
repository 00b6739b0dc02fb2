package chatroom.tcp;

import chatroom.chat.Event;
import chatroom.chat.Member;

/** How one kind of client talks: its wire format for events and what its lines mean. */
interface Door {

    /** Encodes an event as the lines this kind of client reads. */
    String encode(Event event);

    /** Handles one complete line; the line reader has already checked length and UTF-8. */
    void onLine(String line);

    /** The member once a name was accepted, else null. */
    Member member();

    /** Whether a partial line counts as complete after an idle gap (the plain door). */
    boolean completesIdleLines();

    /**
     * Whether a joined member who goes quiet is pinged after {@code --ping-after} and
     * dropped as timed out after {@code --timeout-after} (the structured protocol).
     */
    boolean pingsWhenQuiet();
}
