package chatroom.bench;

/** One sending client's counters: its messages in all, its room messages, its private ones per recipient. */
final class Sender {
    final LoadClient client;
    /** Closed loop only. */
    final SendWindow window;
    long sent;
    long roomSent;
    private long[] privateSent;
    /** Open loop: when the next message is due (nanoTime). */
    long nextDue;

    Sender(LoadClient client, SendWindow window) {
        this.client = client;
        this.window = window;
    }

    /** The next number in the private stream from this sender to {@code recipient}. */
    long nextPrivate(int recipient, int clients) {
        if (privateSent == null) privateSent = new long[clients];
        return privateSent[recipient]++;
    }
}
