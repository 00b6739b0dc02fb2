package chatroom.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's TLS identity: the certificate and key of {@code --tls-cert} and
 * {@code --tls-key}, behind one {@link SSLContext} that both the TCP door and the web
 * port use. The context's key manager hands each new handshake whatever was read last,
 * so a renewed certificate is taken up by the next connection without a restart (see
 * {@link #watch}); connections already open keep the one they started with.
 */
public final class ServerKeys implements AutoCloseable {
    private final Path certFile;
    private final Path keyFile;
    private final SSLContext context;
    private volatile KeyMaterial material;
    /** What handshakes start with now; the one before, for a handshake that began before the last reload. */
    private volatile Served keys;
    private volatile Served before;
    private int generation;
    private final Current current = new Current();
    /** What the files looked like when last read (or tried), so a change is noticed once. */
    private volatile List<Object> readStamp;
    private volatile Thread watcher;

    /** Said at start when SIGHUP cannot reload the certificate, so that nobody counts on it. */
    public static final String HANG_UP_IGNORED = "SIGHUP is ignored in this process (started with nohup, or by a parent that ignores it),"
            + " so it cannot reload the TLS certificate; a change to the certificate's files still does";

    private ServerKeys(Path certFile, Path keyFile, KeyMaterial material) throws IOException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.readStamp = stamp();
        this.material = material;
        this.keys = new Served(0, material.keyManager());
        this.before = keys;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {current}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** Reads the two PEM files; the IOException's message names the file at fault and what is wrong. */
    public static ServerKeys load(Path certFile, Path keyFile) throws IOException {
        return new ServerKeys(certFile, keyFile, KeyMaterial.read(certFile, keyFile));
    }

    /** For the web port's Jetty, which makes its own engines: set {@link ModernTls} on it too. */
    /** The key manager behind {@link #context()}, as a handshake asks it (for tests of a reload mid-handshake). */
    X509ExtendedKeyManager keyManager() {
        return current;
    }

    public SSLContext context() {
        return context;
    }

    public List<String> protocols() {
        return ModernTls.PROTOCOLS;
    }

    public List<String> cipherSuites() {
        return ModernTls.cipherSuites(context);
    }

    /** The accepted connection, wrapped for the server's side of a handshake (not started yet). */
    public SSLSocket serverSide(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        socket.setUseClientMode(false);
        socket.setSSLParameters(ModernTls.parameters(context));
        return socket;
    }

    /** The certificate being served, in one line: subject, end of validity, fingerprint. */
    public String describe() {
        return material.describe();
    }

    /**
     * Reads the files again and serves what they hold from the next handshake on. On
     * failure (a file half written, a key that does not match) the previous certificate
     * stays and the IOException says why.
     */
    public synchronized void reload() throws IOException {
        readStamp = stamp();
        KeyMaterial fresh = KeyMaterial.read(certFile, keyFile);
        before = keys;
        keys = new Served(++generation, fresh.keyManager());
        material = fresh;
    }

    /**
     * Reloads when either file changes (their times and sizes are looked at every
     * {@code every}) and on SIGHUP where the JVM lets a program handle it; says what
     * happened through {@code tell}, one line each time.
     */
    public void watch(Duration every, Consumer<String> tell) {
        if (!Reloads.onHangUp(() -> reloadAndTell("SIGHUP", tell))) tell.accept(HANG_UP_IGNORED);
        watcher = Thread.ofPlatform().daemon().name("tls-watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                if (!Objects.equals(stamp(), readStamp)) reloadAndTell("a change to " + certFile + " or " + keyFile, tell);
            }
        });
    }

    private void reloadAndTell(String cause, Consumer<String> tell) {
        try {
            reload();
            tell.accept("TLS certificate reloaded after " + cause + ": " + describe());
        } catch (IOException e) {
            tell.accept("TLS certificate not reloaded after " + cause + ", still serving the previous one: " + e.getMessage());
        }
    }

    /** The files' modification times and sizes; a file that cannot be looked at counts as its own state. */
    private List<Object> stamp() {
        return List.of(look(certFile), look(keyFile));
    }

    private static Object look(Path file) {
        try {
            return List.of(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public void close() {
        Thread w = watcher;
        if (w != null) w.interrupt();
    }

    /** One reading of the files' key manager, numbered so a handshake's alias names the reading it chose. */
    private record Served(int generation, X509ExtendedKeyManager keys) {
        String alias(String inner) {
            return inner == null ? null : generation + ":" + inner;
        }
    }

    /**
     * Whatever was read last, chosen anew at each handshake. A handshake asks for the
     * alias, then separately for its chain and its key: the alias names the reading it was
     * chosen from, so a reload between those calls cannot pair the old certificate with the
     * new key (the peer then fails the handshake with "Invalid CertificateVerify signature").
     */
    private final class Current extends X509ExtendedKeyManager {
        /** The reading {@code alias} was chosen from, or null when two reloads came since. */
        private Served of(String alias) {
            if (alias == null) return null;
            int colon = alias.indexOf(':');
            if (colon < 0) return null;
            for (Served s : new Served[] {keys, before}) {
                if (alias.substring(0, colon).equals(Integer.toString(s.generation()))) return s;
            }
            return null;
        }

        private static String inner(String alias) {
            return alias.substring(alias.indexOf(':') + 1);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null; // a server's keys: it never authenticates as a client
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            Served now = keys;
            String[] inner = now.keys().getServerAliases(keyType, issuers);
            if (inner == null) return null;
            String[] aliases = new String[inner.length];
            for (int i = 0; i < inner.length; i++) aliases[i] = now.alias(inner[i]);
            return aliases;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            Served now = keys;
            return now.alias(now.keys().chooseServerAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            Served now = keys;
            return now.alias(now.keys().chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Served from = of(alias);
            return from == null ? null : from.keys().getCertificateChain(inner(alias));
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Served from = of(alias);
            return from == null ? null : from.keys().getPrivateKey(inner(alias));
        }
    }
}
