package chatroom.client;

import java.util.ArrayList;
import java.util.List;

/** One server the Chatter may join: a host name or address and a port. */
record ServerAddress(String host, int port) {

    /**
     * Reads {@code HOST:PORT}, {@code HOST} (then {@code defaultPort}) or {@code [IPV6]:PORT}.
     * @throws IllegalArgumentException saying what is wrong, for a usage error
     */
    static ServerAddress parse(String text, int defaultPort) {
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("'" + text + "' opens [ for an IPv6 address but does not close it");
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, as [::1]:8080");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("'" + text + "' has no host (HOST:PORT, as 10.0.3.17:8080)");
        return new ServerAddress(host, port == null ? defaultPort : portOf(text, port));
    }

    /** Every address in {@code values}, each possibly a comma-separated list, in order; duplicates refused. */
    static List<ServerAddress> parseAll(List<String> values, int defaultPort) {
        List<ServerAddress> all = new ArrayList<>();
        for (String value : values) {
            for (String one : value.split(",", -1)) {
                if (one.isBlank()) throw new IllegalArgumentException("'" + value + "' has an empty entry");
                ServerAddress address = parse(one, defaultPort);
                if (all.contains(address)) throw new IllegalArgumentException(address + " is listed twice");
                all.add(address);
            }
        }
        return List.copyOf(all);
    }

    private static int portOf(String text, String port) {
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + port + "' is not a port number (1 to 65535)");
        }
        if (n < 1 || n > 65535) throw new IllegalArgumentException("'" + text + "': a port is from 1 to 65535, not " + n);
        return n;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
