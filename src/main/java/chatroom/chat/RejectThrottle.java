package chatroom.chat;

import java.time.Clock;

/**
 * Keeps refused input from filling the disk: at most {@value #PER_SECOND} refusals are
 * written per second, and the next one written says how many were left out.
 */
final class RejectThrottle {
    static final int PER_SECOND = 20;

    private final Clock clock;
    private long window;
    private int inWindow;
    private long suppressed;

    RejectThrottle(Clock clock) {
        this.clock = clock;
    }

    synchronized boolean allow() {
        long second = clock.millis() / 1000;
        if (second != window) {
            window = second;
            inWindow = 0;
        }
        if (inWindow < PER_SECOND) {
            inWindow++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Called right after {@link #allow()} said yes: notes and resets what was left out. */
    synchronized String suppressedNote() {
        if (suppressed == 0) return "";
        String note = " (" + suppressed + " earlier refusals not logged)";
        suppressed = 0;
        return note;
    }
}
