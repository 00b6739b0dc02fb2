package chatroom.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which servers a client believes: those whose certificate is signed by a certificate
 * authority of the JDK's trust store ({@code --tls}), or by one in a PEM file
 * ({@code --tls-ca}, which may be a self-signed server's own certificate), and is for the
 * host name or address the client connects to. A server that does not prove itself is
 * refused with an {@link Untrusted}, never talked to in clear text instead.
 */
public final class ClientTrust {
    private final SSLContext context;
    private final String source;

    private ClientTrust(SSLContext context, String source) {
        this.context = context;
        this.source = source;
    }

    /** The certificate authorities the JDK trusts (its cacerts). */
    public static ClientTrust jdkDefaults() throws IOException {
        return of(null, "the JDK's trusted certificate authorities");
    }

    /** Only the certificates in {@code pemFile}: a private CA, or a self-signed server's own certificate. */
    public static ClientTrust from(Path pemFile) throws IOException {
        List<X509Certificate> certificates = PemFiles.certificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) store.setCertificateEntry("ca-" + i, certificates.get(i));
            return of(store, "the certificates in " + pemFile);
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + ": its certificates cannot be trusted: " + e.getMessage(), e);
        }
    }

    private static ClientTrust of(KeyStore anchors, String source) throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new ClientTrust(context, source);
        } catch (GeneralSecurityException e) {
            throw new IOException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Completes a handshake over the connected {@code socket} with the server known as
     * {@code host}, within {@code timeoutMillis}. Throws {@link Untrusted} when the server
     * cannot be believed or speaks no TLS this client accepts; other IOExceptions (a lost
     * connection, a timeout) are the network's.
     */
    public SSLSocket open(Socket socket, String host, int timeoutMillis) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        SSLParameters p = ModernTls.parameters(context);
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we asked for
        tls.setSSLParameters(p);
        int before = socket.getSoTimeout();
        tls.setSoTimeout(timeoutMillis);
        try {
            tls.startHandshake();
        } catch (SocketTimeoutException | EOFException e) {
            tls.close();
            throw e;
        } catch (SSLException e) {
            tls.close();
            if (e.getCause() instanceof EOFException || e.getCause() instanceof SocketTimeoutException) throw e; // the network's
            throw new Untrusted("will not talk to the server at " + host + ":" + socket.getPort() + ": " + why(e), e);
        }
        tls.setSoTimeout(before);
        return tls;
    }

    /** Where the trusted certificates come from, for messages. */
    public String source() {
        return source;
    }

    private String why(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) return "its certificate has expired (" + t.getMessage() + ")";
            if (t instanceof CertificateNotYetValidException) return "its certificate is not valid yet (" + t.getMessage() + ")";
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "its certificate is not signed by any of " + source
                        + " (for a server with a self-signed certificate, give that certificate with --tls-ca FILE)";
            }
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("No subject alternative") || m.startsWith("No name matching")) {
                return "its certificate is not for that name or address (" + m + "); connect with a --host the certificate names";
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
            return "it does not speak TLS on that port (is it the clear port? the server's TLS port is its --tls-port, 8443 by default)";
        }
        if (e instanceof SSLHandshakeException && (m.contains("protocol_version") || m.contains("handshake_failure")
                || m.contains("No appropriate protocol") || m.contains("cipher suite"))) {
            return "it offers no TLS version or cipher suite this client accepts (TLS 1.2 or 1.3, forward-secret AEAD suites): " + m;
        }
        return "the TLS handshake failed: " + m;
    }

    /** The server did not prove who it is, or speaks no TLS this client accepts: not a network problem, so not retried. */
    public static final class Untrusted extends IOException {
        Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
