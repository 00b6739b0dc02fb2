package chatroom.tls;

import chatroom.files.Owner;
import chatroom.files.Why;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Certificates and private keys in PEM files, as openssl and certificate authorities
 * write them, read with Bouncy Castle's parser into the JDK's own key and certificate
 * objects, and written back the same way. Every failure is an IOException whose message names the file and says what
 * is wrong with it.
 */
final class PemFiles {
    private PemFiles() {}

    /** Every certificate in the file, in order (a server's own first, then its chain). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> found = new ArrayList<>();
        for (Object o : objects(file)) {
            if (!(o instanceof X509CertificateHolder holder)) continue;
            try {
                found.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new IOException(file + ": a certificate in it cannot be read: " + e.getMessage(), e);
            }
        }
        if (found.isEmpty()) throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return found;
    }

    /** The one private key in the file, unencrypted (PKCS #8, or the older RSA and EC forms). */
    static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : objects(file)) {
            try {
                switch (o) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(file);
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file);
                    default -> { } // EC parameters and the like, which openssl may write beside the key
                }
            } catch (org.bouncycastle.openssl.PEMException e) {
                throw new IOException(file + ": the key in it cannot be used: " + e.getMessage(), e);
            }
        }
        throw new IOException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static IOException encrypted(Path file) {
        return new IOException(file + " holds an encrypted key; the server needs it unencrypted"
                + " (openssl pkey -in " + file + " -out KEYFILE, then keep KEYFILE readable by the server alone)");
    }

    private static List<Object> objects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + " cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new IOException(file + " is not a PEM file that can be read: " + Why.of(e), e);
        } catch (IllegalArgumentException e) { // Bouncy Castle's word for a damaged block
            throw new IOException(file + " is not a PEM file that can be read: " + e.getMessage(), e);
        }
        return objects;
    }

    /** Writes the key as PKCS #8 PEM in a new file that is owner-only from its creation, never readable by others even for a moment. */
    static void writeKey(Path file, PrivateKey key) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not POSIX (Windows): Owner.only does what it can
        }
        Owner.only(file, false);
        write(file, new JcaPKCS8Generator(key, null), StandardOpenOption.WRITE);
    }

    /** Writes the certificate as PEM in a new file (certificates are public). */
    static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        write(file, certificate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static void write(Path file, Object pem, StandardOpenOption... how) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, how); JcaPEMWriter out = new JcaPEMWriter(writer)) {
            if (pem instanceof PemObjectGenerator generator) out.writeObject(generator);
            else out.writeObject(pem);
        }
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key: signs a few bytes and checks them. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) return true; // an unusual key type: the handshake will tell
        try {
            byte[] probe = "chatroom".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
