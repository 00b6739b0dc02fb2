package chatroom;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --host} and {@code --port} that the server listens on and the client joins. */
public final class Endpoint {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "server address (default: ${DEFAULT-VALUE}; a server may use 0.0.0.0 for every interface)")
    public String host;

    public int port;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; a server may use 0 to pick a free one)")
    void port(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, not " + port);
        }
        this.port = port;
    }
}
