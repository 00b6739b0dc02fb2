package chatroom.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Event.Ping;
import chatroom.chat.Outgoing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's batching on its own: everything is queued before the writer runs (on the
 * test's thread), so the whole queue is one batch.
 */
class OutboxTest {
    /** Counts the writes that reach the "socket". */
    private static final class Wire extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }

    private final Map<Outgoing, byte[]> encoded = new IdentityHashMap<>();
    private final Wire wire = new Wire();
    private final Outbox outbox = new Outbox(Outbox.Sink.of(wire), o -> {
        synchronized (encoded) {
            return encoded.get(o);
        }
    }, Long.MAX_VALUE, () -> { }, () -> { });

    @Test
    void aBatchOfSmallFramesIsOneWrite() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) frames.add(frame(100, (byte) ('0' + i % 10)));

        send(frames);

        assertThat(wire.toByteArray()).isEqualTo(joined(frames));
        assertThat(wire.writes).isEqualTo(1);
    }

    @Test
    void framesLargerThanOneWriteArriveWholeAndInOrder() {
        List<byte[]> frames = List.of(frame(10, (byte) 'a'), frame(70_000, (byte) 'b'), frame(30_000, (byte) 'c'),
                frame(40_000, (byte) 'd'), frame(1, (byte) 'e'));

        send(frames);

        assertThat(wire.toByteArray()).isEqualTo(joined(frames));
    }

    @Test
    void aLoneFrameIsWrittenAsItIs() {
        send(List.of(frame(5, (byte) 'x')));

        assertThat(wire.toByteArray()).isEqualTo(frame(5, (byte) 'x'));
        assertThat(wire.writes).isEqualTo(1);
    }

    /**
     * The writer on a thread of its own, parked between events: whatever is offered while
     * it sleeps, writes or is being woken arrives whole and in order, and finish ends it
     * once the last event is out.
     */
    @Test
    void aParkedWriterIsWokenForEveryOfferAndFinishes() throws Exception {
        Thread writer = Thread.ofVirtual().start(outbox);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] f = (i + "\n").getBytes(StandardCharsets.US_ASCII);
            frames.add(f);
            Outgoing o = new Outgoing(new Ping());
            synchronized (encoded) {
                encoded.put(o, f);
            }
            outbox.offer(o);
            if (i % 100 == 0) {
                int written = joined(frames.subList(0, i + 1)).length;
                await().atMost(Duration.ofSeconds(10)).until(() -> wire.size() == written); // the writer has gone back to sleep
            }
        }
        outbox.finish();
        writer.join(Duration.ofSeconds(10));

        assertThat(writer.isAlive()).isFalse();
        assertThat(wire.toByteArray()).isEqualTo(joined(frames));
    }

    private void send(List<byte[]> frames) {
        for (byte[] f : frames) {
            Outgoing o = new Outgoing(new Ping());
            encoded.put(o, f);
            outbox.offer(o);
        }
        outbox.finish();
        outbox.run();
    }

    private static byte[] frame(int length, byte fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, fill);
        return b;
    }

    private static byte[] joined(List<byte[]> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
