package chatroom.chat;

import java.time.Instant;

/**
 * One moderator's action: who did what to whom, why and until when ({@code until} null:
 * until lifted, or for a kick, nothing lasts). Mutes and bans are kept while they hold;
 * every action is kept as it happened.
 *
 * @param target a name as typed (a ban may name an address or CIDR range instead)
 * @param reason what the moderator said, empty when nothing
 */
public record Sanction(Action action, String target, String by, String reason, Instant at, Instant until) {

    /** What a moderator may do; the word is the command's and the log's. */
    public enum Action {
        KICK, MUTE, UNMUTE, BAN, UNBAN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The action by its wire name; throws IllegalArgumentException for anything else. */
        public static Action fromWire(String wire) {
            for (Action a : values()) {
                if (a.wire().equals(wire)) return a;
            }
            throw new IllegalArgumentException("unknown moderation action: " + wire);
        }
    }

    /** Whether it still holds at {@code now}. */
    public boolean holdsAt(Instant now) {
        return until == null || now.isBefore(until);
    }

    /** The key it is kept under: a name's key, or an address range as written. */
    public String key() {
        return AddressRange.parse(target) != null ? target : Names.key(target);
    }
}
