package chatroom.door;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Closing;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections, in all and per remote address (SPEC §5), and turns away those
 * over either limit. Every connection counts from accept to close, joined or not. One
 * lock: the accept thread admits, each connection's thread releases. One is shared by
 * every door, so the limits count TCP connections and WebSockets together.
 */
public final class Admission {
    private final int max;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int open;

    public Admission(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Null when the connection may come in (it counts until {@link #release}); else its final error. */
    public synchronized Closing admit(InetAddress address) {
        if (open >= max) {
            return new Closing(ErrorCode.TOO_MANY_CONNECTIONS,
                    "the server already has " + open + " connections (the limit); try again later");
        }
        int fromThere = perAddress.getOrDefault(address, 0);
        if (fromThere >= maxPerAddress) {
            return new Closing(ErrorCode.TOO_MANY_FROM_ADDRESS,
                    address.getHostAddress() + " already has " + fromThere + (fromThere == 1 ? " connection" : " connections")
                            + " (the limit)");
        }
        perAddress.put(address, fromThere + 1);
        open++;
        return null;
    }

    /** A connection that was admitted has closed. */
    public synchronized void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        open--;
    }

    public synchronized int open() {
        return open;
    }
}
