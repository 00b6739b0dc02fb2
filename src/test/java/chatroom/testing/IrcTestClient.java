package chatroom.testing;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Someone in an IRC client: sends raw IRC lines (CR LF added) and reads the server's,
 * with their CR LF taken off. {@link #register} does what irssi does on connecting.
 */
public final class IrcTestClient extends LineClient {
    private IrcTestClient(InetSocketAddress server, String label) {
        super(server, label);
    }

    private IrcTestClient(java.net.Socket connected, String label) {
        super(connected, label);
    }

    /** Over a socket already connected (a TLS one, say), without sending anything. */
    public static IrcTestClient over(java.net.Socket connected, String label) {
        return new IrcTestClient(connected, label);
    }

    public static IrcTestClient connect(InetSocketAddress server, String label) {
        return new IrcTestClient(server, label);
    }

    /** Connects, sends NICK and USER, and waits for the JOIN of #lobby and the end of its names. */
    public static IrcTestClient register(InetSocketAddress server, String nick) {
        IrcTestClient client = new IrcTestClient(server, nick);
        client.irc("NICK " + nick);
        client.irc("USER " + nick + " 0 * :" + nick);
        client.awaitIrc(":" + java.util.regex.Pattern.quote(nick) + "!\\S+ JOIN #lobby");
        client.awaitIrc(":chatroom 366 " + java.util.regex.Pattern.quote(nick) + " #lobby :.*");
        return client;
    }

    /** As {@link #register}, with the capabilities {@code caps} (space-separated) asked for and acknowledged first. */
    public static IrcTestClient registerWith(InetSocketAddress server, String nick, String caps) {
        IrcTestClient client = new IrcTestClient(server, nick);
        client.irc("CAP LS 302");
        client.irc("NICK " + nick);
        client.irc("USER " + nick + " 0 * :" + nick);
        client.irc("CAP REQ :" + caps);
        client.awaitIrc(":chatroom CAP " + java.util.regex.Pattern.quote(nick) + " ACK :" + java.util.regex.Pattern.quote(caps));
        client.irc("CAP END");
        client.awaitIrc(":chatroom 366 " + java.util.regex.Pattern.quote(nick) + " #lobby :.*");
        return client;
    }

    /** Sends JOIN {@code channel} and waits for its JOIN and the end of its names: the client is in it beside its others. */
    public void joined(String channel) {
        irc("JOIN " + channel);
        String quoted = java.util.regex.Pattern.quote(channel);
        awaitIrc(":" + java.util.regex.Pattern.quote(label()) + "!\\S+ JOIN " + quoted);
        awaitIrc(":chatroom 366 " + java.util.regex.Pattern.quote(label()) + " " + quoted + " :.*");
    }

    /** Sends one line with IRC's CR LF. */
    public void irc(String line) {
        sendRaw((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits for a line (without its CR LF) matching {@code regex}; fails if a line arrives without its CR. */
    public String awaitIrc(String regex) {
        String line = awaitLine(l -> strip(l).matches(regex), "a line matching " + regex);
        if (!line.endsWith("\r")) throw new AssertionError(label() + ": a line without its CR: " + line);
        return strip(line);
    }

    /** Waits for {@code count} lines matching {@code regex}, in order. */
    public List<String> awaitIrcLines(String regex, int count) {
        return awaitLines(l -> strip(l).matches(regex), count, count + " lines matching " + regex).stream().map(IrcTestClient::strip).toList();
    }

    /** Every line received so far, without CR LF. */
    public List<String> ircSeen() {
        return seen().stream().map(IrcTestClient::strip).toList();
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
