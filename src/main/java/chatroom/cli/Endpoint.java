package chatroom.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --host} and {@code --port} that the server listens on and the client joins. */
public final class Endpoint {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "server address: where the server listens, where the client connects (default: ${DEFAULT-VALUE}; 0.0.0.0 = every interface, server only)")
    public String host;

    public int port;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = pick a free one, server only)")
    void port(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, not " + port);
        }
        this.port = port;
    }
}
