package chatroom.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Talks to the server the way the assignment's client does: raw bytes, its name and each
 * message written without a newline, whatever arrives read as lines.
 */
public final class BareSocketClient implements AutoCloseable {
    private final String name;
    private final Socket socket;
    private final OutputStream out;
    private final LineQueue in;

    public BareSocketClient(String name, int port) throws IOException {
        this.name = name;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        this.socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new LineQueue(name + " socket", socket.getInputStream());
    }

    /** Writes {@code text} as it is: no newline. */
    public void sendWithoutNewline(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public Matcher awaitLine(String regex, Duration timeout) {
        return in.await(regex, timeout, () -> name + " connected to port " + socket.getPort());
    }

    /** True once the server has closed its side (we read end of input) within {@code timeout}. */
    public boolean awaitClosedByServer(Duration timeout) {
        return in.awaitEnd(timeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
