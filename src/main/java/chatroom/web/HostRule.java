package chatroom.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.util.HostPort;

/**
 * Which host names the web port answers to. A page on a rebinding name ({@code
 * evil.example}, resolved first to the attacker and then to this server) is same-origin
 * with whatever it sends, so the origin rule alone lets it in; the {@code Host} it sends
 * is its own name, though, and only names this server knows it serves are answered.
 * An address ({@code 10.0.3.17}, {@code [::1]}) is always answered: rebinding needs a
 * name, and a page that a browser loaded from an address can only be this server's.
 */
public final class HostRule {
    private final Set<String> names;
    private final boolean any;

    /** {@code names}: served besides the machine's own ({@code --web-host}, the hosts of {@code --web-origin}); {@code *} serves any. */
    public HostRule(Collection<String> names) {
        this.any = names.contains("*");
        this.names = new HashSet<>();
        for (String name : names) this.names.add(normal(name));
    }

    public static HostRule machineOnly() {
        return new HostRule(List.of());
    }

    /** The host of each origin ({@code https://chat.example.org} serves {@code chat.example.org}); {@code *} adds none. */
    public static List<String> hostsOf(Collection<String> origins) {
        return origins.stream().filter(o -> !o.strip().equals("*")).map(o -> URI.create(o.strip()).getHost())
                .filter(h -> h != null).toList();
    }

    /** This rule with the names of a server bound to {@code bindHost}: localhost when it is a loopback or wildcard address, and the machine's names. */
    public HostRule servingAt(String bindHost) {
        Set<String> served = new HashSet<>(names);
        served.add(normal(bindHost));
        try {
            InetAddress bound = InetAddress.getByName(bindHost);
            if (bound.isLoopbackAddress() || bound.isAnyLocalAddress()) served.add("localhost");
        } catch (UnknownHostException e) {
            // a name that does not resolve cannot be bound to either; the bind reports it
        }
        served.addAll(machineNames());
        if (any) served.add("*");
        return new HostRule(served);
    }

    /** The name this machine calls itself (from the system, not a DNS query); none if it has none. */
    private static Set<String> machineNames() {
        try {
            return Set.of(normal(InetAddress.getLocalHost().getHostName()));
        } catch (UnknownHostException e) {
            return Set.of(); // addresses still work
        }
    }

    /** @param host the request's Host header, with or without a port; null when the request has none */
    public boolean serves(String host) {
        if (host == null || any) return true; // HTTP/1.0 without Host: not a browser, which always sends one
        String name = name(host);
        return name != null && (isAddress(name) || names.contains(name));
    }

    /** The name in a Host header, normalised as this rule keeps names, or null if the header is not a host. */
    public static String name(String host) {
        try {
            return normal(new HostPort(host.strip()).getHost());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isAddress(String name) {
        if (name.startsWith("[")) return true; // HostPort keeps an IPv6 literal bracketed
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Case-insensitive, and {@code localhost.} is {@code localhost}. */
    private static String normal(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.contains(":") && !s.startsWith("[")) s = "[" + s + "]"; // a bare IPv6 bind address
        return s;
    }
}
