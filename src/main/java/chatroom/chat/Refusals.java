package chatroom.chat;

import chatroom.chat.Event.Refused;
import java.io.IOException;
import java.time.Clock;

/**
 * Telling someone no, and noting it in the log (throttled, so a flood of bad requests
 * cannot flood the log), plus the log's other lines that are not worth refusing service over.
 */
final class Refusals {
    private final Clock clock;
    private final Recorder recorder;
    private final RejectThrottle rejects;

    Refusals(Clock clock, Recorder recorder) {
        this.clock = clock;
        this.recorder = recorder;
        this.rejects = new RejectThrottle(clock);
    }

    void refuse(Session session, String name, ErrorCode code, String text, String replyTo) {
        refuse(session, name, new Refused(code, text, replyTo));
    }

    void refuse(Session session, String name, Refused refusal) {
        if (rejects.allow()) {
            note(LogLines.reject(session.address(), name, refusal.code(), refusal.text() + rejects.suppressedNote()));
        }
        session.deliver(refusal);
    }

    /** A connection turned away before it could ask for anything: noted like a refusal. */
    void turnedAway(String address, ErrorCode code, String text) {
        if (rejects.allow()) note(LogLines.reject(address, null, code, text + rejects.suppressedNote()));
    }

    /** The message could not be logged or stored, so nobody got it. Not logged: the log is what failed. */
    void unrecorded(Member member, String replyTo) {
        member.session().deliver(new Refused(ErrorCode.LOG_UNAVAILABLE,
                "the server cannot record messages right now (its log or history store cannot be written); nothing was sent, try again later",
                replyTo));
    }

    /** The store could not be read (it has said why on the console); the member hears only that. */
    void historyUnreadable(Member member, String replyTo) {
        refuse(member.session(), member.name(), ErrorCode.HISTORY_UNAVAILABLE,
                "the server cannot read its message history right now; try again later", replyTo);
    }

    /** Null when the text may be sent; "" when it is empty; otherwise why not. */
    static String textProblem(String text, int maxText) {
        if (text.isBlank()) return "";
        int length = text.codePointCount(0, text.length());
        if (length > maxText) return "a message has at most " + maxText + " characters, this one has " + length;
        return null;
    }

    /** Refuses a text by {@link #textProblem}'s answer; {@code empty} says what an empty one lacks. */
    void refuseText(Member member, String problem, String empty, String replyTo) {
        refuse(member.session(), member.name(), problem.isEmpty() ? ErrorCode.EMPTY_TEXT : ErrorCode.TEXT_TOO_LONG,
                problem.isEmpty() ? empty : problem, replyTo);
    }

    /** A line for the log; connections and refusals are not worth refusing service over when it fails. */
    void note(String line) {
        try {
            recorder.record(clock.instant(), line);
        } catch (IOException e) {
            // Connections and refusals are not worth refusing service over.
        }
    }
}
