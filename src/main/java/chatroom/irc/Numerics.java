package chatroom.irc;

import java.util.Map;

/** The numeric replies this door sends (modern.ircdocs.horse, "Numerics"), and how a numeric or a server NOTICE is written. */
final class Numerics {
    static final String RPL_WELCOME = "001";
    static final String RPL_YOURHOST = "002";
    static final String RPL_CREATED = "003";
    static final String RPL_MYINFO = "004";
    static final String RPL_ISUPPORT = "005";
    static final String RPL_UMODEIS = "221";
    static final String RPL_AWAY = "301";
    static final String RPL_USERHOST = "302";
    static final String RPL_ISON = "303";
    static final String RPL_UNAWAY = "305";
    static final String RPL_NOWAWAY = "306";
    static final String RPL_WHOISUSER = "311";
    static final String RPL_WHOISSERVER = "312";
    static final String RPL_ENDOFWHO = "315";
    static final String RPL_ENDOFWHOIS = "318";
    static final String RPL_LISTSTART = "321";
    static final String RPL_LIST = "322";
    static final String RPL_LISTEND = "323";
    static final String RPL_CHANNELMODEIS = "324";
    static final String RPL_NOTOPIC = "331";
    static final String RPL_WHOREPLY = "352";
    static final String RPL_NAMREPLY = "353";
    static final String RPL_ENDOFNAMES = "366";
    static final String RPL_ENDOFBANLIST = "368";
    static final String RPL_MOTD = "372";
    static final String RPL_MOTDSTART = "375";
    static final String RPL_ENDOFMOTD = "376";
    static final String ERR_NOSUCHNICK = "401";
    static final String ERR_NOSUCHCHANNEL = "403";
    static final String ERR_CANNOTSENDTOCHAN = "404";
    static final String ERR_TOOMANYCHANNELS = "405";
    static final String ERR_INVALIDCAPCMD = "410";
    static final String ERR_NORECIPIENT = "411";
    static final String ERR_NOTEXTTOSEND = "412";
    static final String ERR_INPUTTOOLONG = "417";
    static final String ERR_UNKNOWNCOMMAND = "421";
    static final String ERR_ERRONEUSNICKNAME = "432";
    static final String ERR_NICKNAMEINUSE = "433";
    static final String ERR_NICKCOLLISION = "436";
    static final String ERR_NOTONCHANNEL = "442";
    /** Not in RFC 2812; the number other servers (UnrealIRCd, InspIRCd) give a refused nick change. */
    static final String ERR_NONICKCHANGE = "447";
    static final String ERR_NOTREGISTERED = "451";
    static final String ERR_NEEDMOREPARAMS = "461";
    static final String ERR_ALREADYREGISTERED = "462";
    static final String ERR_PASSWDMISMATCH = "464";
    static final String ERR_YOUREBANNEDCREEP = "465";
    static final String ERR_CHANOPRIVSNEEDED = "482";
    static final String ERR_USERSDONTMATCH = "502";
    static final String RPL_LOGGEDIN = "900";
    static final String RPL_SASLSUCCESS = "903";
    static final String ERR_SASLFAIL = "904";
    static final String ERR_SASLABORTED = "906";
    static final String ERR_SASLALREADY = "907";
    static final String RPL_SASLMECHS = "908";

    private Numerics() {}

    /** {@code :chatroom CODE client params...}. */
    static String line(String client, String code, String... params) {
        String[] all = new String[params.length + 1];
        all[0] = client;
        System.arraycopy(params, 0, all, 1, params.length);
        return IrcMessage.line(Map.of(), IrcDialect.SERVER, code, all);
    }

    /** The server's NOTICE to {@code client}: one line per line of {@code text}, each cut to fit IRC's line. */
    static String notice(String client, String text) {
        StringBuilder out = new StringBuilder();
        int room = IrcFormat.MAX_LINE - IrcText.bytes(":" + IrcDialect.SERVER + " NOTICE " + client + " :\r\n");
        for (String line : text.split("\n", -1)) {
            for (String piece : IrcText.cut(chatroom.text.Sanitize.forTerminal(line), Math.max(room, 16))) {
                out.append(IrcMessage.line(Map.of(), IrcDialect.SERVER, "NOTICE", client, piece));
            }
        }
        return out.toString();
    }
}
