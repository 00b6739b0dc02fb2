package chatroom.tcp;

import chatroom.chat.Outgoing;

/**
 * How one kind of client talks: its wire format for events and what its lines mean. Public
 * so that a door of another package (IRC) can ride the TCP door's connections through a {@link Dialect}.
 */
public interface Door {

    /**
     * The event as the UTF-8 lines this kind of client reads. Doors of one format share
     * the encoding through {@link Outgoing#encoded}, so a broadcast is encoded once.
     */
    byte[] encode(Outgoing outgoing);

    /** Handles one complete line; the line reader has already checked length and UTF-8. */
    void onLine(String line);

    /** Whether a partial line counts as complete after an idle gap (the plain door). */
    boolean completesIdleLines();

    /**
     * Whether a joined member who goes quiet is pinged after {@code --ping-after} and
     * dropped as timed out after {@code --timeout-after} (the structured protocol).
     */
    boolean pingsWhenQuiet();
}
