package chatroom.tcp;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Ping;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.door.Outbox;
import chatroom.door.OutboxSession;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.LineReader;
import chatroom.protocol.LineReader.Result;
import chatroom.protocol.PlainFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One TCP connection from accept to close, on a virtual thread of its own (a fresh one
 * once its person has joined, see {@link #carryOn()}): tells the doors apart by the first
 * byte, reads lines, and in one {@link #end()} always leaves the room, frees the name and
 * closes the socket.
 */
final class Connection implements Runnable {
    /** A structured client speaks at once; silence this long means a person at nc or telnet. */
    static final int PROMPT_AFTER_MILLIS = 500;
    /** How long to wait for the writer to send the last lines before closing anyway. */
    private static final long DRAIN_MILLIS = 5_000;
    /** After saying goodbye, how long to read on so the peer gets our last lines, not a reset. */
    private static final int LINGER_MILLIS = 1_000;

    private final Socket socket;
    private final Manager manager;
    private final Limits limits;
    private final JsonCodec json;
    private final PlainFormat plain;
    private final OutboxSession session;
    private final ReentrantLock beforeDoor = new ReentrantLock();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Consumer<Connection> onEnd;
    // Set by run() before serve(); the thread carrying on sees them (Thread.start orders them).
    private long nameDeadline;
    private Door door;
    private Outbox outbox;
    private LineReader lines;
    private KeepAlive keepAlive;
    /** Read by the writer's thread when the connection breaks, hence volatile. */
    private volatile Member member;
    /** The peer has gone (a write failed, or it fell too far behind): lines still buffered are not handled. */
    private volatile boolean lost;
    private String endedBecause = "connection lost";

    /** @param onEnd run once the connection has ended, on the thread it ended on */
    Connection(Socket socket, Manager manager, Limits limits, JsonCodec json, PlainFormat plain, Consumer<Connection> onEnd) {
        this.onEnd = onEnd;
        this.socket = socket;
        this.manager = manager;
        this.limits = limits;
        this.json = json;
        this.plain = plain;
        this.session = new OutboxSession(socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
    }

    String address() {
        return session.address();
    }

    /** Ends the connection now (server stop, after the polite goodbye had its chance). */
    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * The peer cannot be written to any more (a write failed, or it fell too far behind):
     * closes the socket, and drops what the reader is waiting for from the store, so the
     * member leaves at once instead of after work nobody will see. Must not block: it runs
     * where the queue overflowed, perhaps under a room's lock.
     */
    private void lost() {
        lost = true;
        abort();
        Member m = member;
        if (m != null) manager.gone(m);
    }

    /** Tells the peer we have said everything (it sees end of input) while still reading. */
    private void halfClose() {
        try {
            if (!socket.isClosed() && !socket.isOutputShutdown()) socket.shutdownOutput();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Ends a connection that has not joined yet, with a goodbye line, when the server stops. */
    void closeUnjoined() {
        if (session.closing()) return;
        Closing goodbye = new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down");
        if (session.attached()) {
            session.deliver(goodbye);
            session.close();
            return;
        }
        // Nothing sent yet, so no door and no writer: whoever is there reads plain text.
        writeBeforeDoor(plain.render(goodbye));
        session.close();
        abort();
    }

    /** Writes before the door is known (prompt, goodbye); the lock keeps the two whole. */
    private void writeBeforeDoor(String line) {
        beforeDoor.lock();
        try {
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // already gone
        } finally {
            beforeDoor.unlock();
        }
    }

    @Override
    public void run() {
        boolean handedOn = false;
        try {
            socket.setTcpNoDelay(true);
            TcpKeepAlive.apply(socket, limits);
            OutputStream out = socket.getOutputStream();
            // No BufferedInputStream: LineReader reads in chunks of its own, and every idle
            // connection would otherwise hold a second buffer.
            PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
            manager.connected(session);

            // One deadline for the name, from the moment of connecting.
            nameDeadline = System.nanoTime() + limits.nameTimeout().toNanos();
            int first = firstByte(in, nameDeadline);
            if (first < 0) {
                endedBecause = first == -1 ? "closed before sending anything" : "no name within " + seconds() + " s";
                if (first == -2) writeBeforeDoor(plain.render(nameTimeout()));
                return;
            }
            in.unread(first);
            door = first == '{' ? new JsonDoor(manager, session, json) : new PlainDoor(manager, session, plain);
            outbox = new Outbox(Outbox.Sink.of(out), door::encode, limits.sendQueueBytes(), this::lost, this::halfClose,
                    this::lost, Outbox.virtualThreads("send-" + session.address()));
            session.attach(outbox);

            lines = new LineReader(in, limits.maxLineBytes(),
                    door.completesIdleLines() ? (int) limits.plainIdleGap().toMillis() : 0, socket::setSoTimeout);
            keepAlive = new KeepAlive(limits.pingAfter(), limits.timeoutAfter());
            handedOn = serve(true);
        } catch (IOException e) {
            // The peer went away or the socket was closed under us: end() cleans up.
        } finally {
            if (!handedOn) end();
        }
    }

    /**
     * The rest of a joined member's connection, on a fresh virtual thread. A parked virtual
     * thread keeps its whole stack: the thread that joined parked deep inside the join (the
     * room's lock, the store's commit) and, for the first connections, in interpreted frames,
     * so it kept 4-5 KB for as long as the member stayed idle; a fresh thread waiting in
     * read() keeps about 1 KB (10,000 idle members: about 35 MB).
     */
    private void carryOn() {
        try {
            serve(false);
        } catch (IOException e) {
            // as in run()
        } finally {
            end();
        }
    }

    /**
     * Reads and handles lines until the connection ends (false). With {@code handOn}, once
     * the person has joined the rest goes on in {@link #carryOn()} on a new thread (true).
     */
    private boolean serve(boolean handOn) throws IOException {
        while (!session.closing() && !lost) {
            int wait = 0;
            if (door.member() == null) {
                long left = (nameDeadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    session.deliver(nameTimeout());
                    session.close();
                    endedBecause = "no name within " + seconds() + " s";
                    break;
                }
                wait = (int) Math.max(1, left);
            } else if (door.pingsWhenQuiet()) {
                long now = System.nanoTime();
                if (keepAlive.timedOut(now)) {
                    timeOut(door.member());
                    break;
                }
                if (keepAlive.pingDue(now)) session.deliver(new Ping());
                wait = keepAlive.waitMillis(now);
            }
            Result result = lines.next(wait);
            if (!(result instanceof Result.Quiet)) keepAlive.heard(System.nanoTime());
            member = door.member();
            switch (result) {
                case Result.Line line -> door.onLine(line.text());
                case Result.TooLong tooLong -> manager.refuse(session, name(door), ErrorCode.LINE_TOO_LONG,
                        "a line may have at most " + limits.maxLineBytes() + " bytes, this one had " + tooLong.bytes()
                                + "; it was dropped", null);
                case Result.BadUtf8 bad -> manager.refuse(session, name(door), ErrorCode.INVALID_UTF8,
                        "that line was not valid UTF-8; it was dropped", null);
                case Result.Quiet quiet -> { }
                case Result.End end -> {
                    return false;
                }
            }
            member = door.member();
            if (session.closing() && member == null) endedBecause = "left before joining";
            if (handOn && member != null && !session.closing()) {
                Thread.ofVirtual().name(Thread.currentThread().getName()).start(this::carryOn);
                return true;
            }
        }
        return false;
    }

    /** Always, once, on whichever thread the connection ends: leaves the room (or logs the disconnect) and closes. */
    private void end() {
        try {
            LeaveReason reason = session.tooSlow() ? LeaveReason.TOO_SLOW : LeaveReason.CONNECTION_LOST;
            if (member != null) {
                manager.leave(member, reason);
            } else {
                manager.disconnected(session, session.tooSlow() ? "too slow" : endedBecause);
            }
            finish(outbox);
        } finally {
            ended.countDown();
            onEnd.accept(this);
        }
    }

    /** Waits up to {@code millis} for the connection to have ended (on whichever thread it ran last). */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Nothing heard for --timeout-after: a final error, and the room is told the member timed out. */
    private void timeOut(Member member) {
        session.deliver(new Closing(ErrorCode.TIMED_OUT, "nothing heard from you for " + Limits.brief(limits.timeoutAfter())
                + " (answer the server's ping with a pong)"));
        manager.leave(member, LeaveReason.TIMED_OUT);
        session.close();
    }

    private String name(Door door) {
        return door.member() == null ? null : door.member().name();
    }

    private Closing nameTimeout() {
        return new Closing(ErrorCode.NAME_TIMEOUT, "no name received within " + seconds() + " s");
    }

    private long seconds() {
        return limits.nameTimeout().toSeconds();
    }

    /**
     * The first byte, or -1 at end of input, -2 when the name timeout ran out. Prompts a
     * person who connected and said nothing.
     */
    private int firstByte(InputStream in, long deadline) throws IOException {
        socket.setSoTimeout((int) Math.min(PROMPT_AFTER_MILLIS, limits.nameTimeout().toMillis()));
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            writeBeforeDoor(PlainFormat.PROMPT + "\n");
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return -2;
        socket.setSoTimeout((int) left);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    /** Lets the writer send the last lines, half-closes, drains briefly, then closes. */
    private void finish(Outbox outbox) {
        try {
            if (outbox != null) {
                session.close();
                session.awaitSent(DRAIN_MILLIS);
            }
            if (!socket.isClosed()) {
                halfClose();
                socket.setSoTimeout(LINGER_MILLIS);
                InputStream in = socket.getInputStream();
                byte[] sink = new byte[4096];
                long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
                while (System.nanoTime() < deadline && in.read(sink) >= 0) {
                    // discard: the peer's late bytes must not turn our close into a reset
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // closing anyway
        } finally {
            abort();
        }
    }
}
