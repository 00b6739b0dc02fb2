package chatroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a bare socket, for what java.net.http will not send or hides: any Host
 * header, a WebSocket upgrade whose 101 we read ourselves, a connection held idle.
 */
public final class RawHttp implements AutoCloseable {
    /** A WebSocket upgrade's key; any 16 bytes in base64 will do. */
    public static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;

    public RawHttp(InetSocketAddress server) {
        try {
            socket = new Socket(server.getAddress(), server.getPort());
            socket.setSoTimeout((int) LineClient.WAIT.toMillis());
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One answer: its status line's code, its headers (names lower case, values in order) and its body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public boolean has(String name) {
            return headers.containsKey(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A GET of {@code path} with these header lines ({@code "Host: x"}), answered. */
    public static Response get(InetSocketAddress server, String path, String... headerLines) {
        try (RawHttp http = new RawHttp(server)) {
            http.send("GET", path, headerLines);
            return http.read();
        }
    }

    /** A WebSocket upgrade of {@code path} with these extra header lines; the answer's head (and body, if refused). */
    public static Response upgrade(InetSocketAddress server, String path, String... headerLines) {
        List<String> lines = new ArrayList<>(List.of("Connection: Upgrade", "Upgrade: websocket",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + WS_KEY));
        lines.addAll(List.of(headerLines));
        try (RawHttp http = new RawHttp(server)) {
            http.send("GET", path, lines.toArray(String[]::new));
            return http.read();
        }
    }

    /** Sends a request; a Host line is added unless one is given. */
    public void send(String method, String path, String... headerLines) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String line : headerLines) {
            hasHost |= line.regionMatches(true, 0, "Host:", 0, 5);
            request.append(line).append("\r\n");
        }
        if (!hasHost) request.append("Host: 127.0.0.1:").append(socket.getPort()).append("\r\n");
        request.append("\r\n");
        try {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer: the head, then a body of Content-Length bytes (none for a 101). */
    public Response read() {
        try {
            String head = readHead();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            int length = status == 101 ? 0 : Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).get(0));
            return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("the server closed the connection after " + head.size() + " bytes: " + head);
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    /** True once the server has closed the connection (end of input or a reset) within the socket's timeout. */
    public boolean awaitClosedByServer() {
        try {
            while (in.read() >= 0) {
                // an answer we did not ask to read
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
