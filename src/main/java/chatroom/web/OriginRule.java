package chatroom.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may open the chat's WebSocket. A browser sends the page's origin with the
 * upgrade and a page from another site could otherwise join the chat in a visitor's
 * name (cross-site WebSocket hijacking), so by default only the server's own page may.
 * A request without an Origin is not a browser's and is let in: such a client can send
 * any header it likes, so refusing it would protect nothing.
 */
public final class OriginRule {
    private final Set<String> allowed;
    private final boolean any;

    /** {@code allowed}: origins let in besides the page's own ({@code https://chat.example.org}); {@code *} lets in all. */
    public OriginRule(List<String> allowed) {
        this.any = allowed.contains("*");
        this.allowed = allowed.stream().map(OriginRule::normal).collect(Collectors.toUnmodifiableSet());
    }

    public static OriginRule sameOrigin() {
        return new OriginRule(List.of());
    }

    /** @param host the Host header of the upgrade request: the address the page was loaded from */
    public boolean allows(String origin, String host) {
        if (origin == null || any) return true;
        String o = normal(origin);
        if (host != null && (o.equals("http://" + normal(host)) || o.equals("https://" + normal(host)))) return true;
        return allowed.contains(o);
    }

    private static String normal(String origin) {
        String s = origin.strip().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
