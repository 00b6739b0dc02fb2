package chatroom.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading --tls-cert and --tls-key: what a person gave is checked, and what is wrong is said in one line. */
class ServerKeysTest {
    @TempDir
    Path dir;

    @Test
    void aPairWrittenBySelfSignedIsReadAndDescribed() throws IOException {
        TestKeys keys = TestKeys.write(dir, "chat.lan", "192.168.1.20");

        try (ServerKeys read = ServerKeys.load(keys.certFile, keys.keyFile)) {
            assertThat(read.describe()).startsWith("O=chatroom (self-signed),CN=chat.lan, valid until ")
                    .endsWith("SHA-256 " + keys.fingerprint());
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
        TestKeys one = TestKeys.write(dir.resolve("one"), "chat.lan");
        TestKeys other = TestKeys.write(dir.resolve("other"), "chat.lan");

        assertThatThrownBy(() -> ServerKeys.load(one.certFile, other.keyFile)).isInstanceOf(IOException.class)
                .hasMessage("the key in " + other.keyFile + " is not the key of the certificate in " + one.certFile
                        + " (the first certificate there must be the server's own)");
    }

    @Test
    void filesSwappedOrMissingAreNamed() throws IOException {
        TestKeys keys = TestKeys.write(dir, "chat.lan");

        assertThatThrownBy(() -> ServerKeys.load(keys.keyFile, keys.certFile))
                .hasMessage(keys.keyFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> ServerKeys.load(keys.certFile, missing)).hasMessage(missing + " does not exist");
    }

    @Test
    void anEncryptedKeySaysHowToUseIt() throws IOException {
        TestKeys keys = TestKeys.write(dir, "chat.lan");
        Path encrypted = dir.resolve("enc.pem");
        try (java.io.Writer w = Files.newBufferedWriter(encrypted); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            // What openssl genpkey -aes256 writes: PKCS #8, encrypted with a password.
            pem.writeObject(new JcaPKCS8Generator(PemFiles.privateKey(keys.keyFile),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new AssertionError(e);
        }

        assertThatThrownBy(() -> ServerKeys.load(keys.certFile, encrypted))
                .hasMessageStartingWith(encrypted + " holds an encrypted key; the server needs it unencrypted (openssl pkey -in ");
    }

    @Test
    void aReloadBetweenChoosingAnAliasAndTakingItsKeyNeverPairsOneCertificateWithAnotherKey() throws IOException {
        TestKeys first = TestKeys.write(dir, "chat.lan");
        try (ServerKeys served = ServerKeys.load(first.certFile, first.keyFile)) {
            javax.net.ssl.X509ExtendedKeyManager keys = served.keyManager();
            String chosen = keys.chooseServerAlias("EC", null, null);
            TestKeys renewed = TestKeys.write(dir, "chat.lan");
            served.reload();

            // The handshake that chose before the reload finishes with the first pair, whole.
            assertThat(keys.getCertificateChain(chosen)[0]).isEqualTo(first.certificate);
            assertThat(PemFiles.matches(keys.getPrivateKey(chosen), first.certificate)).isTrue();
            String next = keys.chooseServerAlias("EC", null, null);
            assertThat(keys.getCertificateChain(next)[0]).isEqualTo(renewed.certificate);
            assertThat(PemFiles.matches(keys.getPrivateKey(next), renewed.certificate)).isTrue();
        }
    }
}
