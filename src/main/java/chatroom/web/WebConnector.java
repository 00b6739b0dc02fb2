package chatroom.web;

import chatroom.chat.Event.Closing;
import chatroom.door.Admission;
import chatroom.tls.ServerKeys;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The web port's listener, counting each TCP connection in the server's {@link Admission}
 * from accept to close, whatever it carries: a page request, a WebSocket, or nothing at
 * all. Counting only WebSockets let anyone hold thousands of idle HTTP connections past
 * {@code --max-connections}. A connection over a limit is not cut at once: its first
 * request is answered with the reason ({@link WebGate}), a WebSocket's by the final error
 * frame, as on TCP. With {@link ServerKeys} every connection speaks TLS first (HTTPS, and
 * wss: for the WebSocket), counted from accept as a clear one is.
 */
final class WebConnector extends ServerConnector {
    /** As the TCP door: beyond this many connections being turned away at once, the rest are closed without a word. */
    private static final int TURNING_AWAY_AT_MOST = 1_000;
    /** A connection over a limit waits this long for the request it is answered on; uncounted, it must not wait as long as one let in. */
    private static final long TURNED_AWAY_IDLE_MILLIS = 1_000;

    private final Admission admission;
    /** The remote address each was admitted for: a closed socket no longer tells it. */
    private final Map<EndPoint, InetSocketAddress> admitted = new ConcurrentHashMap<>();
    private final Map<EndPoint, InetSocketAddress> refused = new ConcurrentHashMap<>();
    /** By remote address and port, which a WebSocket's session knows too. */
    private final Map<SocketAddress, Closing> turnedAway = new ConcurrentHashMap<>();

    /** {@code idle}: how long an HTTP connection may sit unused; a WebSocket sets its own ({@code --timeout-after}) once upgraded. */
    WebConnector(Server server, HttpConfiguration http, Admission admission, String host, int port, Duration idle, ServerKeys tls) {
        super(server, factories(http, tls));
        this.admission = admission;
        setHost(host);
        setPort(port);
        setIdleTimeout(idle.toMillis());
    }

    /** HTTP, or HTTP inside TLS with the server's certificate, its TLS versions and cipher suites. */
    private static ConnectionFactory[] factories(HttpConfiguration http, ServerKeys tls) {
        if (tls == null) return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.context()); // its key manager serves a reloaded certificate from the next handshake on
        ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        ssl.setIncludeCipherSuites(tls.cipherSuites().toArray(String[]::new));
        // The certificate is chosen by the context, not by Jetty, which so cannot match it to the SNI name; the
        // browser checks the name itself.
        ssl.setSniRequired(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        HttpConnectionFactory inner = new HttpConnectionFactory(http);
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, inner.getProtocol()), inner};
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        super.onEndPointOpened(endPoint);
        if (!(endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote)) return;
        Closing refusal = admission.admit(remote.getAddress());
        if (refusal == null) {
            admitted.put(endPoint, remote);
        } else if (turnedAway.size() < TURNING_AWAY_AT_MOST) {
            refused.put(endPoint, remote);
            turnedAway.put(remote, refusal);
            endPoint.setIdleTimeout(Math.min(TURNED_AWAY_IDLE_MILLIS, getIdleTimeout()));
        } else {
            endPoint.close();
        }
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
        InetSocketAddress wasAdmitted = admitted.remove(endPoint);
        if (wasAdmitted != null) admission.release(wasAdmitted.getAddress());
        InetSocketAddress wasRefused = refused.remove(endPoint);
        if (wasRefused != null) turnedAway.remove(wasRefused);
        super.onEndPointClosed(endPoint);
    }

    /** The final error of a connection from {@code remote} that is over a limit; null if it was admitted. */
    Closing refusal(SocketAddress remote) {
        return remote == null ? null : turnedAway.get(remote);
    }
}
