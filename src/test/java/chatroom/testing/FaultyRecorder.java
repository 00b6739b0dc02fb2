package chatroom.testing;

import chatroom.chat.Recorder;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records through the real server log until told to fail, then refuses every line as a
 * full disk would, until told to stop failing: the seam for "the log cannot be written".
 */
public final class FaultyRecorder implements Recorder {
    private final Recorder real;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean failing;

    public FaultyRecorder(Recorder real) {
        this.real = real;
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** How many lines were refused so far. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void record(Instant time, String line) throws IOException {
        if (failing) {
            refused.incrementAndGet();
            throw new IOException("No space left on device (injected by the test)");
        }
        real.record(time, line);
    }
}
