package chatroom.tcp;

import chatroom.chat.Event.Closing;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Ends a connection the server will not take (too many connections): one final error,
 * then close. The door is not known yet, so the error goes out as a plain line, unless
 * the client's first byte arrives within {@value #SNIFF_MILLIS} ms and is <code>{</code>:
 * then it is a JSON error frame with {@code "final":true}, which the Chatter can show.
 */
final class TurnAway implements Runnable {
    /** The Chatter sends its hello as soon as it connects; a person at nc says nothing this soon. */
    static final int SNIFF_MILLIS = 250;

    private final Socket socket;
    private final Closing refusal;
    private final JsonCodec json;
    private final PlainFormat plain;
    /** Null on the port that tells JSON from plain text; else what its clients read, without sniffing. */
    private final Dialect dialect;

    TurnAway(Socket socket, Closing refusal, JsonCodec json, PlainFormat plain, Dialect dialect) {
        this.dialect = dialect;
        this.socket = socket;
        this.refusal = refusal;
        this.json = json;
        this.plain = plain;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setSoTimeout(SNIFF_MILLIS);
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                first = -2;
            }
            if (first == -1) return; // gone already: nobody to tell
            String line = dialect != null ? dialect.finalLine(refusal)
                    : first == '{' ? json.encode(refusal) + "\n" : plain.render(refusal);
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            Linger.discardLateBytes(socket); // its unread hello must not turn the close into a reset
        } catch (IOException ignored) {
            // the peer went away: nothing more to do
        }
    }
}
