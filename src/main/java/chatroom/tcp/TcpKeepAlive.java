package chatroom.tcp;

import chatroom.chat.Limits;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.util.LinkedHashSet;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keep-alive with the server's timings (SPEC §5), so that a peer that vanished
 * without a word (a half-open socket: a laptop closed, a cable pulled) is found on the
 * plain door too, which has no pings of its own: after {@code --tcp-keepalive-idle} of
 * silence the system probes every {@code --tcp-keepalive-interval}, and after
 * {@code --tcp-keepalive-count} unanswered probes the read fails and the member leaves
 * "(connection lost)". Where the system does not offer a timing (they are
 * {@code jdk.net} extensions), its own default stays.
 */
final class TcpKeepAlive {
    private TcpKeepAlive() {}

    /** Switches keep-alive on and sets the timings the system supports; returns those set. */
    static Set<SocketOption<Integer>> apply(Socket socket, Limits limits) throws IOException {
        socket.setKeepAlive(true);
        Set<SocketOption<Integer>> set = new LinkedHashSet<>();
        trySet(socket, ExtendedSocketOptions.TCP_KEEPIDLE, (int) limits.tcpKeepAliveIdle().toSeconds(), set);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) limits.tcpKeepAliveInterval().toSeconds(), set);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, limits.tcpKeepAliveCount(), set);
        return set;
    }

    private static void trySet(Socket socket, SocketOption<Integer> option, int value, Set<SocketOption<Integer>> set)
            throws IOException {
        if (!socket.supportedOptions().contains(option)) return;
        try {
            socket.setOption(option, value);
            set.add(option);
        } catch (UnsupportedOperationException e) {
            // listed but refused by this system: its default stays
        }
    }
}
