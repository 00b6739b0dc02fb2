package chatroom.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A key and a certificate that names itself as its issuer, for a server on a LAN that
 * has no certificate from an authority. The key is an ECDSA P-256 key made by the JDK;
 * the certificate is built by Bouncy Castle, for the host names and addresses given
 * (its subject alternative names, which clients check), for TLS servers only.
 */
final class SelfSigned {
    /** Letters, digits, hyphens and dots: a DNS name; anything an InetAddress literal parses is an address. */
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

    private SelfSigned() {}

    /** A fresh key and certificate for {@code hosts} (the first is its common name), valid from an hour ago for {@code valid}. */
    static KeyMaterial make(List<String> hosts, Duration valid, Instant now) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hosts.getFirst())
                    .addRDN(BCStyle.O, "chatroom (self-signed)").build();
            BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(valid)), subject, pair.getPublic());
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(hosts)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new KeyMaterial(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a key and certificate: " + e.getMessage(), e);
        }
    }

    /** Each host as a DNS name or an IP address; throws IllegalArgumentException for one that is neither. */
    static GeneralName[] names(List<String> hosts) {
        GeneralName[] names = new GeneralName[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i).strip();
            if (ADDRESS.matcher(h).matches()) {
                if (!IPAddress.isValid(h)) throw new IllegalArgumentException("--host " + h + " is not an IP address");
                names[i] = new GeneralName(GeneralName.iPAddress, h);
            } else if (DNS_NAME.matcher(h).matches()) {
                names[i] = new GeneralName(GeneralName.dNSName, h);
            } else {
                throw new IllegalArgumentException("--host takes host names (chat.lan) and IP addresses (192.168.1.20), not '" + h + "'");
            }
        }
        return names;
    }
}
