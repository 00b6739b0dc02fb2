package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared selector itself, over real loopback sockets: every parked connection comes
 * back, whether its bytes woke it or another thread asked for it (its writer, a close),
 * however those two kinds of hand-back interleave.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleReadersTest {
    private static final int CONNECTIONS = 64;
    private static final int ROUNDS = 300;
    /** Far longer than a hand-back takes; a lost one waits for ever (nothing else wakes the selector). */
    private static final long HAND_BACK_SECONDS = 5;

    private ServerSocketChannel listener;
    private IdleReaders readers;
    private final List<SocketChannel> peers = new ArrayList<>();
    private final List<SocketChannel> ours = new ArrayList<>();

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        for (int i = 0; i < CONNECTIONS; i++) {
            peers.add(SocketChannel.open(listener.getLocalAddress()));
            ours.add(listener.accept());
        }
        readers = new IdleReaders();
    }

    @AfterEach
    void close() throws IOException {
        readers.close();
        for (SocketChannel c : peers) c.close();
        for (SocketChannel c : ours) c.close();
        listener.close();
    }

    @Test
    void aResumeAskedWhileOthersAreWokenByTheirBytesIsNeverLost() throws Exception {
        List<IdleWait> waits = new ArrayList<>();
        for (SocketChannel c : ours) waits.add(new IdleWait(c, readers));
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int round = 0; round < ROUNDS; round++) {
            CountDownLatch back = new CountDownLatch(CONNECTIONS);
            Set<Integer> away = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < CONNECTIONS; i++) {
                int n = i;
                away.add(n);
                boolean parked = waits.get(n).park(0, new IdleWait.Reader() {
                    @Override
                    public String readerName() {
                        return "reader-" + n;
                    }

                    @Override
                    public void carryOn() {
                        if (n % 2 == 0) readOne(ours.get(n)); // woken by its byte: take it, as a reader would
                        away.remove(n);
                        back.countDown();
                    }
                });
                assertThat(parked).as("parked").isTrue();
            }
            // Half are woken by a byte from their peer, half asked back at the same moment.
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> askers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int n = i;
                askers.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        if (n % 2 == 0) peers.get(n).write(one.duplicate().clear());
                        else waits.get(n).wake();
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            for (Thread t : askers) t.join();
            assertThat(back.await(HAND_BACK_SECONDS, TimeUnit.SECONDS))
                    .as("round %d: every connection handed back within %d s; still parked: %s", round, HAND_BACK_SECONDS, away)
                    .isTrue();
        }
    }

    private static void readOne(SocketChannel channel) {
        try {
            int n = channel.read(ByteBuffer.allocate(1));
            if (n != 1) throw new IllegalStateException("read " + n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
