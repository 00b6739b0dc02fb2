package chatroom.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** A server's certificate chain and the private key of its first certificate, as read from two PEM files. */
record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
    private static final char[] NO_PASSWORD = new char[0];

    /** Reads both files; the message of the IOException says which is wrong and how. */
    static KeyMaterial read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!PemFiles.matches(key, chain.getFirst())) {
            throw new IOException("the key in " + keyFile + " is not the key of the certificate in " + certFile
                    + " (the first certificate there must be the server's own)");
        }
        return new KeyMaterial(chain, key);
    }

    /** A key manager that offers this chain and key to every handshake. */
    X509ExtendedKeyManager keyManager() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("chatroom", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, NO_PASSWORD);
            for (KeyManager m : factory.getKeyManagers()) {
                if (m instanceof X509ExtendedKeyManager x) return x;
            }
            throw new IOException("the JDK offers no key manager for X.509 certificates");
        } catch (GeneralSecurityException e) {
            throw new IOException("the key and certificate cannot be used for TLS: " + e.getMessage(), e);
        }
    }

    /** "CN=chat.lan, valid until 2027-12-06, SHA-256 AB:CD:…": enough to tell one certificate from another. */
    String describe() {
        X509Certificate own = chain.getFirst();
        return own.getSubjectX500Principal().getName() + ", valid until "
                + DateTimeFormatter.ISO_LOCAL_DATE.format(own.getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
                + ", SHA-256 " + fingerprint(own);
    }

    /** The SHA-256 fingerprint as browsers and {@code openssl x509 -fingerprint -sha256} show it. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
