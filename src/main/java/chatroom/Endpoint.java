package chatroom;

import picocli.CommandLine.Option;

/** The {@code --host} and {@code --port} that the server listens on and the client joins. */
public final class Endpoint {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "server address (default: ${DEFAULT-VALUE}; a server may use 0.0.0.0 for every interface)")
    public String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; a server may use 0 to pick a free one)")
    public int port;
}
