package chatroom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Starts {@code ./chatroom} from the project root as a person would, against the packaged jar. */
public final class Launcher {
    /**
     * Variables that make every JVM print "Picked up …" on stderr; a user's shell rarely has
     * them, and they would turn a one-line error into two.
     */
    private static final List<String> NOISY_JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

    private Launcher() {}

    /** The project root: Maven runs tests there. */
    public static Path root() {
        return Paths.get("").toAbsolutePath();
    }

    public static Path script() {
        return root().resolve("chatroom");
    }

    /**
     * Fails unless target/chatroom.jar is packaged and newer than the sources: otherwise the
     * launcher would start a Maven build from inside this one, and the processes would say
     * "building …" first.
     */
    public static void requirePackagedJar() {
        Path jar = root().resolve("target/chatroom.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: run these tests through 'mvn verify' (or ./test.sh), after the jar is packaged");
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            Optional<Path> newer;
            try (Stream<Path> files = Stream.concat(Files.walk(root().resolve("src/main")), Stream.of(root().resolve("pom.xml")))) {
                newer = files.filter(p -> {
                    try {
                        return Files.getLastModifiedTime(p).compareTo(built) > 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).findFirst();
            }
            newer.ifPresent(p -> fail(p + " is newer than " + jar + ": ./chatroom would rebuild inside this build; run 'mvn verify'"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./chatroom args…} in {@code workDir}, stdin a pipe (not a terminal). */
    public static ProcessRunner chatroom(String name, Path workDir, String... args) {
        return chatroom(name, workDir, Map.of(), args);
    }

    /** The same with {@code env} set for it (a null value removes a variable). */
    public static ProcessRunner chatroom(String name, Path workDir, Map<String, String> more, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        NOISY_JVM_VARIABLES.forEach(v -> env.put(v, null));
        env.putAll(more);
        return ProcessRunner.start(name, command, workDir, env);
    }

    /**
     * {@code ./chatroom server} for a process test: a free port of 127.0.0.1, data in
     * {@code workDir/data}, quiet, no web door, no rate limit (the clients send as fast as
     * the server accepts; SPEC §5 lets tests raise limits), then {@code more}.
     */
    public static ProcessRunner server(Path workDir, String... more) {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--no-web", "--no-irc", "--data-dir",
                workDir.resolve("data").toString(), "--quiet", "--rate", "0"));
        args.addAll(List.of(more));
        return chatroom("server", workDir, args.toArray(String[]::new));
    }

    /** The port a server's first line names ({@code listening on 127.0.0.1:PORT}), failing the test if it does not. */
    public static int port(ProcessRunner server, Duration wait) {
        String first = server.nextLine(wait);
        Matcher m = LISTENING.matcher(first);
        if (!m.matches()) fail("the server's first line, '" + first + "', does not say where it listens");
        return Integer.parseInt(m.group(1));
    }

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
}
