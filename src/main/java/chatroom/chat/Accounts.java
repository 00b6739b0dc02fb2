package chatroom.chat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The registered names and their passwords (kept only as hashes), read afresh at every
 * use: the command line may change them while the server runs. Names are found by their
 * key ({@link Names#key}), so a registered name holds every case and NFC form of itself.
 * Every method throws IOException, naming the store, when it cannot be read or written.
 */
public interface Accounts {
    /** The shortest password accepted. */
    int MIN_PASSWORD = 8;

    /** The account registered under {@code name} (any case, any normal form). */
    Optional<Account> find(String name) throws IOException;

    /** A registered name that looks like {@code name} (UTS #39, {@link Names#lookalikes}) but is not it. */
    Optional<Account> lookalike(String name) throws IOException;

    /** Whether {@code password} is the account's; false for a name nobody registered. Compared in constant time. */
    boolean check(String name, String password) throws IOException;

    /** Registers {@code name} under a new identity; refused (with why, for the person) when it or a look-alike is registered. */
    default Outcome add(String name, String password, Role role) throws IOException {
        return add(name, password, role, 0);
    }

    /**
     * As {@link #add(String, String, Role)}, under {@code identity} ({@link Account#identity};
     * 0: a new random one). A guest who registers keeps the token of the connection it
     * registers on, so the private messages of that session stay its own.
     */
    Outcome add(String name, String password, Role role, long identity) throws IOException;

    /** A new password for an existing account; false when there is none. */
    boolean password(String name, String password) throws IOException;

    /** A new role for an existing account; false when there is none. */
    boolean role(String name, Role role) throws IOException;

    /** Removes the account; false when there was none. */
    boolean remove(String name) throws IOException;

    /** Every account, in name-key order. */
    List<Account> list() throws IOException;

    /** Whether any account exists (then /who tells guests apart). */
    boolean any() throws IOException;

    /**
     * Where mutes and bans are kept beside the accounts; the server asks once, at start.
     * Without a store of its own they are kept in memory, for as long as the server runs.
     */
    default Sanctions sanctions() {
        return Sanctions.inMemory();
    }

    /** Where private messages to an offline account wait for it; the server asks once, at start. */
    default WaitingMessages waiting() {
        return WaitingMessages.NONE;
    }

    /** What registering a name came to: null problem when it was registered. */
    record Outcome(ErrorCode code, String problem) {
        public static final Outcome DONE = new Outcome(null, null);

        public boolean done() {
            return problem == null;
        }
    }

    /** Why a password may not be used, or null when it may. Never quotes it. */
    static String passwordProblem(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) return "a password needs at least " + MIN_PASSWORD + " characters, this one has " + length;
        if (password.isBlank()) return "a password may not be only spaces";
        return null;
    }

    /** No store: everyone is a guest, and nothing can be registered. */
    static Accounts none() {
        return NoAccounts.INSTANCE;
    }
}
