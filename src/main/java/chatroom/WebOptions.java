package chatroom;

import chatroom.cli.DurationOption;
import chatroom.cli.PortOption;
import chatroom.web.HostRule;
import chatroom.web.OriginRule;
import chatroom.web.WebPeers;
import chatroom.web.WebPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The server's web door flags: {@code --web-port}, {@code --no-web}, {@code --web-origin}, {@code --web-host}, {@code --web-idle}, {@code --web-peers}. */
final class WebOptions {
    @Option(names = "--web-port", defaultValue = "8081", converter = PortOption.class,
            description = "port of the web page and its WebSocket, on the same --host (default: ${DEFAULT-VALUE}; 0 = pick a free one)")
    int port;

    @Option(names = "--no-web", description = "serve no web page (only the TCP port)")
    boolean off;

    @Option(names = "--web-origin", paramLabel = "ORIGIN", split = ",",
            description = "also let pages from ORIGIN (e.g. https://chat.example.org) open the WebSocket; repeatable or comma-separated; * = any (default: the page's own origin only)")
    List<String> origins = new ArrayList<>();

    @Option(names = "--web-host", paramLabel = "NAME", split = ",",
            description = "also answer requests for host NAME (e.g. chat.example.org, a name a proxy or DNS gives this server); repeatable or comma-separated; * = any "
                    + "(default: the --host address, localhost, this machine's name, the hosts of --web-origin; addresses always)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--web-peers", paramLabel = "URL", split = ",",
            description = "in a cluster, the other servers' page addresses (e.g. http://10.0.3.18:9102), which the page tries,"
                    + " after its own, when its server goes away; each of them must let this page in (--web-origin); repeatable or"
                    + " comma-separated (default: none, the page reconnects only to its own server)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--web-idle", paramLabel = "DURATION", defaultValue = "10s", converter = DurationOption.class,
            description = "how long an HTTP connection to the web port may sit unused before it is closed; a WebSocket uses --timeout-after (default: ${DEFAULT-VALUE})")
    Duration httpIdle;

    OriginRule originRule() {
        return new OriginRule(origins);
    }

    /** Throws IllegalArgumentException, naming the flag, for nonsense. */
    WebPolicy policy() {
        List<String> served = new ArrayList<>(hosts);
        try {
            served.addAll(HostRule.hostsOf(origins));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--web-origin takes origins such as https://chat.example.org: " + e.getMessage());
        }
        return new WebPolicy(originRule(), new HostRule(served), httpIdle, WebPeers.parse(peers));
    }
}
