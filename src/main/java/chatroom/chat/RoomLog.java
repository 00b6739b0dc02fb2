package chatroom.chat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One room's ordered log: the rules' port for what happens to a room's event after the
 * room has decided it (a message said, a member joining or leaving). The log
 *
 * <ol>
 *   <li><b>numbers</b> it: the room's next number, one more than the last, never given
 *       twice, without gaps but for events the store refused;
 *   <li><b>stores</b> it ({@link Entry#event(long)} is what is kept), after the entry has
 *       written it down ({@link Entry#numbered(long)}: the server log's line);
 *   <li><b>publishes</b> it ({@link Entry#publish()}) once stored and once everything
 *       numbered before it is published: exactly once, in number order, never before it is
 *       stored. An event the store refused is not published ({@link Entry#unkept()} runs
 *       instead), unless it is a join or leave ({@link Entry#regardless()}): those go out
 *       anyway, after {@code unkept}.
 * </ol>
 *
 * <p>The room calls {@link #append} and {@link #pass} under its own lock, so the order
 * of its calls is the order of the numbers, and what it decides in the same breath (who is
 * in the room at that number, the welcome listing them) is the room as of that number.
 * It calls {@link #send} after letting go of its lock: the store's work happens there,
 * outside the lock. {@link Entry#publish()} runs without the room's lock, on a thread of
 * the room's (its engine says which), never on a thread busy with another room.
 *
 * <p>Engines: {@link EmbeddedRoomLog} (the history store on this machine and in-process
 * delivery; the default) and the cluster's ({@code chatroom.cluster.RedisRoomLogs}), which
 * gives the number, keeps the event and publishes it to every server in one atomic step
 * on Redis, then calls {@link Entry#numbered} with the number Redis gave (there the
 * server log's line follows the store: the shared store is the record, and an entry whose
 * line cannot be written is published all the same, since other servers show it). Each
 * server publishes a room's events to its own members in number order: its own entries,
 * and what other servers appended through {@link Heard}, reading the stream to fill a
 * gap it notices.
 */
public interface RoomLog {
    /** Opens rooms' logs. */
    interface Engine {
        /**
         * The log of {@code room}, numbering after the higher of its own last number and
         * {@code issued} (what the server log shows was given already). Throws
         * UncheckedIOException when the log cannot be read: a room that cannot know its
         * last number stays shut.
         */
        RoomLog open(String room, long issued);

        /**
         * As {@link #open(String, long)} for a room whose log other servers append to too:
         * {@code heard} takes their events, in number order, on the room's delivery. An
         * engine with no other servers never calls it.
         */
        default RoomLog open(String room, long issued, Heard heard) {
            return open(room, issued);
        }
    }

    /** The room's side of a shared log: an event another server appended (message, join or leave), in its turn. */
    interface Heard {
        /** Tells the room's members here, as the room stands at the event's number. */
        void heard(StoredEvent event);

        /** Tells the room's members here about the log itself (a shared store that lost the room's past). */
        default void notice(String text) {}

        /** A room's side: {@code heard} takes the events, {@code notice} the words about the log. */
        static Heard of(Consumer<StoredEvent> heard, Consumer<String> notice) {
            return new Heard() {
                @Override
                public void heard(StoredEvent event) {
                    heard.accept(event);
                }

                @Override
                public void notice(String text) {
                    notice.accept(text);
                }
            };
        }
    }

    /** What the room appends: made once its number is known, published once stored. */
    interface Entry {
        /**
         * The event as kept under {@code seq}. Nothing in it but its seq depends on the
         * number, so an engine that numbers elsewhere can send it before it knows the number.
         */
        StoredEvent event(long seq);

        /**
         * The number is given: the entry writes it down (the server log) before it is
         * stored. An IOException means it could not: the number is not used, nothing is
         * stored or published, and {@link #append} throws it.
         */
        void numbered(long seq) throws IOException;

        /** Tells the room's members: once stored, in number order, on the room's own delivery. */
        void publish();

        /** The store refused it: runs instead of {@link #publish()}, or before it when {@link #regardless()}. */
        void unkept();

        /** Whether it is published even when the store refused it (joins and leaves happen whether or not written down). */
        boolean regardless();
    }

    /** One event's place in the room's line. */
    interface Turn {
        /** The number given, or 0 for a {@link #pass}. */
        long seq();

        /** Completes once the turn has gone out: true when stored (or nothing was to be stored), false when refused. */
        CompletableFuture<Boolean> out();
    }

    /**
     * A turn as an engine keeps it in the room's line: {@link #go} publishes it and, whatever
     * happens, completes {@link #out()}, so the steps behind it never wait for ever.
     */
    abstract class Step implements Turn {
        private final long seq;
        private final CompletableFuture<Boolean> out = new CompletableFuture<>();

        protected Step(long seq) {
            this.seq = seq;
        }

        @Override
        public final long seq() {
            return seq;
        }

        @Override
        public final CompletableFuture<Boolean> out() {
            return out;
        }

        /** Publishes it here ({@code stored}: whether the store took it); then those behind it go on. */
        public final void go(boolean stored) {
            try {
                run(stored);
            } finally {
                out.complete(stored);
            }
        }

        /** What publishing it does. */
        protected abstract void run(boolean stored);
    }

    /** Whether other servers append to this log too (what the room hears of them, it did not decide). */
    default boolean shared() {
        return false;
    }

    /** The last number given. Under the room's lock, or as a hint. */
    long last();

    /** Numbers, stores and (in its turn) publishes {@code entry}. Under the room's lock; then {@link #send} after it. */
    Turn append(Entry entry) throws IOException;

    /**
     * A place in line with no number and nothing stored (a join or leave a crowded room
     * does not announce): {@code publish} runs in its turn, after everything appended
     * before it. Under the room's lock; then {@link #send} after it.
     */
    Turn pass(Runnable publish);

    /**
     * After the room's lock, by the thread that appended: has the store take what was
     * appended, and publishes what is ready. Does not wait for anything to go out: a
     * sender's next message can be numbered while this one is being stored.
     */
    void send();
}
