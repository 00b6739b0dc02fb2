package chatroom.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Someone at the plain-text door (nc, telnet, the assignment's Python client): sends
 * typed lines and reads the lines of SPEC §4 "Plain door".
 */
public final class PlainClient extends LineClient {
    /** What the server puts before room lines: "2026-11-27 14:03:05 ". */
    private static final Pattern STAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ");
    private static final int STAMP_LENGTH = "2026-11-27 14:03:05 ".length();

    private PlainClient(InetSocketAddress server, String label, InetAddress from) {
        super(server, label, from);
    }

    private PlainClient(java.net.Socket connected, String label) {
        super(connected, label);
    }

    /** Over a socket already connected (a TLS one, say), without sending anything. */
    public static PlainClient over(java.net.Socket connected, String label) {
        return new PlainClient(connected, label);
    }

    /** Connects without sending anything. */
    public static PlainClient connect(InetSocketAddress server, String label) {
        return connectFrom(server, label, null);
    }

    /** Connects from a local address of the test's choice (127.0.0.2, say) without sending anything. */
    public static PlainClient connectFrom(InetSocketAddress server, String label, InetAddress from) {
        return new PlainClient(server, label, from);
    }

    /** Connects, sends {@code name} and waits for the welcome. */
    public static PlainClient join(InetSocketAddress server, String name) {
        return joinFrom(server, name, null);
    }

    /** Connects from a local address of the test's choice, sends {@code name} and waits for the welcome. */
    public static PlainClient joinFrom(InetSocketAddress server, String name, InetAddress from) {
        PlainClient client = new PlainClient(server, name, from);
        client.send(name);
        client.awaitWelcome(name);
        return client;
    }

    /** Waits for "* welcome NAME, N online: …" and returns it. */
    public String awaitWelcome(String name) {
        return awaitLine(line -> line.startsWith("* welcome " + name + ", "), "a welcome for " + name);
    }

    /** Waits for a time-stamped room line whose rest is exactly {@code rest}, e.g. "bob: hi" or "* bob joined". */
    public String awaitStamped(String rest) {
        return awaitLine(line -> rest.equals(unstamped(line)), "the line 'YYYY-MM-DD HH:MM:SS " + rest + "'");
    }

    /** Waits for {@code count} time-stamped lines whose rest matches; returns the rests in order. */
    public List<String> awaitStampedLines(Predicate<String> rest, int count, String description) {
        return awaitLines(line -> {
            String r = unstamped(line);
            return r != null && rest.test(r);
        }, count, description).stream().map(PlainClient::unstamped).toList();
    }

    /** The line after its time stamp, or null when it has none. */
    public static String unstamped(String line) {
        if (line.length() < STAMP_LENGTH || !STAMP.matcher(line.substring(0, STAMP_LENGTH)).matches()) return null;
        return line.substring(STAMP_LENGTH);
    }
}
