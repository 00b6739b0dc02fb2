package chatroom;

import chatroom.web.OriginRule;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The server's web door flags: {@code --web-port}, {@code --no-web}, {@code --web-origin}. */
final class WebOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int port;

    @Option(names = "--web-port", defaultValue = "8081",
            description = "port of the web page and its WebSocket, on the same --host (default: ${DEFAULT-VALUE}; 0 = pick a free one)")
    void port(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--web-port must be from 0 to 65535, not " + port);
        }
        this.port = port;
    }

    @Option(names = "--no-web", description = "serve no web page (only the TCP port)")
    boolean off;

    @Option(names = "--web-origin", paramLabel = "ORIGIN", split = ",",
            description = "also let pages from ORIGIN (e.g. https://chat.example.org) open the WebSocket; repeatable or comma-separated; * = any (default: the page's own origin only)")
    List<String> origins = new ArrayList<>();

    OriginRule originRule() {
        return new OriginRule(origins);
    }
}
