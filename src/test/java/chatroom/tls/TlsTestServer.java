package chatroom.tls;

import chatroom.chat.Limits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A {@link TestServer} with a TLS port beside its clear one, on a self-signed certificate for 127.0.0.1 made for the test. */
public final class TlsTestServer implements AutoCloseable {
    public final TestServer server;
    public final TestKeys keys;
    public final ServerKeys serverKeys;
    public final InetSocketAddress tlsPort;

    private TlsTestServer(TestServer server, TestKeys keys, ServerKeys serverKeys, InetSocketAddress tlsPort) {
        this.server = server;
        this.keys = keys;
        this.serverKeys = serverKeys;
        this.tlsPort = tlsPort;
    }

    /** Data in {@code dir/data}, the certificate and key in {@code dir/tls}. */
    public static TlsTestServer start(Path dir) throws IOException {
        TestServer server = TestServer.start(dir.resolve("data"));
        TestKeys keys = TestKeys.write(dir.resolve("tls"), "127.0.0.1");
        ServerKeys serverKeys = keys.serverKeys();
        return new TlsTestServer(server, keys, serverKeys, server.startTls(serverKeys, Limits.DEFAULTS));
    }

    @Override
    public void close() {
        serverKeys.close();
        server.close();
    }
}
