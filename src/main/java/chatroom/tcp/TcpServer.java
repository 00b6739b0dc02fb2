package chatroom.tcp;

import chatroom.chat.Event.Closing;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.door.Admission;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** The TCP door: accepts connections and gives each its own virtual thread. */
public final class TcpServer implements AutoCloseable {
    /** How long a stopping server waits for goodbyes to be sent before cutting connections. */
    private static final long GOODBYE_MILLIS = 3_000;
    /**
     * Connections being turned away at once, each on a virtual thread for about a second;
     * beyond this (a flood) they are closed without a word, so refusing costs little.
     */
    private static final int TURNING_AWAY_AT_MOST = 1_000;

    private final Manager manager;
    private final Limits limits;
    private final JsonCodec json;
    private final PlainFormat plain;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Admission admission;
    private final Semaphore turningAway = new Semaphore(TURNING_AWAY_AT_MOST);
    private ServerSocket listener;
    private Thread acceptor;

    public TcpServer(Manager manager, Limits limits, ZoneId zone) {
        this(manager, limits, zone, new Admission(limits.maxConnections(), limits.maxPerAddress()));
    }

    /** With the connection count it shares with the server's other doors. */
    public TcpServer(Manager manager, Limits limits, ZoneId zone, Admission admission) {
        this.manager = manager;
        this.limits = limits;
        this.json = new JsonCodec(zone);
        this.plain = new PlainFormat(zone);
        this.admission = admission;
    }

    /** Binds and starts accepting; returns the address actually bound (port 0 picks one). */
    public InetSocketAddress start(String host, int port) throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
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
            Connection connection = new Connection(socket, manager, limits, json, plain, ended -> {
                connections.remove(ended);
                admission.release(from);
            });
            connections.add(connection);
            Thread.ofVirtual().name("conn-" + connection.address()).start(connection);
        }
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
                new TurnAway(socket, refusal, json, plain).run();
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
        for (Connection c : connections) c.closeUnjoined();
        long deadline = System.nanoTime() + GOODBYE_MILLIS * 1_000_000L;
        for (Connection c : Set.copyOf(connections)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                if (left > 0) c.awaitEnd(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection c : connections) c.abort();
    }
}
