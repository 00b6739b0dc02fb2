package chatroom;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The server's TLS flags: {@code --tls-cert}, {@code --tls-key}, {@code --tls-port}, {@code --no-clear}. */
final class TlsOptions {
    /** How often the certificate and key files are looked at for a change. */
    static final java.time.Duration WATCH_EVERY = java.time.Duration.ofSeconds(1);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "turn on TLS with this PEM certificate (the server's own first, then its chain): a TLS port for the Chatter and the "
                    + "JSON and plain protocols, and HTTPS for the web page; read again on SIGHUP or when the file changes")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM private key of --tls-cert, unencrypted (keep it readable by the server alone)")
    Path key;

    int port = 8443;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "TCP port of the TLS door, on the same --host (default: 8443; 0 = pick a free one)")
    void port(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--tls-port must be from 0 to 65535, not " + port);
        }
        this.port = port;
    }

    @Option(names = "--no-clear", description = "with TLS on, do not listen on the clear --port (the web page is HTTPS only either way)")
    boolean noClear;

    /** Whether TLS is on; throws IllegalArgumentException, naming the flag, for flags that do not go together. */
    boolean on() {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--tls-port");
        if (cert == null && key == null) {
            if (noClear) throw new IllegalArgumentException("--no-clear needs TLS on (--tls-cert FILE --tls-key FILE): without it nothing would listen");
            if (given) throw new IllegalArgumentException("--tls-port needs TLS on (--tls-cert FILE --tls-key FILE)");
            return false;
        }
        if (cert == null) throw new IllegalArgumentException("--tls-key needs --tls-cert FILE, the certificate it is the key of");
        if (key == null) throw new IllegalArgumentException("--tls-cert needs --tls-key FILE, the certificate's private key");
        return true;
    }
}
