package chatroom.chat;

/**
 * A registered name and its role; the password's hash stays in the store. {@code identity}
 * is who the account is to the history store (its private messages are kept under it, as a
 * guest's are under its connection's token): random, never 0, and never given to another
 * account, so a name removed and registered again does not inherit what was said to it.
 * 0 when the store keeps none.
 */
public record Account(String name, Role role, long identity) {
    public Account(String name, Role role) {
        this(name, role, 0);
    }

    private static final java.security.SecureRandom IDENTITIES = new java.security.SecureRandom();

    /** A random identity, never 0 (which stands for none), as a connection's token is. */
    public static long newIdentity() {
        long id;
        do {
            id = IDENTITIES.nextLong();
        } while (id == 0);
        return id;
    }
}
