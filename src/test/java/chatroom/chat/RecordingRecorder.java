package chatroom.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A recorder that keeps its lines in memory and can be told to fail like a full disk. */
final class RecordingRecorder implements Recorder {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Instant> times = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failing;

    @Override
    public void record(Instant time, String line) throws IOException {
        if (failing) throw new IOException("No space left on device");
        times.add(time);
        lines.add(line);
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<Instant> times() {
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    /** The lines that start with {@code word}, such as "MSG". */
    List<String> lines(String word) {
        return lines().stream().filter(l -> l.startsWith(word + " ")).toList();
    }
}
