package chatroom.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * After a connection's last words and the half-close: read on for a second and discard
 * what comes, so the peer gets those words, not a reset for bytes it sent meanwhile.
 */
final class Linger {
    static final int MILLIS = 1_000;

    private Linger() {}

    static void discardLateBytes(Socket socket) throws IOException {
        socket.setSoTimeout(MILLIS);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        long deadline = System.nanoTime() + MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline && in.read(sink) >= 0) {
            // discard
        }
    }
}
