package chatroom.jmh;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Limits;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One room message from one member to a room of N, through the chat rules ({@link Manager}
 * and its room: rate check, numbering, the record line, and one {@link Session#deliver}
 * per member) with sessions that only count: the cost of the fan-out itself, without
 * encoding or sockets. Divide by N for the cost per recipient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanoutBenchmark {

    @Param({"10", "100", "1000"})
    int sessions;

    private Manager manager;
    private Member sender;
    private final ChatInput.Say say = new ChatInput.Say(CodecBenchmark.TEXT);
    private final List<CountingSession> all = new ArrayList<>();

    /** A session that only counts what it is told: the fan-out's cost without a door behind it. */
    static final class CountingSession implements Session {
        private final String address;
        long delivered;

        CountingSession(int i) {
            this.address = "127.0.0.1:" + (10_000 + i);
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public void deliver(Event event) {
            delivered++;
        }

        @Override
        public void close() {
        }
    }

    @Setup(Level.Trial)
    public void join() {
        int room = sessions + 10;
        Limits limits = Limits.DEFAULTS.withoutRateLimit().withMaxConnections(room, room);
        manager = new Manager(Clock.systemUTC(), (time, line) -> { }, limits);
        for (int i = 0; i < sessions; i++) {
            CountingSession s = new CountingSession(i);
            all.add(s);
            Member m = manager.join(s, "user" + i, null).orElseThrow();
            if (i == 0) sender = m;
        }
    }

    @Benchmark
    public long say() {
        manager.handle(sender, say, null);
        return all.get(sessions - 1).delivered;
    }
}
