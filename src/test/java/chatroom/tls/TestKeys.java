package chatroom.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test's own self-signed certificate and key, written as PEM files the way
 * {@code chatroom tls self-signed} writes them, and the client side that trusts exactly
 * that certificate.
 */
public final class TestKeys {
    public final Path certFile;
    public final Path keyFile;
    public final X509Certificate certificate;

    private TestKeys(Path certFile, Path keyFile, X509Certificate certificate) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.certificate = certificate;
    }

    /** A fresh pair for {@code hosts} in {@code dir}, replacing one written there before. */
    public static TestKeys write(Path dir, String... hosts) {
        try {
            Files.createDirectories(dir);
            KeyMaterial made = SelfSigned.make(List.of(hosts), Duration.ofDays(1), Instant.now());
            Path cert = dir.resolve(TlsCommand.CERT_FILE);
            Path key = dir.resolve(TlsCommand.KEY_FILE);
            Files.deleteIfExists(cert);
            Files.deleteIfExists(key);
            PemFiles.writeKey(key, made.key());
            PemFiles.writeCertificate(cert, made.chain().getFirst());
            return new TestKeys(cert, key, made.chain().getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerKeys serverKeys() {
        try {
            return ServerKeys.load(certFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String fingerprint() {
        return KeyMaterial.fingerprint(certificate);
    }

    /** The base64 SHA-256 of the public key, as Chromium's --ignore-certificate-errors-spki-list takes it. */
    public String publicKeyPin() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts this certificate alone. */
    public SSLContext trustingContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects and completes a handshake as a client trusting this certificate, offering only {@code protocols} (all when none). */
    public SSLSocket connect(InetSocketAddress server, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) trustingContext().getSocketFactory().createSocket();
        socket.connect(server, 10_000);
        if (protocols.length > 0) socket.setEnabledProtocols(protocols);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        socket.setSoTimeout(0);
        return socket;
    }

    /** The certificate the server presented on {@code socket}. */
    public static X509Certificate served(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    public static Socket plainSocket(InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, 10_000);
        return socket;
    }
}
