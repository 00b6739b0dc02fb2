package chatroom.bench;

/**
 * A closed-loop sender's window: at most {@code size} of its messages may be on their way,
 * where a message counts as on its way until every client other than the sender has
 * received it (the strictest reading: the slowest receiver paces the sender, and a
 * server that does not echo a message to its sender is measured the same way).
 */
final class SendWindow {
    private final int size;
    /** For message g, the receivers still waiting, at g % size. */
    private final int[] waiting;
    private long sent;
    private long done;

    SendWindow(int size) {
        this.size = size;
        this.waiting = new int[size];
    }

    boolean open() {
        return sent - done < size;
    }

    /** Takes the next message number; {@code receivers} must receive it before it leaves the window. */
    long take(int receivers) {
        long g = sent++;
        waiting[(int) (g % size)] = receivers;
        if (receivers == 0) advance();
        return g;
    }

    /** One receiver got message g (each receiver once: duplicates are not passed on). */
    void received(long g) {
        if (g < done || g >= sent) return;
        int slot = (int) (g % size);
        if (waiting[slot] > 0 && --waiting[slot] == 0) advance();
    }

    private void advance() {
        while (done < sent && waiting[(int) (done % size)] == 0) done++;
    }
}
