package chatroom.irc;

import chatroom.chat.Event.Closing;
import chatroom.chat.Limits;
import chatroom.chat.Names;
import chatroom.door.ConnectionLife;
import chatroom.tcp.Dialect;
import chatroom.tcp.Door;
import java.time.ZoneId;
import java.util.List;

/**
 * IRC on a TCP port (RFC 1459/2812 as modern.ircdocs.horse describes them, with IRCv3):
 * every connection gets an {@link IrcDoor}; the port itself (accepting, TLS, the limits,
 * keep-alive, closing) is the TCP door's. One per port: its {@link IrcFormat} is shared by
 * the port's connections, so a broadcast is encoded once per tag variant.
 */
public final class IrcDialect implements Dialect {
    /** How the server names itself in replies; names may hold '.', so a user can never pass for it (a user's has '!'). */
    static final String SERVER = "chatroom";

    private final Limits limits;
    private final IrcFormat format;
    private final String version;
    private final List<String> isupport;

    /** @param zone the server's zone, for the times before replayed messages of clients without server-time */
    /** @param maxRoomsPerPerson --max-rooms-per-person: the channels a client may be in at once (CHANLIMIT) */
    public IrcDialect(Limits limits, int maxRoomsPerPerson, ZoneId zone, String version) {
        this.limits = limits;
        this.format = new IrcFormat(zone);
        this.version = version;
        this.isupport = isupport(maxRoomsPerPerson);
    }

    @Override
    public Door door(ConnectionLife life) {
        return new IrcDoor(life, limits, format, version, isupport);
    }

    @Override
    public String finalLine(Closing closing) {
        return IrcMessage.line(java.util.Map.of(), null, "ERROR", closing.code().wire() + ": " + closing.text());
    }

    /**
     * ISUPPORT (005) tokens, each true of this server: names are chatroom names (Unicode,
     * up to {@link Names#MAX_LENGTH} characters, compared by case folding, the nearest
     * registered mapping being rfc8265), rooms are '#' and such a name, a person is in
     * {@code maxRoomsPerPerson} rooms at once, a private message may go to any number of
     * people, admins and moderators show as @ and %, a CHATHISTORY page holds at most the
     * chat's largest {@code /history} page.
     */
    private static List<String> isupport(int maxRoomsPerPerson) {
        return List.of("CASEMAPPING=rfc8265", "CHANLIMIT=#:" + maxRoomsPerPerson, "CHANMODES=,,,nt",
                "CHANNELLEN=" + (Names.MAX_LENGTH + 1), "CHANTYPES=#",
                "CHATHISTORY=" + chatroom.chat.Commands.MAX_PAGE, "MSGREFTYPES=msgid,timestamp", "NETWORK=chatroom", "NICKLEN=" + Names.MAX_LENGTH,
                "PREFIX=(oh)@%", "TARGMAX=JOIN:,NAMES:1,NOTICE:,PART:,PRIVMSG:,WHOIS:1", "UTF8ONLY");
    }
}
