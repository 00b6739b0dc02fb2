package chatroom.door;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.DeliveryBatch;
import chatroom.chat.Event.Ping;
import chatroom.chat.Outgoing;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's batching on its own: everything is queued before the writer runs (on the
 * test's thread, when the test says so), so the whole queue is one batch.
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
    /** Writers asked for and not run yet. */
    private final List<Runnable> writers = new ArrayList<>();
    private int goodbyes;
    private final Outbox outbox = new Outbox(Outbox.Sink.of(wire), encoded::get, Long.MAX_VALUE, () -> { }, () -> goodbyes++, () -> { },
            writers::add);

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

    @Test
    void aWriterIsStartedOnlyWhenThereIsSomethingToSendAndEndsWhenAllIsSent() throws InterruptedException {
        assertThat(writers).isEmpty(); // an idle connection has no writer

        offer(frame(3, (byte) 'a'));
        offer(frame(3, (byte) 'b'));
        assertThat(writers).hasSize(1); // one writer for whatever is queued before it runs
        runWriters();
        assertThat(wire.toString()).isEqualTo("aaabbb");
        assertThat(goodbyes).isZero();

        offer(frame(2, (byte) 'c')); // the writer ended with the queue empty: the next event starts another
        assertThat(writers).hasSize(1);
        outbox.finish();
        assertThat(writers).hasSize(1); // finishing joins the writer already asked for
        runWriters();
        assertThat(wire.toString()).isEqualTo("aaabbbcc");
        assertThat(goodbyes).isEqualTo(1);
        outbox.awaitSettled(0); // settled: returns at once

        offer(frame(1, (byte) 'd')); // after the goodbye, nothing more goes out
        assertThat(writers).isEmpty();
    }

    @Test
    void eventsPublishedAsOneBatchLeaveInOneWriteStartedAtTheBatchsEnd() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) frames.add(frame(10, (byte) ('a' + i)));

        DeliveryBatch.of(() -> {
            for (byte[] f : frames) offer(f);
            assertThat(writers).isEmpty(); // queued, in order, but not sent while the batch runs
        });
        assertThat(writers).hasSize(1);
        runWriters();

        assertThat(wire.toByteArray()).isEqualTo(joined(frames));
        assertThat(wire.writes).isEqualTo(1);
    }

    /** A wire that, like a parked socket, takes at most {@code room} bytes at once at a batch's end. */
    private static final class NonBlockingWire implements Outbox.Sink {
        final Wire wire = new Wire();
        final Outbox.Sink stream = Outbox.Sink.of(wire);
        int room;
        int nowWrites;

        NonBlockingWire(int room) {
            this.room = room;
        }

        @Override
        public void write(byte[] encoded) throws java.io.IOException {
            stream.write(encoded);
        }

        @Override
        public void flush() throws java.io.IOException {
            stream.flush();
        }

        @Override
        public boolean writesNow() {
            return true;
        }

        @Override
        public byte[] writeNow(List<byte[]> frames) {
            nowWrites++;
            byte[] all = Outbox.Sink.join(frames);
            int taken = Math.min(room, all.length);
            wire.write(all, 0, taken);
            return Arrays.copyOfRange(all, taken, all.length);
        }
    }

    @Test
    void aBatchTheWireTakesAtOnceIsWrittenAtItsEndWithNoWriterThread() {
        NonBlockingWire parked = new NonBlockingWire(Integer.MAX_VALUE);
        Outbox direct = new Outbox(parked, encoded::get, Long.MAX_VALUE, () -> { }, () -> { }, () -> { }, writers::add);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) frames.add(frame(10, (byte) ('a' + i)));

        DeliveryBatch.of(() -> frames.forEach(f -> direct.offer(outgoing(f))));

        assertThat(writers).isEmpty();
        assertThat(parked.nowWrites).isEqualTo(1);
        assertThat(parked.wire.toByteArray()).isEqualTo(joined(frames));
        DeliveryBatch.of(() -> direct.offer(outgoing(frame(3, (byte) 'z')))); // and again: no writer was left running
        assertThat(writers).isEmpty();
        assertThat(parked.nowWrites).isEqualTo(2);
    }

    @Test
    void whatTheWireDidNotTakeAtTheBatchsEndGoesFirstThroughTheWriterThenWhatCameAfter() {
        NonBlockingWire parked = new NonBlockingWire(25);
        Outbox direct = new Outbox(parked, encoded::get, Long.MAX_VALUE, () -> { }, () -> { }, () -> { }, writers::add);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) frames.add(frame(10, (byte) ('a' + i)));

        DeliveryBatch.of(() -> frames.subList(0, 8).forEach(f -> direct.offer(outgoing(f))));
        assertThat(parked.wire.size()).isEqualTo(25);
        assertThat(writers).hasSize(1); // for the other 55 bytes
        frames.subList(8, 10).forEach(f -> direct.offer(outgoing(f))); // outside a batch, while the writer is due
        assertThat(writers).hasSize(1);
        runWriters();

        assertThat(parked.wire.toByteArray()).isEqualTo(joined(frames));
    }

    @Test
    void outsideABatchNothingIsWrittenOnTheDeliveringThread() {
        NonBlockingWire parked = new NonBlockingWire(Integer.MAX_VALUE);
        Outbox direct = new Outbox(parked, encoded::get, Long.MAX_VALUE, () -> { }, () -> { }, () -> { }, writers::add);

        direct.offer(outgoing(frame(4, (byte) 'q')));

        assertThat(parked.nowWrites).isZero();
        assertThat(writers).hasSize(1);
        runWriters();
        assertThat(parked.wire.toString()).isEqualTo("qqqq");
    }

    @Test
    void aBatchLargerThanHalfTheSendQueueStartsTheWriterWithoutWaitingForItsEnd() {
        Outbox bounded = new Outbox(Outbox.Sink.of(wire), encoded::get, 4096, () -> { }, () -> { }, () -> { }, writers::add);

        DeliveryBatch.of(() -> {
            for (int i = 0; i < 30; i++) { // 96 bytes each by weight: past 2,048 after 22 of them
                Outgoing o = new Outgoing(new Ping());
                encoded.put(o, frame(10, (byte) 'x'));
                bounded.offer(o);
            }
            assertThat(writers).hasSize(1); // asked for at once, not at the batch's end
        });
        assertThat(writers).hasSize(1); // and not a second time at the end
        assertThat(bounded.overflowed()).isFalse();
    }

    @Test
    void finishingAnIdleOutboxStartsAWriterOnlyToSayGoodbye() {
        outbox.finish();
        assertThat(writers).hasSize(1);
        runWriters();
        assertThat(goodbyes).isEqualTo(1);
        assertThat(wire.writes).isZero();
    }

    /**
     * Writers on threads of their own, each ending when it finds the queue empty: whatever
     * is offered while one writes, ends or is starting arrives whole and in order, and
     * finish says goodbye once the last event is out.
     */
    @Test
    void eventsOfferedWhileWritersComeAndGoArriveWholeAndInOrder() throws InterruptedException {
        Map<Outgoing, byte[]> codes = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger farewells = new java.util.concurrent.atomic.AtomicInteger();
        Outbox threaded = new Outbox(Outbox.Sink.of(wire), codes::get, Long.MAX_VALUE, () -> { },
                farewells::incrementAndGet, () -> { }, Outbox.virtualThreads("send-test"));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] f = (i + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            frames.add(f);
            Outgoing o = new Outgoing(new Ping());
            codes.put(o, f);
            threaded.offer(o);
            if (i % 100 == 0) {
                int written = joined(frames.subList(0, i + 1)).length;
                // all out, so the writer ends and the next offer starts another
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> wire.size() == written);
            }
        }
        threaded.finish();
        threaded.awaitSettled(10_000);

        assertThat(farewells.get()).isEqualTo(1);
        assertThat(wire.toByteArray()).isEqualTo(joined(frames));
    }

    private void offer(byte[] frame) {
        outbox.offer(outgoing(frame));
    }

    private Outgoing outgoing(byte[] frame) {
        Outgoing o = new Outgoing(new Ping());
        encoded.put(o, frame);
        return o;
    }

    private void runWriters() {
        List<Runnable> now = List.copyOf(writers);
        writers.clear();
        now.forEach(Runnable::run);
    }

    private void send(List<byte[]> frames) {
        for (byte[] f : frames) offer(f);
        outbox.finish();
        assertThat(writers).hasSize(1);
        runWriters();
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
