package chatroom.chat;

import chatroom.chat.ChatInput.*;
import chatroom.chat.Event.Refused;
import java.time.Duration;

/**
 * What a request must pass before it runs: a room or private message takes a token of the
 * member's message rate and is refused while they are muted; a heavy request (a search,
 * a history page, a room change) takes a token of the member's and of their address's
 * heavy-request budget. {@code /who}, {@code /help} and {@code /quit} are never held back.
 */
final class RequestChecks {
    private final Moderation moderation;
    private final Refusals refusals;

    RequestChecks(Moderation moderation, Refusals refusals) {
        this.moderation = moderation;
        this.refusals = refusals;
    }

    /** Whether {@code input} was refused here (the member was told why); false when it may go ahead. */
    boolean refused(Member member, ChatInput input, String replyTo) {
        boolean message = input instanceof Say || input instanceof Tell;
        if (message && overRate(member, replyTo)) return true;
        if (message && muted(member, replyTo)) return true;
        return heavy(member, input) && overHeavyBudget(member, replyTo);
    }

    /** Takes one of the member's message tokens; when there is none, refuses the message with the time to wait. */
    private boolean overRate(Member member, String replyTo) {
        Duration wait = member.rate().take();
        if (wait.isZero()) return false;
        member.awaitOut();
        refusals.refuse(member.session(), member.name(),
                new Refused(ErrorCode.RATE_LIMITED, RateLimiter.retryText(wait), replyTo, millis(wait)));
        return true;
    }

    /** Refuses a muted member's message (it reaches nobody) and returns true; false when they may speak. */
    private boolean muted(Member member, String replyTo) {
        Sanction mute = moderation.muted(member);
        if (mute == null) return false;
        member.awaitOut();
        refusals.refuse(member.session(), member.name(), ErrorCode.MUTED, moderation.mutedText(mute), replyTo);
        return true;
    }

    /**
     * Requests that read the store or write two log lines: searches, history pages, room
     * changes. Talking in a room one is in already is none of those (a page switching tabs).
     */
    private static boolean heavy(Member member, ChatInput input) {
        if (input instanceof JoinRoom join && Names.roomProblem(join.room()) == null
                && member.roomNamed(Names.room(join.room())) != null) return false;
        return input instanceof Search || input instanceof PageBack || input instanceof Span || input instanceof Around
                || input instanceof JoinRoom
                || input instanceof LeaveRoom || input instanceof PartRoom;
    }

    /**
     * Takes a heavy-request token from the member's connection and from its address; when
     * either has none, refuses the request with the time to wait and returns true (the
     * connection's token goes back when the address had none: it paid for nothing).
     */
    private boolean overHeavyBudget(Member member, String replyTo) {
        Duration wait = member.heavy().take();
        String whose = "";
        if (wait.isZero()) {
            wait = member.addressHeavy().take();
            if (wait.isZero()) return false;
            member.heavy().giveBack();
            whose = " from " + AddressBudgets.host(member.session().address());
        }
        refusals.refuse(member.session(), member.name(), new Refused(ErrorCode.RATE_LIMITED,
                "too many searches, history pages and room changes" + whose + "; " + RateLimiter.retryText(wait), replyTo,
                millis(wait)));
        return true;
    }

    /** Whole milliseconds to wait, rounded up, at least 1: what retryAfterMs says. */
    private static long millis(Duration wait) {
        return Math.max(1, (wait.toNanos() + 999_999) / 1_000_000);
    }
}
