package chatroom.tls;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What both ends of a chatroom TLS connection accept: TLS 1.2 and 1.3 only, and of the
 * JDK's default cipher suites those with forward secrecy (ECDHE or DHE key exchange, or
 * TLS 1.3) and authenticated encryption (GCM or ChaCha20-Poly1305). That leaves out,
 * whatever a JDK's defaults hold: static-RSA key exchange, CBC modes, SHA-1 MACs, and
 * the signalling suite of the renegotiation that TLS 1.2 no longer needs.
 */
public final class ModernTls {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Pattern STRONG = Pattern.compile(
            "TLS_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256"
                    + "|(ECDHE_ECDSA|ECDHE_RSA|DHE_RSA)_WITH_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256))");

    private ModernTls() {}

    /** Of {@code defaults} (in the JDK's order of preference), those kept. */
    static List<String> strong(String[] defaults) {
        return Arrays.stream(defaults).filter(s -> STRONG.matcher(s).matches()).toList();
    }

    /** The cipher suites kept of {@code context}'s defaults. */
    public static List<String> cipherSuites(SSLContext context) {
        return strong(context.getDefaultSSLParameters().getCipherSuites());
    }

    /** {@code context}'s default parameters narrowed to the versions and suites kept. */
    static SSLParameters parameters(SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(cipherSuites(context).toArray(String[]::new));
        return p;
    }
}
