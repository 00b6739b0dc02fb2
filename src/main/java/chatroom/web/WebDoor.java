package chatroom.web;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.door.Admission;
import chatroom.door.JsonRequests;
import chatroom.door.ConnectionLife;
import chatroom.door.Goodbyes;
import chatroom.protocol.JsonCodec;
import chatroom.tls.ServerKeys;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The web door: the chat page and its assets from the jar, and at {@value #SOCKET_PATH}
 * a WebSocket that speaks the structured protocol, one JSON frame per text message, to
 * the same {@link Manager} as the TCP door. Jetty runs each socket's messages one at a
 * time on a virtual thread, as a TCP connection's reader does. With {@link ServerKeys} the
 * port serves HTTPS only, and the page opens its WebSocket over TLS (wss:).
 */
public final class WebDoor implements AutoCloseable {
    public static final String SOCKET_PATH = "/ws";
    /**
     * Jetty reads a message whole before we see it. Up to this many times
     * {@code --max-line-bytes} it is read and refused as {@code line-too-long} with the
     * socket kept, as the TCP door does; beyond, Jetty closes the socket (1009) rather than
     * hold more in memory.
     */
    private static final int READ_LIMIT_FACTOR = 4;

    private final Manager manager;
    private final Limits limits;
    private final JsonCodec codec;
    private final WebPolicy policy;
    /** Stands for the web's wire format in a broadcast's memo: JSON without the TCP door's newline. */
    private final Object frames = new Object();
    /** By the socket itself: Javalin's session id was never needed, and no HTTP session is kept to name one. */
    private final Map<Session, Link> links = new ConcurrentHashMap<>();
    private final Admission admission;
    /** Null for plain HTTP. */
    private final ServerKeys tls;
    private WebConnector connector;
    /** When each socket's name deadline, keep-alive ping or timeout is due; one daemon thread for them all. */
    private final ScheduledThreadPoolExecutor timer = timer();
    private Javalin app;

    /** One socket's life and what its frames mean. */
    private record Link(ConnectionLife life, JsonRequests requests) {}

    /** With the connection count it shares with the server's other doors: every connection to the web port counts. */
    public WebDoor(Manager manager, Limits limits, ZoneId zone, WebPolicy policy, Admission admission) {
        this(manager, limits, zone, policy, admission, null);
    }

    /** Serving HTTPS with {@code tls}'s certificate when it is not null. */
    public WebDoor(Manager manager, Limits limits, ZoneId zone, WebPolicy policy, Admission admission, ServerKeys tls) {
        this.tls = tls;
        this.manager = manager;
        this.limits = limits;
        this.codec = new JsonCodec(zone);
        this.policy = policy;
        this.admission = admission;
    }

    /** Binds and starts serving; returns the address actually bound (port 0 picks one). */
    public InetSocketAddress start(String host, int port) {
        long readLimit = (long) limits.maxLineBytes() * READ_LIMIT_FACTOR;
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            // Javalin's own handler reads the page through the class loader: Jetty's (the default)
            // keeps the jar's zip indexes in the heap for as long as the server runs
            // (docs/PERFORMANCE.md, "The web door's page held 15 MB").
            config.resourceHandler(new JavalinStaticResourceHandler());
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            // Javalin attaches its handlers before it asks for connectors: the gate, which
            // needs the connector's count, goes in front of them here.
            config.jetty.addConnector((server, http) -> {
                connector = new WebConnector(server, http, admission, host, port, policy.httpIdle(), tls);
                server.insertHandler(new WebGate(policy.hosts().servingAt(host), policy.origins(), connector, manager::turnedAway, policy.peers()));
                server.setErrorHandler(new PlainErrors());
                return connector;
            });
            // Javalin's own answers (404 and the like) quote the request and follow Accept into HTML or JSON.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .contentType(PlainAnswer.TEXT).result(PlainAnswer.body(e.getStatus(), null)));
            config.jetty.modifyServletContextHandler(context -> {
                context.setSessionHandler(sessionless());
                context.setErrorHandler(new PlainErrors());
            });
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(readLimit);
                factory.setMaxBinaryMessageSize(limits.maxLineBytes());
                // Only a backstop, for a peer that does not even take the close: the life's
                // name deadline and keep-alive give up on a silent socket well before this.
                factory.setIdleTimeout(limits.timeoutAfter().multipliedBy(2).plus(limits.nameTimeout()));
            });
            // Read by the page on loading, so that it knows where else to reconnect (a cluster's other servers).
            String peers = policy.peers().json();
            config.routes.get(WebPeers.PATH, ctx -> ctx.header("Cache-Control", "no-store").contentType("application/json").result(peers));
            config.routes.ws(SOCKET_PATH, ws -> {
                ws.onConnect(this::opened);
                ws.onMessage(ctx -> frame(ctx, ctx.message()));
                ws.onBinaryMessage(ctx -> frame(ctx, null));
                ws.onClose(this::closed);
                ws.onError(ctx -> { }); // a close always follows, and cleans up
            });
        });
        app.start(); // on the connector above
        return new InetSocketAddress(host, app.port());
    }

    /**
     * The chat keeps no HTTP session, but Javalin asks the servlet request for one on every
     * WebSocket upgrade (to copy its attributes) and fails without a session manager. So
     * the session it gets is never kept (no cache, no store), never named to the browser
     * (no cookie), and would expire at once if it were: each upgrade used to leave a
     * session in the heap for as long as the server ran.
     */
    private static SessionHandler sessionless() {
        SessionHandler sessions = new SessionHandler();
        NullSessionCache none = new NullSessionCache(sessions);
        none.setSessionDataStore(new NullSessionDataStore());
        sessions.setSessionCache(none);
        sessions.setUsingCookies(false);
        sessions.setUsingUriParameters(false);
        sessions.setMaxInactiveInterval(1);
        return sessions;
    }

    private void opened(WsContext ctx) {
        Session socket = ctx.session;
        String address = address(ctx);
        // Overflow happens on the thread sending a room's events: the socket is cut from another thread.
        // The outbox is attached at once, so there is never a final error to write without it.
        ConnectionLife life = new ConnectionLife(manager, limits, address,
                () -> Thread.ofVirtual().name("web-drop-" + address).start(socket::disconnect), closing -> { });
        life.attach(new WebSocketSink(socket),
                outgoing -> outgoing.encoded(frames, event -> codec.encode(event).getBytes(StandardCharsets.UTF_8)),
                () -> socket.close(StatusCode.NORMAL, "bye", Callback.NOOP), "web-send-");
        links.put(socket, new Link(life, new JsonRequests(life, codec)));
        // Counted as its connection was accepted; one over a limit is told now, in the frame the page reads.
        Closing refusal = connector.refusal(socket.getRemoteSocketAddress());
        // An address a moderator banned is told so as it opens the socket, before it can say who it is, as at the TCP door.
        if (refusal == null && socket.getRemoteSocketAddress() instanceof InetSocketAddress from) {
            refusal = manager.bannedAddress(from.getAddress().getHostAddress());
        }
        if (refusal != null) {
            life.turnedAway(refusal);
            return;
        }
        life.connected();
        life.pingWhenQuiet();
        life.keepTime(timer);
    }

    /** A text frame, or null for a binary one, which the protocol does not use. */
    private void frame(WsContext ctx, String text) {
        Link link = links.get(ctx.session);
        if (link == null || link.life().over()) return;
        link.life().heard(); // any frame counts as life, even one refused below
        if (text == null) {
            link.life().refuse(ErrorCode.BAD_FRAME, "frames are text messages, not binary", null);
            return;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxLineBytes()) {
            link.life().tooLong("frame", bytes);
            return;
        }
        link.requests().onFrame(text);
    }

    /** Jetty tells of a close once the socket's messages are done: the life ends here, whatever ended it. */
    private void closed(WsContext ctx) {
        Link link = links.remove(ctx.session);
        if (link != null) link.life().end();
    }

    private static String address(WsContext ctx) {
        return WebGate.address(ctx.session.getRemoteSocketAddress());
    }

    /**
     * Says goodbye to those who have not joined (members were told by {@link Manager#shutdown}),
     * lets the writers send it, and stops serving.
     */
    @Override
    public void close() {
        if (app == null) return;
        List<Link> open = List.copyOf(links.values());
        for (Link link : open) link.life().sayGoodbye();
        Goodbyes.await(open, (link, millis) -> link.life().session().awaitSent(millis));
        app.stop();
        timer.shutdownNow();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("web-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a socket that ends takes its next check with it
        return timer;
    }
}
