package chatroom.cluster;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Whether Redis answers, as this server last found it: said once in the server's log when
 * it stops answering and once when it answers again, however many messages were refused
 * in between.
 */
public final class Outage {
    private final AtomicBoolean down = new AtomicBoolean();
    private final Consumer<String> say;
    private final String where;

    /** {@code say} writes one event line to the server's log. */
    public Outage(String where, Consumer<String> say) {
        this.where = where;
        this.say = say;
    }

    /** A command failed: the first failure after Redis answered is said. */
    void failed(Throwable e) {
        // A command cut short by the server stopping (its timers interrupted) is no outage, and an
        // interrupted thread's write would close the log's file for everyone.
        if (Thread.currentThread().isInterrupted()) return;
        if (down.compareAndSet(false, true)) {
            say.accept("REDIS unreachable " + where + ": " + Redis.reason(e) + "; room and private messages are refused until it is back");
        }
    }

    /** A command went through: if Redis was down, it is back. */
    void answered() {
        if (down.get() && down.compareAndSet(true, false)) say.accept("REDIS back " + where);
    }

    /** Redis lost {@code room}'s log (its counter and stream were gone): numbering went on after {@code from}. */
    void lost(String room, long from) {
        say.accept("REDIS lost " + room + " " + where + ": its counter and stream were gone (a restart without persistence, "
                + "FLUSHALL); numbering goes on after " + from + ", the history before it is gone from Redis");
    }

    /** The cluster had lost track of this server ({@code reaped}: taken for dead while slow); its members are told of again. */
    void rejoined(boolean reaped, int members) {
        say.accept(reaped
                ? "CLUSTER this server was taken for dead (its lease ran out while it was slow or cut off from Redis): its "
                        + members + " members claim their names again and are announced as joined again"
                : "CLUSTER Redis had forgotten this server (its data was lost): its " + members + " members claim their names again");
    }

    /** Someone elsewhere took a name of this server's while the cluster had lost track of it. */
    void taken(String name) {
        say.accept("CLUSTER " + name + " was taken on another server while this one was taken for dead: two people now have it");
    }

    boolean down() {
        return down.get();
    }
}
