package chatroom.tls;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ModernTlsTest {
    @Test
    void keepsTls13AndForwardSecretAeadSuitesInTheJdksOrder() {
        assertThat(ModernTls.strong(new String[] {
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"}))
                .containsExactly("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void thisJdkLeavesSuitesForBothVersionsAndOnlyTls12And13AreOffered() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);

        assertThat(ModernTls.cipherSuites(context)).anyMatch(s -> s.startsWith("TLS_AES_"))
                .anyMatch(s -> s.startsWith("TLS_ECDHE_ECDSA_WITH_AES_") && s.contains("_GCM_"))
                .noneMatch(s -> s.contains("_CBC_") || s.startsWith("TLS_RSA_"));
        assertThat(ModernTls.parameters(context).getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }
}
