package chatroom.testing;

import chatroom.door.Admission;
import chatroom.chat.Limits;
import chatroom.chat.RoomLimits;
import chatroom.tcp.TcpServer;
import chatroom.tls.ServerKeys;
import chatroom.web.OriginRule;
import chatroom.web.WebDoor;
import chatroom.web.WebPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A real server with both doors, TCP and web, wired as {@code chatroom server} wires
 * them, on 127.0.0.1. Port 0 picks free ports; a test that restarts the server passes the
 * ports the first one got, so the page reconnects to the same address.
 */
public final class WebTestServer implements AutoCloseable {
    private final ServerCore core;
    private final TcpServer tcp;
    private final WebDoor web;
    private final Admission admission;
    private final InetSocketAddress tcpAddress;
    private final int webPort;
    private InetSocketAddress webAddress;
    /** Null for plain HTTP. */
    private final ServerKeys tls;
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private boolean stopped;

    private WebTestServer(Path dataDir, Limits limits, int tcpPort, int webPort, WebPolicy policy, boolean webNow) throws IOException {
        this(dataDir, limits, tcpPort, webPort, policy, webNow, null);
    }

    private WebTestServer(Path dataDir, Limits limits, int tcpPort, int webPort, WebPolicy policy, boolean webNow, ServerKeys tls)
            throws IOException {
        this.tls = tls;
        this.core = new ServerCore(dataDir, limits, Clock.system(TestServer.ZONE), UnaryOperator.identity(),
                RoomLimits.DEFAULTS);
        this.admission = new Admission(limits.maxConnections(), limits.maxPerAddress()); // one count, as in chatroom server
        this.tcp = new TcpServer(core.manager, limits, TestServer.ZONE, admission);
        this.web = new WebDoor(core.manager, limits, TestServer.ZONE, policy, admission, tls);
        this.tcpAddress = tcp.start("127.0.0.1", tcpPort);
        this.webPort = webPort;
        if (webNow) startWeb();
    }

    /**
     * The TCP door only, the web door when {@link #startWeb()} is called: terminal users
     * can be in and speaking while a page waiting to reconnect still finds nothing.
     */
    public static WebTestServer startTcpFirst(Path dataDir, Limits limits, int tcpPort, int webPort) throws IOException {
        return new WebTestServer(dataDir, limits, tcpPort, webPort, WebPolicy.defaults().withOrigins(OriginRule.sameOrigin()), false);
    }

    /** Opens the web door (once). */
    public synchronized WebTestServer startWeb() {
        if (webAddress == null) webAddress = web.start("127.0.0.1", webPort);
        return this;
    }

    /** The web port serving HTTPS (and wss:) with {@code tls}'s certificate, as --tls-cert does. */
    public static WebTestServer startTls(Path dataDir, ServerKeys tls) throws IOException {
        return new WebTestServer(dataDir, Limits.DEFAULTS, 0, 0, WebPolicy.defaults().withOrigins(OriginRule.sameOrigin()), true, tls);
    }

    public static WebTestServer start(Path dataDir) throws IOException {
        return start(dataDir, Limits.DEFAULTS, 0, 0, OriginRule.sameOrigin());
    }

    public static WebTestServer start(Path dataDir, Limits limits, int tcpPort, int webPort, OriginRule origins) throws IOException {
        return start(dataDir, limits, tcpPort, webPort, WebPolicy.defaults().withOrigins(origins));
    }

    public static WebTestServer start(Path dataDir, Limits limits, int tcpPort, int webPort, WebPolicy policy) throws IOException {
        return new WebTestServer(dataDir, limits, tcpPort, webPort, policy, true);
    }

    /** The accounts in the server's data directory, as the server reads them. */
    public chatroom.chat.Accounts accounts() {
        return core.accounts;
    }

    /** The TCP door, for terminal clients. */
    public InetSocketAddress tcp() {
        return tcpAddress;
    }

    public InetSocketAddress webAddress() {
        return webAddress;
    }

    /** Connections counted against the limits now, TCP and web together. */
    public int openConnections() {
        return admission.open();
    }

    /** The chat page. */
    public String page() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + webAddress.getPort() + "/";
    }

    /** The page's WebSocket. */
    public URI socket() {
        return URI.create((tls == null ? "ws" : "wss") + "://127.0.0.1:" + webAddress.getPort() + WebDoor.SOCKET_PATH);
    }

    /** Someone at the plain door, as the Chatter prints when not at a terminal; closed with the server. */
    public PlainClient plain(String name) {
        PlainClient c = PlainClient.join(tcpAddress, name);
        clients.add(c);
        return c;
    }

    /** A JSON client on the TCP port that has not said hello yet (a registered name signs in with its password). */
    public JsonClient jsonConnected(String label) {
        JsonClient c = JsonClient.connect(tcpAddress, label);
        clients.add(c);
        return c;
    }

    public JsonClient json(String name) {
        JsonClient c = JsonClient.join(tcpAddress, name);
        clients.add(c);
        return c;
    }

    private TcpServer irc;

    /** An IRC client on an IRC door opened beside the others (as --irc-port does, counted with them), registered as {@code nick}. */
    public synchronized IrcTestClient irc(String nick) {
        try {
            if (irc == null) {
                irc = new TcpServer(core.manager, core.manager.limits(), TestServer.ZONE, admission, null,
                        new chatroom.irc.IrcDialect(core.manager.limits(), core.manager.roomLimits().maxRoomsPerPerson(), TestServer.ZONE, "test"));
                ircAddress = irc.start("127.0.0.1", 0);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        IrcTestClient c = IrcTestClient.register(ircAddress, nick);
        clients.add(c);
        return c;
    }

    private InetSocketAddress ircAddress;

    /** Stops as SIGTERM does: everyone is told, the doors close, then the store and the log. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        if (irc != null) irc.close();
        tcp.close();
        web.close();
        core.close();
    }

    @Override
    public void close() {
        for (LineClient c : clients) c.close();
        stop();
    }
}
