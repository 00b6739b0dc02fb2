package chatroom.web;

import java.time.Duration;

/**
 * What the web port lets in besides the chat's own limits, and the other servers it names
 * to the page.
 *
 * @param origins  pages that may open the WebSocket ({@code --web-origin})
 * @param hosts    host names answered besides the machine's own ({@code --web-host}, the hosts of {@code --web-origin})
 * @param httpIdle how long an HTTP connection that has not become a WebSocket may sit unused ({@code --web-idle})
 * @param peers    a cluster's other servers' pages, for the page to reconnect to ({@code --web-peers})
 */
public record WebPolicy(OriginRule origins, HostRule hosts, Duration httpIdle, WebPeers peers) {
    /** Long enough for a browser to reuse its connection for the page's files, short enough that idle ones do not pile up. */
    public static final Duration DEFAULT_HTTP_IDLE = Duration.ofSeconds(10);

    public WebPolicy {
        if (httpIdle.isNegative() || httpIdle.isZero()) throw new IllegalArgumentException("--web-idle must be more than 0, not " + httpIdle.toMillis() + " ms");
    }

    public WebPolicy(OriginRule origins, HostRule hosts, Duration httpIdle) {
        this(origins, hosts, httpIdle, WebPeers.NONE);
    }

    /** The page's own origin, the machine's own names, {@link #DEFAULT_HTTP_IDLE}. */
    public static WebPolicy defaults() {
        return new WebPolicy(OriginRule.sameOrigin(), HostRule.machineOnly(), DEFAULT_HTTP_IDLE);
    }

    public WebPolicy withOrigins(OriginRule origins) {
        return new WebPolicy(origins, hosts, httpIdle, peers);
    }
}
