package chatroom.tcp;

import chatroom.chat.ErrorCode;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.door.ConnectionLife;
import chatroom.door.Outbox;
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
 * The TCP door's wire for one connection, from accept to close, on a virtual thread of
 * its own (a fresh one once its person has joined, see {@link #carryOn()}; on the clear
 * port none while it is quiet, see {@link IdleReaders}): tells the
 * doors apart by the first byte, reads lines with socket timeouts that end when the
 * {@link ConnectionLife} has something due (waiting is reading), and in one
 * {@link #end()} ends the life and closes the socket. What a connection's life is (the
 * name deadline, keep-alive, why it ended) is the {@link ConnectionLife}'s, as on every door.
 */
final class Connection implements Runnable, IdleWait.Reader {
    /** A structured client speaks at once; silence this long means a person at nc or telnet. */
    static final int PROMPT_AFTER_MILLIS = 500;
    /** How long to wait for the writer to send the last lines before closing anyway. */
    private static final long DRAIN_MILLIS = 5_000;
    /** A joined member quiet this long waits on the shared selector, not on a thread of its own. */
    static final int PARK_AFTER_MILLIS = 500;

    private final Socket socket;
    private final Limits limits;
    private final JsonCodec json;
    private final PlainFormat plain;
    /** Null on a port that tells JSON from plain text by the first byte. */
    private final Dialect dialect;
    private final ConnectionLife life;
    private final ReentrantLock beforeDoor = new ReentrantLock();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Consumer<Connection> onEnd;
    /** Null where the socket cannot wait on a selector (TLS): its reader always keeps its thread. */
    private final IdleWait idleWait;
    /** Since when the reader has been quiet (its last bytes, or a park it could not make); owned by the reading thread (handed on with it). */
    private long quietSince = System.nanoTime();
    /** Handed back from the selector and not read since: read before parking again (the bytes that woke it). */
    private boolean unparked;
    // Set by run() before serve(); the thread carrying on sees them (Thread.start orders them).
    private Door door;
    private LineReader lines;

    /** @param onEnd run once the connection has ended, on the thread it ended on */
    Connection(Socket socket, Manager manager, Limits limits, JsonCodec json, PlainFormat plain, Dialect dialect,
            IdleReaders idle, Consumer<Connection> onEnd) {
        this.onEnd = onEnd;
        this.idleWait = idle == null || socket.getChannel() == null ? null : new IdleWait(socket.getChannel(), idle);
        this.dialect = dialect;
        this.socket = socket;
        this.limits = limits;
        this.json = json;
        this.plain = plain;
        // Before the door is known there is no outbox: whoever is there reads plain text (or the port's dialect).
        this.life = new ConnectionLife(manager, limits, socket.getInetAddress().getHostAddress() + ":" + socket.getPort(),
                this::abort, closing -> writeBeforeDoor(dialect == null ? plain.render(closing) : dialect.finalLine(closing)));
    }

    String address() {
        return life.session().address();
    }

    /** The name of the thread reading this connection: made when a thread starts, so a parked member keeps no copy. */
    @Override
    public String readerName() {
        return "conn-" + address();
    }

    /** Ends the connection now (server stop, after the polite goodbye had its chance; or its peer is lost). */
    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (idleWait != null) idleWait.wake(); // a parked reader must still end
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
        // Without a door nobody reads an outbox: the reader waits for a first byte, so wake it.
        if (life.sayGoodbye() && !life.session().attached()) abort();
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
            life.connected();

            if (dialect != null) {
                door = dialect.door(life);
            } else {
                int first = firstByte(in);
                if (first == -1) life.closedBeforeSpeaking();
                if (first < 0) return;
                in.unread(first);
                door = first == '{' ? new JsonDoor(life, json) : new PlainDoor(life, plain);
            }
            life.attach(idleWait == null ? Outbox.Sink.of(out) : idleWait.sink(), door::encode, this::halfClose, "send-");
            if (door.pingsWhenQuiet()) life.pingWhenQuiet();
            lines = new LineReader(in, limits.maxLineBytes(),
                    door.completesIdleLines() ? (int) limits.plainIdleGap().toMillis() : 0, socket::setSoTimeout);
            handedOn = serve(true);
        } catch (IOException e) {
            // The peer went away or the socket was closed under us: end() cleans up.
        } finally {
            if (!handedOn) end();
        }
    }

    /**
     * The rest of a joined member's connection, on a fresh virtual thread: a parked virtual
     * thread keeps its whole stack, and the thread that joined had been deep inside the join
     * (the room's lock, the store's commit), so an idle member would keep those frames for as
     * long as it stays (figures: docs/PERFORMANCE.md, "Memory and joins, again").
     */
    @Override
    public void carryOn() {
        boolean parked = false;
        try {
            parked = serve(false);
        } catch (IOException e) {
            // as in run()
        } finally {
            if (!parked) end();
        }
    }

    /**
     * Reads and handles lines until the connection ends (false). With {@code handOn}, once
     * the person has joined the rest goes on in {@link #carryOn()} on a new thread (true);
     * without, a quiet connection may park on the selector, to carry on when woken (true).
     */
    private boolean serve(boolean handOn) throws IOException {
        boolean mayPark = !handOn && idleWait != null;
        while (!life.over()) {
            int wait = life.untilDue();
            if (wait < 0) break;
            // A partial line is the line reader's to wait for (its idle gap), not a reason to park.
            if (mayPark && lines.idle()) {
                long quietFor = (System.nanoTime() - quietSince) / 1_000_000;
                if (quietFor >= PARK_AFTER_MILLIS && !unparked) {
                    if (parkNow(wait)) return true;
                    // Not now (its writer writes, or the server is stopping): after another quiet spell.
                    unparked = false;
                    quietSince = System.nanoTime();
                    continue;
                } else {
                    int parkIn = unparked ? 1 : (int) Math.max(1, PARK_AFTER_MILLIS - quietFor);
                    if (wait == 0 || parkIn < wait) wait = parkIn;
                }
            }
            Result result = lines.next(wait);
            unparked = false;
            if (!(result instanceof Result.Quiet)) {
                life.heard();
                quietSince = System.nanoTime();
            }
            switch (result) {
                case Result.Line line -> door.onLine(line.text());
                case Result.TooLong tooLong -> life.tooLong("line", tooLong.bytes());
                case Result.BadUtf8 bad -> life.refuse(ErrorCode.INVALID_UTF8, "that line was not valid UTF-8; it was dropped", null);
                case Result.Quiet quiet -> { }
                case Result.End end -> {
                    return false;
                }
            }
            if (handOn && life.member() != null && !life.over()) {
                // Most members say nothing right after joining: they wait on the selector from the start.
                if (idleWait != null && lines.idle() && parkNow(life.untilDue())) return true;
                Thread.ofVirtual().name(Thread.currentThread().getName()).start(this::carryOn);
                return true;
            }
        }
        return false;
    }

    /** Parks the idle reader on the selector ({@code dueMillis} 0: nothing due); false when it cannot now ({@link IdleWait#park}). */
    private boolean parkNow(int dueMillis) throws IOException {
        if (dueMillis < 0) return false;
        lines.release();
        unparked = true;
        return idleWait.park(dueMillis, this);
    }

    /** Always, once, on whichever thread the connection ends: the life ends, then the socket closes. */
    private void end() {
        try {
            life.end();
            finish();
        } finally {
            ended.countDown();
            onEnd.accept(this);
        }
    }

    /** Waits up to {@code millis} for the connection to have ended (on whichever thread it ran last). */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The first byte, or -1 at end of input, -2 once the name deadline has passed (the life
     * has said so). Prompts a person who connected and said nothing.
     */
    private int firstByte(InputStream in) throws IOException {
        socket.setSoTimeout((int) Math.min(PROMPT_AFTER_MILLIS, limits.nameTimeout().toMillis()));
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            writeBeforeDoor(PlainFormat.PROMPT + "\n");
        }
        int left = life.untilDue();
        if (left < 0) return -2;
        socket.setSoTimeout(left);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            life.nameDeadlinePassed();
            return -2;
        }
    }

    /** Lets the writer send the last lines, half-closes, drains briefly, then closes. */
    private void finish() {
        try {
            if (life.session().attached()) life.session().awaitSent(DRAIN_MILLIS);
            if (!socket.isClosed()) {
                halfClose();
                Linger.discardLateBytes(socket);
            }
        } catch (IOException | InterruptedException ignored) {
            // closing anyway
        } finally {
            abort();
        }
    }
}
