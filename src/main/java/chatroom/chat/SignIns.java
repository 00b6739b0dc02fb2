package chatroom.chat;

import chatroom.chat.Event.Notice;
import chatroom.chat.Event.Refused;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Names that belong to someone: who a joiner is (a guest, or an account holder who gave
 * its password), a guest registering their name, and a member changing their password.
 * A guest never gets a registered name nor one that looks like it. What a person is told
 * names no more than they sent: a wrong password says only that it is wrong. A password
 * is never logged, quoted or kept anywhere but as the store's hash.
 */
final class SignIns {
    /**
     * Who a joiner turned out to be: the name as it is shown (an account's own spelling), the
     * role, and the account's identity (0 for a guest).
     */
    record Admitted(String name, Role role, long identity) {}

    /** A joiner admitted, or why not (they have been told). */
    record Verdict(Admitted admitted, ErrorCode refused) {
        static Verdict no(ErrorCode why) {
            return new Verdict(null, why);
        }
    }

    private final AccountRules rules;
    private final Refusals refusals;
    private final SignInBackoff backoff;

    SignIns(Clock clock, AccountRules rules, Refusals refusals) {
        this.rules = rules;
        this.refusals = refusals;
        this.backoff = new SignInBackoff(clock);
    }

    /** Who may join under {@code name} (NFC, valid) with {@code password} (null: none given); refused having said why. */
    Verdict admit(Session session, String name, String password, String replyTo) {
        Accounts accounts = rules.accounts();
        try {
            Optional<Account> account = accounts.find(name);
            if (account.isPresent()) return signIn(session, name, account.get(), password, replyTo);
            Optional<Account> like = accounts.lookalike(name);
            if (like.isPresent()) {
                String likeness = Names.likeness(name, like.get().name());
                refusals.refuse(session, null, ErrorCode.NAME_CONFUSABLE, name + " looks too much like " + like.get().name()
                        + ", a registered name" + (likeness.isEmpty() ? "" : " (" + likeness + ")")
                        + "; pick a name that looks different", replyTo);
                return Verdict.no(ErrorCode.NAME_CONFUSABLE);
            }
        } catch (IOException e) {
            unavailable(session, null, replyTo);
            return Verdict.no(ErrorCode.ACCOUNTS_UNAVAILABLE);
        }
        if (rules.membersOnly()) {
            refusals.refuse(session, null, ErrorCode.MEMBERS_ONLY, "this server is for members only and " + name
                    + " is not registered; ask its admin for an account", replyTo);
            return Verdict.no(ErrorCode.MEMBERS_ONLY);
        }
        return new Verdict(new Admitted(name, Role.GUEST, 0), null);
    }

    /**
     * Whether {@code password} is the registered {@code name}'s (NFC, valid), for a door that
     * asks before joining (IRC's SASL): null when it is, else the refusal the person was told,
     * as a join would tell it (the back-off applies alike).
     */
    ErrorCode check(Session session, String name, String password, String replyTo) {
        try {
            Optional<Account> account = rules.accounts().find(name);
            if (account.isEmpty()) {
                refusals.refuse(session, null, ErrorCode.NOT_REGISTERED, name + " is not a registered name", replyTo);
                return ErrorCode.NOT_REGISTERED;
            }
            return signIn(session, name, account.get(), password, replyTo).refused();
        } catch (IOException e) {
            unavailable(session, null, replyTo);
            return ErrorCode.ACCOUNTS_UNAVAILABLE;
        }
    }

    private Verdict signIn(Session session, String name, Account account, String password, String replyTo)
            throws IOException {
        if (password == null) {
            refusals.refuse(session, null, ErrorCode.PASSWORD_REQUIRED, name + " is registered; send its password", replyTo);
            return Verdict.no(ErrorCode.PASSWORD_REQUIRED);
        }
        String key = Names.key(name);
        String host = AddressBudgets.host(session.address());
        Duration wait = backoff.wait(key, host);
        if (!wait.isZero()) {
            refusals.refuse(session, null, new Refused(ErrorCode.RATE_LIMITED, "too many wrong passwords; "
                    + RateLimiter.retryText(wait), replyTo, Math.max(1, wait.toMillis())));
            return Verdict.no(ErrorCode.RATE_LIMITED);
        }
        if (!rules.accounts().check(name, password)) {
            backoff.failed(key, host);
            refusals.refuse(session, null, ErrorCode.PASSWORD_WRONG, "that is not the password of " + name + "; try again",
                    replyTo);
            return Verdict.no(ErrorCode.PASSWORD_WRONG);
        }
        return new Verdict(new Admitted(account.name(), account.role(), account.identity()), null);
    }

    /** A guest registers the name they joined under: from now on it takes this password. */
    void register(Member member, String password, String replyTo) {
        Session session = member.session();
        if (member.role() != Role.GUEST) {
            refusals.refuse(session, member.name(), ErrorCode.ALREADY_REGISTERED,
                    member.name() + " is registered already; /password changes its password", replyTo);
            return;
        }
        if (!rules.registration()) {
            refusals.refuse(session, member.name(), ErrorCode.REGISTRATION_OFF,
                    "this server does not let names be registered from the chat; ask its admin for an account", replyTo);
            return;
        }
        String problem = Accounts.passwordProblem(password);
        if (problem != null) {
            refusals.refuse(session, member.name(), ErrorCode.PASSWORD_INVALID, problem, replyTo);
            return;
        }
        Accounts.Outcome outcome;
        try {
            // Under this connection's token: what it said and was told privately before registering stays its own.
            outcome = rules.accounts().add(member.name(), password, Role.MEMBER, member.token());
        } catch (IOException e) {
            unavailable(session, member.name(), replyTo);
            return;
        }
        if (!outcome.done()) {
            refusals.refuse(session, member.name(), outcome.code(), outcome.problem(), replyTo);
            return;
        }
        member.role(Role.MEMBER);
        refusals.note(LogLines.account("REGISTER", member.name(), session.address()));
        session.deliver(new Notice("you registered " + member.name() + "; from now on it takes your password", replyTo));
    }

    /** A member gives their account a new password. */
    void changePassword(Member member, String password, String replyTo) {
        Session session = member.session();
        if (member.role() == Role.GUEST) {
            refusals.refuse(session, member.name(), ErrorCode.NOT_REGISTERED, member.name()
                    + " is not registered; /register gives it a password", replyTo);
            return;
        }
        String problem = Accounts.passwordProblem(password);
        if (problem != null) {
            refusals.refuse(session, member.name(), ErrorCode.PASSWORD_INVALID, problem, replyTo);
            return;
        }
        boolean changed;
        try {
            changed = rules.accounts().password(member.name(), password);
        } catch (IOException e) {
            unavailable(session, member.name(), replyTo);
            return;
        }
        if (!changed) {
            refusals.refuse(session, member.name(), ErrorCode.NOT_REGISTERED,
                    member.name() + " is no longer registered (an admin removed it)", replyTo);
            return;
        }
        refusals.note(LogLines.account("PASSWORD", member.name(), session.address()));
        session.deliver(new Notice("your password is changed", replyTo));
    }

    /** Whether /who should tell guests apart: only once the server has accounts. */
    boolean anyAccounts() {
        try {
            return rules.accounts().any();
        } catch (IOException e) {
            return false;
        }
    }

    private void unavailable(Session session, String name, String replyTo) {
        refusals.refuse(session, name, ErrorCode.ACCOUNTS_UNAVAILABLE,
                "the server cannot read its accounts right now, so it cannot tell who owns which name; try again later", replyTo);
    }
}
