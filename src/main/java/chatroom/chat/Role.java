package chatroom.chat;

import java.util.Locale;

/** What a person may do: a guest has an unregistered name; the others sign in with a password. Ordered by rank. */
public enum Role {
    GUEST, MEMBER, MODERATOR, ADMIN;

    /** The role as it is written on the wire, in the store and on the command line. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A registered role by its wire name; throws IllegalArgumentException naming the choices. */
    public static Role account(String wire) {
        for (Role r : values()) {
            if (r != GUEST && r.wire().equals(wire)) return r;
        }
        throw new IllegalArgumentException("a role is member, moderator or admin, not '" + wire + "'");
    }
}
