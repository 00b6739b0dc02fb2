package chatroom.tcp;

import chatroom.chat.Event.Closing;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.door.Admission;
import chatroom.door.Goodbyes;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import chatroom.tls.ServerKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLSocket;

/**
 * The TCP door: accepts connections and gives each its own virtual thread. With
 * {@link ServerKeys} it is the TLS port: each connection's thread first completes a
 * handshake (within {@code --name-timeout}), and the doors then read and write through it
 * as they would a clear socket.
 */
public final class TcpServer implements AutoCloseable {
    /**
     * Connections being turned away at once, each on a virtual thread for about a second;
     * beyond this (a flood) they are closed without a word, so refusing costs little.
     */
    private static final int TURNING_AWAY_AT_MOST = 1_000;
    /** A connection over a limit on the TLS port gets this long for the handshake its refusal needs. */
    private static final int TURN_AWAY_HANDSHAKE_MILLIS = 2_000;

    private final Manager manager;
    private final Limits limits;
    private final JsonCodec json;
    private final PlainFormat plain;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Admission admission;
    private final Semaphore turningAway = new Semaphore(TURNING_AWAY_AT_MOST);
    /** Null on the clear port. */
    private final ServerKeys tls;
    /** Null on the port that tells JSON from plain text by the first byte. */
    private final Dialect dialect;
    /** Accepted sockets whose TLS handshake is under way: not connections yet, but closed when the server stops. */
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    /** Where the clear port's quiet members wait for bytes; TLS readers keep their threads. */
    private IdleReaders idle;
    private Thread acceptor;

    public TcpServer(Manager manager, Limits limits, ZoneId zone) {
        this(manager, limits, zone, new Admission(limits.maxConnections(), limits.maxPerAddress()));
    }

    /** With the connection count it shares with the server's other doors. */
    public TcpServer(Manager manager, Limits limits, ZoneId zone, Admission admission) {
        this(manager, limits, zone, admission, null);
    }

    /** The TLS port when {@code tls} is not null: every connection speaks TLS with that certificate. */
    public TcpServer(Manager manager, Limits limits, ZoneId zone, Admission admission, ServerKeys tls) {
        this(manager, limits, zone, admission, tls, null);
    }

    /**
     * A port speaking {@code dialect} (the IRC port) from the first line, TLS when {@code tls}
     * is not null; {@code dialect} null is the JSON and plain port.
     */
    public TcpServer(Manager manager, Limits limits, ZoneId zone, Admission admission, ServerKeys tls, Dialect dialect) {
        this.tls = tls;
        this.dialect = dialect;
        this.manager = manager;
        this.limits = limits;
        this.json = new JsonCodec(zone);
        this.plain = new PlainFormat(zone);
        this.admission = admission;
    }

    /** Binds and starts accepting; returns the address actually bound (port 0 picks one). */
    public InetSocketAddress start(String host, int port) throws IOException {
        // A channel's socket, so that a quiet connection can wait on the idle readers' selector.
        listener = ServerSocketChannel.open().socket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        if (tls == null) idle = new IdleReaders();
        acceptor = Thread.ofPlatform().name("accept").daemon().start(this::accept);
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) return;
                continue; // a failed accept (out of files, reset) must not end the server
            }
            InetAddress from = socket.getInetAddress();
            Closing refusal = manager.bannedAddress(from.getHostAddress());
            if (refusal != null) {
                turnAway(socket, refusal);
                continue;
            }
            refusal = admission.admit(from);
            if (refusal != null) {
                turnAway(socket, refusal);
                continue;
            }
            if (tls == null) {
                begin(socket, from).run();
            } else {
                handshaking.add(socket);
                Thread.ofVirtual().name("tls-" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort()).start(() -> {
                    Socket secured = handshake(socket, (int) limits.nameTimeout().toMillis());
                    if (secured == null) admission.release(from);
                    else begin(secured, from).run();
                });
            }
        }
    }

    /** The connection's life, on a new virtual thread once started; from here on it is counted among the connections. */
    private Runnable begin(Socket socket, InetAddress from) {
        Connection connection = new Connection(socket, manager, limits, json, plain, dialect, idle, ended -> {
            connections.remove(ended);
            admission.release(from);
        });
        connections.add(connection);
        return () -> Thread.ofVirtual().name(connection.readerName()).start(connection);
    }

    /**
     * The accepted socket wrapped in TLS with the handshake done, or null (and the socket
     * closed) when it failed or took longer than {@code millis}: a client that speaks no
     * TLS, an old version (1.0, 1.1), no cipher suite in common, or nobody there.
     */
    private Socket handshake(Socket accepted, int millis) {
        try {
            accepted.setSoTimeout(millis);
            SSLSocket secured = tls.serverSide(accepted);
            secured.startHandshake();
            accepted.setSoTimeout(0);
            return secured;
        } catch (IOException e) {
            try {
                accepted.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return null;
        } finally {
            handshaking.remove(accepted);
        }
    }

    /** Quiet connections waiting on the shared selector, with no reader thread of their own. */
    public int parkedReaders() {
        return idle == null ? 0 : idle.parked();
    }

    /** Connections open now, joined or not (those being turned away do not count). */
    public int connectionCount() {
        return admission.open();
    }

    private void turnAway(Socket socket, Closing refusal) {
        String address = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        manager.turnedAway(address, refusal.code(), refusal.text());
        if (!turningAway.tryAcquire()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return;
        }
        Thread.ofVirtual().name("turn-away-" + address).start(() -> {
            try {
                // On the TLS port the refusal, too, can only be read through TLS.
                Socket speaking = tls == null ? socket : handshake(socket, TURN_AWAY_HANDSHAKE_MILLIS);
                if (speaking != null) new TurnAway(speaking, refusal, json, plain, dialect).run();
            } finally {
                turningAway.release();
            }
        });
    }

    /** Stops accepting, says goodbye to everyone, and closes every connection. */
    @Override
    public void close() {
        try {
            if (listener != null) listener.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        manager.shutdown();
        for (Socket s : handshaking) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Connection c : connections) c.closeUnjoined();
        Goodbyes.await(Set.copyOf(connections), Connection::awaitEnd);
        for (Connection c : connections) c.abort();
        if (idle != null) idle.close();
    }
}
