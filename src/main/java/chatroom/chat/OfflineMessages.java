package chatroom.chat;

import chatroom.chat.Event.Notice;
import chatroom.chat.Event.PrivateMessage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Private messages that wait: one sent to a registered name that is offline is kept
 * (at most {@code --offline-queue} per account) and handed out, marked as sent while the
 * account was away, when it next signs in. Only an account that signed in with its
 * password gets them (a guest never holds a registered name nor a look-alike of one), and
 * each message is taken from the store in the same transaction that reads it, so it is
 * handed out once, whoever asks and whatever restarts in between. What is handed out goes
 * to every connection the account is signed in on at that moment.
 */
final class OfflineMessages {
    private final AccountRules rules;
    private final WaitingMessages waiting;
    private final Online online;
    private final Refusals refusals;
    private final int most;

    OfflineMessages(AccountRules rules, Online online, Refusals refusals, int most) {
        this.rules = rules;
        this.waiting = rules.accounts().waiting();
        this.online = online;
        this.refusals = refusals;
        this.most = most;
    }

    /** The account registered under {@code name}, if any. Throws IOException when the store cannot be read. */
    Optional<Account> account(String name) throws IOException {
        return rules.accounts().find(name).filter(a -> a.identity() != 0);
    }

    /** Why nothing more can wait for {@code account} (the sender is told), or null when something can. */
    String full(Account account) throws IOException {
        if (most == 0) return "this server keeps no private messages for people who are offline; " + account.name()
                + " is not online";
        int count = waiting.count(account.identity());
        return count < most ? null : fullText(account);
    }

    private String fullText(Account account) {
        return account.name() + " is offline and has " + most + " private messages waiting, the most this server keeps;"
                + " this one was not kept";
    }

    /**
     * Keeps {@code message} for {@code account}; the refusal's text when it was full (nothing
     * kept), else null. Then hands it out at once if the account signed in meanwhile (it looked
     * for what waited before this was kept).
     */
    String keep(Account account, PrivateMessage message) throws IOException {
        if (most == 0 || !waiting.keep(account.identity(), message, most)) return fullText(account);
        refusals.note(LogLines.account("WAITING", account.name(), "private " + message.id()));
        Member now = online.get(account.name());
        if (now != null && now.welcomed() && now.token() == account.identity()) handOut(now);
        return null;
    }

    /**
     * What waited for the member's account, to every connection it is on now, after its
     * welcome and replay; nothing for a guest.
     */
    void handOut(Member member) {
        if (member.role() == Role.GUEST) return;
        List<PrivateMessage> taken;
        try {
            taken = waiting.take(member.token());
        } catch (IOException e) {
            member.session().deliver(new Notice("the server cannot read the private messages that may be waiting for you"
                    + " right now; they stay kept and come when you next sign in", null));
            return;
        }
        if (taken.isEmpty()) return;
        refusals.note(LogLines.account("WAITED", member.name(), taken.size() + " private messages handed out"));
        member.deliverDirect(new Outgoing(new Notice(taken.size() == 1
                ? "1 private message was sent to you while you were away:"
                : taken.size() + " private messages were sent to you while you were away:", null)));
        for (PrivateMessage m : taken) member.deliverDirect(new Outgoing(m));
    }
}
