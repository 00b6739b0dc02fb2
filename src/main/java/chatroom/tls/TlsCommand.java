package chatroom.tls;

import chatroom.cli.Version;
import chatroom.files.Owner;
import chatroom.files.Why;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatroom tls …}: key material for the server's TLS port and HTTPS page. */
@Command(name = "tls", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Key material for TLS (the server's --tls-cert and --tls-key).",
        subcommands = TlsCommand.SelfSignedCommand.class)
public final class TlsCommand implements Runnable {
    public static final String CERT_FILE = "chatroom-cert.pem";
    public static final String KEY_FILE = "chatroom-key.pem";

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "say 'tls self-signed --host NAME' (see --help)");
    }

    /** {@code chatroom tls self-signed --host NAME [--out DIR]}. */
    @Command(name = "self-signed", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
            description = {"Write a new key and a self-signed certificate for a server on a LAN, and say what to give the clients.",
                "Exit code 0, 1 when the files cannot be written, 2 for a usage error."})
    static final class SelfSignedCommand implements Callable<Integer> {
        @Option(names = "--host", required = true, paramLabel = "NAME", split = ",",
                description = "the host name or IP address clients connect to (chat.lan, 192.168.1.20); repeatable or comma-separated")
        List<String> hosts = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where to write "
                + CERT_FILE + " and " + KEY_FILE + " (default: the current directory)")
        Path out;

        @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "how long the certificate is valid (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--force", description = "replace the files if they exist (the old key is lost)")
        boolean force;

        private final PrintStream stdout = System.out;
        private final PrintStream stderr = System.err;

        @Override
        public Integer call() {
            if (days < 1 || days > 3650) {
                stderr.println("chatroom: --days must be from 1 to 3650, not " + days);
                return 2;
            }
            KeyMaterial made;
            try {
                SelfSigned.names(hosts); // a bad name is a usage error, before any work
                made = SelfSigned.make(hosts, Duration.ofDays(days), Instant.now());
            } catch (IllegalArgumentException e) {
                stderr.println("chatroom: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                stderr.println("chatroom: " + e.getMessage());
                return 1;
            }
            Path cert = out.resolve(CERT_FILE);
            Path key = out.resolve(KEY_FILE);
            try {
                Owner.folder(out);
            } catch (IOException e) {
                stderr.println("chatroom: cannot write in " + out + ": " + e.getMessage());
                return 1;
            }
            for (Path f : List.of(key, cert)) {
                if (!force && Files.exists(f)) {
                    stderr.println("chatroom: " + f + " exists; keep it, choose another --out, or replace both files with --force");
                    return 1;
                }
            }
            try {
                if (force) {
                    Files.deleteIfExists(key);
                    Files.deleteIfExists(cert);
                }
                PemFiles.writeKey(key, made.key());
                PemFiles.writeCertificate(cert, made.chain().getFirst());
            } catch (FileAlreadyExistsException e) {
                stderr.println("chatroom: " + e.getFile() + " exists; keep it, choose another --out, or replace both files with --force");
                return 1;
            } catch (IOException e) {
                stderr.println("chatroom: cannot write the files in " + out + ": " + Why.of(e));
                return 1;
            }
            String host = hosts.getFirst();
            String fingerprint = KeyMaterial.fingerprint(made.chain().getFirst());
            stdout.println("wrote " + cert + " (the certificate, for " + String.join(", ", hosts) + ", valid " + days + " days)");
            stdout.println("  and " + key + " (its private key, readable by you alone: keep it on the server, give it to nobody)");
            stdout.println("SHA-256 fingerprint: " + fingerprint);
            stdout.println();
            stdout.println("start the server with it:");
            stdout.println("  ./chatroom server --host 0.0.0.0 --tls-cert " + cert + " --tls-key " + key);
            stdout.println("give the clients " + cert + " (only the certificate) and the fingerprint above; then");
            stdout.println("  the Chatter:  ./chatroom client NAME --host " + host + " --tls-ca " + CERT_FILE);
            stdout.println("  openssl:      openssl s_client -connect " + hostPort(host, 8443) + " -CAfile " + CERT_FILE + " -quiet");
            stdout.println("  a browser:    https://" + hostPort(host, 8081) + "/ warns that the certificate is self-signed;"
                    + " go on once the fingerprint it shows matches the one above (or import " + CERT_FILE + " as trusted)");
            return 0;
        }

        private static String hostPort(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
