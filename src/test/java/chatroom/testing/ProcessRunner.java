package chatroom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * One process a test drives like a script would: stdin is a pipe the test writes lines
 * to, stdout and stderr are read into {@link LineQueue}s. {@link #close()} ends it (SIGTERM,
 * then SIGKILL) so no test leaves a process behind.
 */
public final class ProcessRunner implements AutoCloseable {
    /** How long a process gets to end after SIGTERM before it is killed. */
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);
    /** After exit, how long the pumps may take to read what the process wrote last. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final LineQueue stdout;
    private final LineQueue stderr;
    private final OutputStream stdin;

    private ProcessRunner(String name, List<String> command, Process process) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = new LineQueue(name + " stdout", process.getInputStream());
        this.stderr = new LineQueue(name + " stderr", process.getErrorStream());
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code command} in {@code workDir} with the environment of this JVM changed by
     * {@code env} (a null value removes a variable).
     */
    public static ProcessRunner start(String name, List<String> command, Path workDir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        env.forEach((k, v) -> {
            if (v == null) builder.environment().remove(k);
            else builder.environment().put(k, v);
        });
        try {
            return new ProcessRunner(name, List.copyOf(command), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits for the next stdout line matching {@code regex} as a whole (earlier lines are consumed). */
    public Matcher awaitLine(String regex, Duration timeout) {
        return stdout.await(regex, timeout, this::state);
    }

    /** The next stdout line, whatever it says. */
    public String nextLine(Duration timeout) {
        return stdout.next(timeout, this::state);
    }

    /** Writes {@code line} and a newline to stdin. */
    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            fail(name + ": cannot write to stdin (" + e.getMessage() + ")\n  " + state());
        }
    }

    /** Closes stdin: the process reads end of input. */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone: it has seen the end anyway
        }
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux). */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the process to exit and returns its exit code, once everything it wrote has
     * been read; fails, with its output, when it is still running after {@code timeout}.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(name + ": still running " + timeout.toSeconds() + " s later\n  " + state() + "\n  stdout: "
                        + stdout.all() + "\n  stderr: " + stderr.all());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(name + ": interrupted while waiting for it to exit");
        }
        // A child that inherited the pipes could keep them open; the exit code is what counts.
        stdout.awaitEnd(DRAIN);
        stderr.awaitEnd(DRAIN);
        return process.exitValue();
    }

    /** Every stdout line so far (after {@link #awaitExit}: all of them). */
    public List<String> stdoutLines() {
        return stdout.all();
    }

    /** Every stderr line so far (after {@link #awaitExit}: all of them). */
    public List<String> stderrLines() {
        return stderr.all();
    }

    /**
     * Sends SIGKILL (what {@link Process#destroyForcibly()} does on Linux): the process ends
     * at once, no shutdown hook runs, nothing is flushed. Only a crash is harder.
     */
    public void kill() {
        process.destroyForcibly();
    }

    /** The program the process runs, as the system reports it (after an exec: the new program). */
    public String program() {
        return ProcessHandle.of(process.pid()).flatMap(h -> h.info().command()).orElse("(unknown)");
    }

    /** The arguments the process runs with, as the system reports them (after an exec: the new program's). */
    public List<String> arguments() {
        return ProcessHandle.of(process.pid()).flatMap(h -> h.info().arguments()).map(List::of).orElse(List.of());
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    private String state() {
        String how = process.isAlive() ? "still running" : "exited with code " + process.exitValue();
        return name + " (pid " + process.pid() + ", " + String.join(" ", command) + ") is " + how
                + "; stderr: " + stderr.all();
    }

    /** Ends the process if it still runs: SIGTERM, then SIGKILL after a grace period; children too. */
    @Override
    public void close() {
        closeStdin();
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
