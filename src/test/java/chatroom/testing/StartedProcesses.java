package chatroom.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes a test started, stopped after it last-started first, so clients go before
 * their server. Register it with {@code @RegisterExtension} and hand it each process.
 */
public final class StartedProcesses implements AfterEachCallback {
    private final Deque<ProcessRunner> started = new ArrayDeque<>();

    /** Keeps {@code process} to be stopped after the test; returns it. */
    public ProcessRunner add(ProcessRunner process) {
        started.push(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        while (!started.isEmpty()) started.pop().close();
    }
}
