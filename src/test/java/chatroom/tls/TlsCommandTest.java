package chatroom.tls;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatroom tls self-signed}: a key for the server alone and a certificate for the names given. */
class TlsCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAnOwnerOnlyKeyAndACertificateForTheNamesGiven() throws Exception {
        Path out = dir.resolve("tls");

        assertThat(Main.run("tls", "self-signed", "--host", "chat.lan,192.168.1.20", "--out", out.toString())).isZero();

        Path key = out.resolve("chatroom-key.pem");
        Path cert = out.resolve("chatroom-cert.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate certificate = PemFiles.certificates(cert).getFirst();
        assertThat(certificate.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly((Object) "chat.lan", "192.168.1.20");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // TLS server
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey()); // self-signed
        ServerKeys.load(cert, key).close(); // the pair goes together
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws IOException {
        assertThat(Main.run("tls", "self-signed", "--host", "chat.lan", "--out", dir.toString())).isZero();
        String first = Files.readString(dir.resolve("chatroom-key.pem"));

        assertThat(Main.run("tls", "self-signed", "--host", "chat.lan", "--out", dir.toString())).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("chatroom-key.pem"))).isEqualTo(first);

        assertThat(Main.run("tls", "self-signed", "--host", "chat.lan", "--out", dir.toString(), "--force")).isZero();
        assertThat(Files.readString(dir.resolve("chatroom-key.pem"))).isNotEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("chatroom-key.pem")))).isEqualTo("rw-------");
    }

    @Test
    void aNameThatIsNeitherAHostNorAnAddressIsAUsageError() {
        for (String bad : List.of("chat lan", "300.1.2.3", "-x.lan")) {
            assertThat(Main.run("tls", "self-signed", "--host", bad, "--out", dir.toString())).as(bad).isEqualTo(2);
        }
        assertThat(Main.run("tls", "self-signed", "--out", dir.toString())).isEqualTo(2); // --host is required
        assertThat(dir.resolve("chatroom-key.pem")).doesNotExist();
    }
}
