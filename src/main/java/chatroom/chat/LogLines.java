package chatroom.chat;

import chatroom.chat.Event.*;
import chatroom.text.Escape;

/** The server log's event lines (SPEC §4 "Records"), one word for the kind of event first. */
public final class LogLines {
    private LogLines() {}

    public static String of(RoomMessage m) {
        return "MSG " + m.room() + " " + m.seq() + " " + m.from() + ": " + Escape.forLog(m.text());
    }

    public static String of(PrivateMessage m) {
        return "PRIVATE " + m.id() + " " + m.from() + " -> " + String.join(",", m.to()) + ": " + Escape.forLog(m.text());
    }

    /**
     * The sequence number of a join or leave that was not announced (a room above
     * {@code --announce-up-to}): the log shows {@code -} in its place.
     */
    public static final long UNNUMBERED = 0;

    public static String of(Joined j, String address) {
        return "JOIN " + j.room() + " " + seq(j.seq()) + " " + j.name() + " " + address;
    }

    public static String of(Left l, String address) {
        return "LEAVE " + l.room() + " " + seq(l.seq()) + " " + l.name() + " (" + l.why() + ") " + address;
    }

    private static String seq(long seq) {
        return seq == UNNUMBERED ? "-" : Long.toString(seq);
    }

    /** A message that was logged but could not be stored, so it was refused; its number is never given again. */
    public static String unstored(String room, long seq) {
        return "UNSTORED " + room + " " + seq + " (history store unavailable: refused; the number stays unused)";
    }

    /** A join or leave the store could not take: it happened all the same, and only the log has it. */
    public static String unstored(String room, long seq, String what) {
        return "UNSTORED " + room + " " + seq + " (history store unavailable: the " + what + " went ahead, not kept in the history)";
    }

    /** A private message that was logged but could not be stored, so nobody got it; its id is never given again. */
    public static String unstoredPrivate(long id) {
        return "UNSTORED PRIVATE " + id + " (history store unavailable: refused; the id stays unused)";
    }

    public static String connect(String address) {
        return "CONNECT " + address;
    }

    public static String disconnect(String address, String why) {
        return "DISCONNECT " + address + " (" + why + ")";
    }

    public static String reject(String address, String name, ErrorCode code, String text) {
        return "REJECT " + address + (name == null ? "" : " " + name) + " " + code.wire() + ": " + Escape.forLog(text);
    }

    /** A moderator's action: who, what, whom, until when (or "lifted"), and why. */
    public static String of(Sanction s) {
        return "MODERATE " + s.by() + " " + s.action().wire() + " " + s.target() + " until "
                + (s.until() == null ? "lifted" : s.until().toString()) + ": " + Escape.forLog(s.reason());
    }

    /** An account changed from the chat ({@code what}: REGISTER, PASSWORD); never the password itself. */
    public static String account(String what, String name, String address) {
        return "ACCOUNT " + what + " " + name + " " + address;
    }
}
