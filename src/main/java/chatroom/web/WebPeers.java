package chatroom.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The page addresses of a cluster's other servers ({@code --web-peers}), which the page
 * reconnects to, after its own, when its server goes away. Each is an origin:
 * {@code http(s)://HOST[:PORT]}, written back in that one form.
 */
public record WebPeers(List<String> origins) {
    /** Where the page reads them: {@code {"peers":["http://10.0.3.18:9102"]}}. */
    public static final String PATH = "/peers.json";
    public static final WebPeers NONE = new WebPeers(List.of());

    public WebPeers {
        origins = List.copyOf(origins);
    }

    /** Throws IllegalArgumentException, naming the flag, for what is not an origin or is listed twice. */
    public static WebPeers parse(List<String> values) {
        List<String> origins = new ArrayList<>();
        for (String value : values) {
            String origin = origin(value.strip());
            if (origins.contains(origin)) throw new IllegalArgumentException("--web-peers lists " + origin + " twice");
            origins.add(origin);
        }
        return new WebPeers(origins);
    }

    private static String origin(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(notAnOrigin(value));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null
                || !bare || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(notAnOrigin(value));
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String notAnOrigin(String value) {
        return "--web-peers takes the other servers' page addresses, such as http://10.0.3.18:9102, not '" + value + "'";
    }

    /** Their WebSockets' origins, as a Content-Security-Policy lists them: {@code ws://10.0.3.18:9102}. */
    public String sockets() {
        return origins.stream().map(o -> o.replaceFirst("^http", "ws")).collect(Collectors.joining(" "));
    }

    /** The page's view of them; origins need no escaping, having been read as URIs without quotes. */
    public String json() {
        return origins.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(",", "{\"peers\":[", "]}"));
    }
}
