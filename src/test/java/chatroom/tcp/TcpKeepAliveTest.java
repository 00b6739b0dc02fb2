package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.chat.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5 "TCP keep-alive on the plain door": the server's timings reach the accepted
 * socket. (Waiting for real probes would take seconds at the least; the system's TCP
 * stack is trusted to send them.)
 */
class TcpKeepAliveTest {

    @Test
    void keepAliveIsOnWithTheConfiguredTimingsWhereTheSystemSupportsThem() throws IOException {
        Limits limits = Limits.DEFAULTS.withTcpKeepAlive(Duration.ofSeconds(45), Duration.ofSeconds(7), 4);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {

            Set<SocketOption<Integer>> set = TcpKeepAlive.apply(accepted, limits);

            assertThat(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assumeTrue(accepted.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE),
                    "this system has no TCP_KEEPIDLE; keep-alive runs with its own timings");
            assertThat(set).containsExactly(
                    ExtendedSocketOptions.TCP_KEEPIDLE, ExtendedSocketOptions.TCP_KEEPINTERVAL, ExtendedSocketOptions.TCP_KEEPCOUNT);
            assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(45);
            assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(7);
            assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
        }
    }

    @Test
    void theDefaultsAreAMinuteOfSilenceThenSixProbesTenSecondsApart() {
        assertThat(Limits.DEFAULTS.tcpKeepAliveIdle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(Limits.DEFAULTS.tcpKeepAliveInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Limits.DEFAULTS.tcpKeepAliveCount()).isEqualTo(6);
    }
}
