package chatroom.web;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * In front of everything the web port serves: answers only the host names this server
 * serves ({@link HostRule}), lets only allowed pages upgrade to the WebSocket
 * ({@link OriginRule}), turns away a connection over the connection limits at its first
 * request, and puts the page's security headers on every answer. Refusals are
 * {@link PlainAnswer}s that say which rule refused and which flag would allow it.
 */
final class WebGate extends Handler.Wrapper {
    /** Where a refusal is logged, within the log's limit on REJECT lines. */
    interface Rejects {
        void turnedAway(String address, ErrorCode code, String text);
    }

    private final HostRule hosts;
    private final OriginRule origins;
    private final WebConnector connector;
    private final Rejects rejects;
    /** The page's policy: with --web-peers it may also open their WebSockets. */
    private final String contentSecurityPolicy;

    WebGate(HostRule hosts, OriginRule origins, WebConnector connector, Rejects rejects, WebPeers peers) {
        this.contentSecurityPolicy = PlainAnswer.contentSecurityPolicy(peers.sockets());
        this.hosts = hosts;
        this.origins = origins;
        this.connector = connector;
        this.rejects = rejects;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!hosts.serves(host)) {
            String name = HostRule.name(host);
            PlainAnswer.send(response, callback, HttpStatus.MISDIRECTED_REQUEST_421, "this server does not serve the host " + name
                    + "; if that name is this server's (given by a proxy or DNS), start the server with --web-host " + name);
            return true;
        }
        if (request.getHeaders().contains(HttpHeader.SEC_WEBSOCKET_KEY)) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (!origins.allows(origin, host)) {
                PlainAnswer.send(response, callback, HttpStatus.FORBIDDEN_403, "this chat's WebSocket is for its own page; origin "
                        + origin + " is not allowed (--web-origin " + origin + " would allow it)");
                return true;
            }
            // one over the limits is upgraded and told in a final error frame, as the page understands
        } else {
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            Closing refusal = connector.refusal(remote);
            if (refusal != null) {
                rejects.turnedAway(address(remote), refusal.code(), refusal.text());
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                PlainAnswer.send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, refusal.code().wire() + ": " + refusal.text());
                return true;
            }
        }
        PlainAnswer.securityHeaders(response);
        response.getHeaders().put(PlainAnswer.CSP, contentSecurityPolicy);
        return super.handle(request, response, callback);
    }

    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress a) return a.getAddress().getHostAddress() + ":" + a.getPort();
        return String.valueOf(remote);
    }
}
