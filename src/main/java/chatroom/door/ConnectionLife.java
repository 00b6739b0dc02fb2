package chatroom.door;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Ping;
import chatroom.chat.LeaveReason;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Outgoing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection's life, whatever its door: connected (logged), naming (until the name
 * deadline; a registered name's password is part of it), joined (as a member of its own,
 * or as one more connection of an account already online), closing, ended (left the
 * room, or only this connection of an account went, or logged as disconnected, once). A
 * door brings only its wire: it reads requests and hands them here ({@link #join},
 * {@link #handle}, {@link #refuse}), and writes the events its {@link Outbox} gives it.
 * Everything else is decided here, the same for every door: the name deadline and its
 * final error, the keep-alive's ping and timeout, the reason a member leaves (quit,
 * connection lost, timed out, too slow, server shutting down), why a connection that
 * never joined ended, and the goodbye when the server stops.
 *
 * <p>The same deadlines for every door, kept in one of two ways: a door that reads with
 * timeouts asks {@link #untilDue()} how long it may wait (the TCP door: waiting is
 * reading); one that is handed whole messages gives its timer to {@link #keepTime} (the
 * web door). Requests come on the door's reading thread; the deadline, the keep-alive's
 * checks on a timer, the goodbye, a lost peer and the end may come from others, hence
 * the volatile fields.
 */
public final class ConnectionLife {
    // Two flags set once each, by compare-and-set on the fields: an AtomicBoolean each would be two more objects per member.
    private static final VarHandle ENDED;
    private static final VarHandle LOST;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENDED = lookup.findVarHandle(ConnectionLife.class, "ended", boolean.class);
            LOST = lookup.findVarHandle(ConnectionLife.class, "lost", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Manager manager;
    private final Limits limits;
    private final OutboxSession session;
    private final Runnable cut;
    private final Consumer<Closing> beforeOutbox;
    private volatile boolean ended;
    private volatile long nameDeadline;
    /** Set once {@link #pingWhenQuiet()} is called, before any request is read. */
    private volatile KeepAlive keepAlive;
    /** With {@link #keepTime}: the door's timer, and the next check on it. */
    private volatile ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> nextCheck;
    /** One check at a time: the timer's, or the joining thread's (what is due changes at the join). */
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Member member;
    /** The registered name whose password the next plain line is, or null. Owned by the reading thread. */
    private String passwordFor;
    /** Whether the server has asked for a registered name's password: the deadline is then --password-timeout's. */
    private volatile boolean awaitingPassword;
    /** Why a connection that never joined ended, when it was not simply lost. */
    private volatile String endedBecause;
    /** The peer cannot be written to any more: lines it sent and that are still buffered are not handled. */
    private volatile boolean lost;
    /** False for a connection over the limits: it was turned away, never connected to the chat. */
    private volatile boolean admitted = true;

    /**
     * @param cut          ends the connection at once, without blocking (it may run on the thread sending a
     *                     room's events, which holds that room's publishing lock)
     * @param beforeOutbox writes a final error on a connection whose outbox is not attached yet (the TCP door
     *                     before it knows the client's format); never called once it is
     */
    public ConnectionLife(Manager manager, Limits limits, String address, Runnable cut, Consumer<Closing> beforeOutbox) {
        this.manager = manager;
        this.limits = limits;
        this.session = new OutboxSession(address);
        this.cut = cut;
        this.beforeOutbox = beforeOutbox;
    }

    public OutboxSession session() {
        return session;
    }

    /** The connection is in: logged, and the name deadline starts. */
    public void connected() {
        manager.connected(session);
        nameDeadline = System.nanoTime() + limits.nameTimeout().toNanos();
    }

    /**
     * The connection was over the limits ({@code refusal}): it is told so and closed, and
     * never counts as connected (its end logs nothing more).
     */
    public void turnedAway(Closing refusal) {
        admitted = false;
        manager.turnedAway(session.address(), refusal.code(), refusal.text());
        finalWord(refusal);
    }

    /**
     * Events start going out through an {@link Outbox} on {@code sink}, encoded by
     * {@code encoder}. A peer too far behind, or one a write fails on, is {@link #lost()}.
     *
     * @param afterLast    called once the last event was written after a close (the door half-closes or says bye)
     * @param writerPrefix the writer threads' names are this and the address (made as each starts: an idle
     *                     member keeps no name of its own)
     */
    public void attach(Outbox.Sink sink, Function<Outgoing, byte[]> encoder, Runnable afterLast, String writerPrefix) {
        Runnable cutOff = this::lost;
        session.attach(new Outbox(sink, encoder, limits.sendQueueBytes(), cutOff, afterLast, cutOff,
                task -> Thread.ofVirtual().name(writerPrefix + session.address()).start(task)));
    }

    /** A joined member of this door is pinged after --ping-after of silence and timed out after --timeout-after. */
    public void pingWhenQuiet() {
        keepAlive = new KeepAlive(limits.pingAfter(), limits.timeoutAfter());
    }

    /** The member once a name was accepted, else null. */
    public Member member() {
        return member;
    }

    /** Whether the connection is ending (closed, or its peer lost): the reader stops handling what it read. */
    public boolean over() {
        return lost || session.closing();
    }

    /** Asks to join under {@code name}; a refusal is told, and another name may follow. */
    public void join(String name, String replyTo, int replay) {
        join(name, null, replyTo, replay);
    }

    /**
     * Asks to join under {@code name} with the {@code password} of a registered name (null
     * for none); a refusal is told, and another try may follow.
     */
    public void join(String name, String password, String replyTo, int replay) {
        tried(manager.enter(session, name, password, replyTo, replay));
    }

    /**
     * Whether {@code password} is the registered {@code name}'s, asked before joining (IRC's
     * SASL): null when it is, else the refusal the peer was told.
     */
    public ErrorCode checkPassword(String name, String password, String replyTo) {
        return manager.checkPassword(session, name, password, replyTo);
    }

    /**
     * A line from a door where the name and the password come on lines of their own (the
     * plain door): a name, or, once the server has answered a registered name with
     * {@code password-required}, that name's password. A wrong one (or one tried too soon
     * after many) is asked for again; any other refusal asks for a name again.
     */
    public void nameOrPassword(String line) {
        String name = passwordFor;
        Manager.Entry entry = name == null ? manager.enter(session, line.strip(), null, null, -1)
                : manager.enter(session, name, line, null, -1);
        tried(entry);
        ErrorCode refused = entry.refused();
        if (refused == ErrorCode.PASSWORD_REQUIRED) {
            passwordFor = line.strip();
        } else if (refused != ErrorCode.PASSWORD_WRONG && refused != ErrorCode.RATE_LIMITED) {
            passwordFor = null;
        }
    }

    /**
     * After a try at joining: what is due changes once the connection has joined, and
     * when it is asked for a registered name's password (again), the deadline becomes
     * --password-timeout from now: a person types a password, and may mistype it; the
     * sign-in back-off, not this deadline, is what bounds guessing.
     */
    private void tried(Manager.Entry entry) {
        Member joined = entry.member();
        member = joined;
        ErrorCode refused = entry.refused();
        boolean asked = refused == ErrorCode.PASSWORD_REQUIRED || refused == ErrorCode.PASSWORD_WRONG;
        if (asked) {
            awaitingPassword = true;
            nameDeadline = System.nanoTime() + limits.passwordTimeout().toNanos();
        }
        if ((joined != null || asked) && timer != null) check();
    }

    /** A request of the joined member; before joining only quitting means something (a door refuses the rest in its words). */
    public void handle(ChatInput input, String replyTo) {
        Member m = member;
        if (m != null) {
            manager.handle(m, session, input, replyTo);
        } else if (input instanceof ChatInput.Quit) {
            session.close(); // logged as having left before joining
        }
    }

    /** Tells the peer something it sent was refused (naming the member, once joined, in the log); the connection goes on. */
    public void refuse(ErrorCode code, String text, String replyTo) {
        Member m = member;
        manager.refuse(session, m == null ? null : m.name(), code, text, replyTo);
    }

    /** A request of {@code bytes} beyond --max-line-bytes, dropped; {@code unit} is what the door calls one ("line", "frame"). */
    public void tooLong(String unit, long bytes) {
        refuse(ErrorCode.LINE_TOO_LONG, "a " + unit + " may have at most " + limits.maxLineBytes() + " bytes, this one had "
                + bytes + "; it was dropped", null);
    }

    /** The peer sent something: the keep-alive's silence starts again. */
    public void heard() {
        KeepAlive k = keepAlive;
        if (k != null) k.heard(System.nanoTime());
    }

    /**
     * For a door that waits by reading: does what is due now (the name deadline's final
     * error, a keep-alive ping, the timeout) and returns how many milliseconds it may wait
     * for the next request before calling again (0: no limit), or -1 when the connection
     * ends now.
     */
    public int untilDue() {
        long now = System.nanoTime();
        Member m = member;
        if (m == null) {
            long left = (nameDeadline - now) / 1_000_000;
            if (left > 0) return (int) Math.min(Integer.MAX_VALUE, left);
            nameDeadlinePassed();
            return -1;
        }
        KeepAlive k = keepAlive;
        if (k == null) return 0;
        if (k.timedOut(now)) {
            timedOut(m);
            return -1;
        }
        if (k.pingDue(now)) session.deliver(new Ping());
        return k.waitMillis(now);
    }

    /**
     * For a door that does not wait by reading (the web door): what {@link #untilDue()}
     * does is done on {@code timer} when it is due (the name deadline, then the keep-alive's
     * ping and timeout), and checked again at the join. Each check runs on a virtual thread
     * of its own, since a timeout leaves the room, which waits for the store, and the timer
     * serves every connection of the door. Call after {@link #connected()}.
     */
    public void keepTime(ScheduledExecutorService timer) {
        this.timer = timer;
        check();
    }

    private void check() {
        checking.lock();
        try {
            if (over() || ended) return;
            int wait = untilDue();
            ScheduledFuture<?> previous = nextCheck;
            if (previous != null) previous.cancel(false);
            if (wait <= 0) return; // ended now, or nothing left to watch
            nextCheck = timer.schedule(() -> Thread.ofVirtual().name("due-" + session.address()).start(this::check),
                    wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the door is stopping: its goodbyes and closes end every connection
        } finally {
            checking.unlock();
        }
    }

    /** The name deadline has come: one without a name by now is told so and closed. */
    public void nameDeadlinePassed() {
        if (member != null || session.closing()) return;
        if (awaitingPassword) {
            String within = Limits.brief(limits.passwordTimeout());
            endedBecause = "no password within " + within;
            finalWord(new Closing(ErrorCode.NAME_TIMEOUT, "no password received within " + within));
            return;
        }
        endedBecause = "no name within " + limits.nameTimeout().toSeconds() + " s";
        finalWord(new Closing(ErrorCode.NAME_TIMEOUT, "no name received within " + limits.nameTimeout().toSeconds() + " s"));
    }

    /** The peer closed before sending a byte (a door that can tell: the TCP door). */
    public void closedBeforeSpeaking() {
        endedBecause = "closed before sending anything";
    }

    /**
     * The server is stopping: one who has not joined is told so and closed (members are
     * told by {@link Manager#shutdown}). False when there was nobody to tell.
     */
    public boolean sayGoodbye() {
        if (member != null || session.closing()) return false;
        endedBecause = "server shutting down";
        finalWord(new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"));
        return true;
    }

    /**
     * The peer cannot be written to any more (a write failed, or it fell too far behind):
     * the connection is cut, and what the member waits for from the store is dropped, so
     * it leaves at once instead of after work nobody will see. Never blocks: it runs where
     * the queue overflowed: perhaps the thread sending a room's events.
     */
    public void lost() {
        // An overflow and the failed write it leads to may both report it: cut once.
        if (LOST.compareAndSet(this, false, true)) cut.run();
        Member m = member;
        if (m != null) manager.gone(m, session);
    }

    /**
     * Once, on whichever thread the connection ends: the member leaves (too slow, or the
     * connection was lost), or a connection that never joined is logged with why; then
     * the session closes, so the writer sends what is queued and stops.
     */
    public void end() {
        if (!ENDED.compareAndSet(this, false, true)) return;
        ScheduledFuture<?> next = nextCheck;
        if (next != null) next.cancel(false);
        Member m = member;
        if (!admitted) {
            // turned away: its refusal was its only word
        } else if (m != null) {
            manager.leave(m, session, session.tooSlow() ? LeaveReason.TOO_SLOW : LeaveReason.CONNECTION_LOST);
        } else {
            manager.disconnected(session, why());
        }
        session.close();
    }

    private String why() {
        if (session.tooSlow()) return "too slow";
        String because = endedBecause;
        if (because != null) return because;
        return session.closing() ? "left before joining" : "connection lost";
    }

    /** Nothing heard for --timeout-after: a final error, and the room is told the member timed out. */
    private void timedOut(Member m) {
        session.deliver(new Closing(ErrorCode.TIMED_OUT, "nothing heard from you for " + Limits.brief(limits.timeoutAfter())
                + " (answer the server's ping with a pong)"));
        manager.leave(m, session, LeaveReason.TIMED_OUT);
        session.close();
    }

    /** The last thing the connection is told, then it closes. */
    private void finalWord(Closing closing) {
        if (session.attached()) {
            session.deliver(closing);
        } else {
            beforeOutbox.accept(closing);
        }
        session.close();
    }
}
