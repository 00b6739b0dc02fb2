package chatroom.cli;

import picocli.CommandLine.Option;

/** The {@code --host} and {@code --port} that the server listens on and the client joins. */
public final class Endpoint {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "server address: where the server listens, where the client connects (default: ${DEFAULT-VALUE}; 0.0.0.0 = every interface, server only)")
    public String host;

    @Option(names = "--port", defaultValue = "8080", converter = PortOption.class,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 = pick a free one, server only)")
    public int port;
}
