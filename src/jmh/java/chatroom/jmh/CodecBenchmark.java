package chatroom.jmh;

import chatroom.chat.Event.RoomMessage;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import chatroom.protocol.Request;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The frame work on the hot path, per message: a room message encoded for the JSON door
 * and rendered for the plain door (once per broadcast, or once per recipient where the
 * server does not share the encoding), and a client's say frame decoded (once per message
 * sent). A 64-character text, as in the fan-out workload of chatroom bench.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    static final String TEXT = "~m3.1234.1234.987654321~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    private final JsonCodec codec = new JsonCodec(ZoneOffset.UTC);
    private final PlainFormat plain = new PlainFormat(ZoneOffset.UTC);
    private final RoomMessage message = new RoomMessage("#lobby", 123_456, Instant.parse("2026-11-27T18:00:00.123Z"),
            "bench3", TEXT);
    private final String sayFrame = "{\"type\":\"say\",\"text\":\"" + TEXT + "\"}";

    @Benchmark
    public String jsonEncodeRoomMessage() {
        return codec.encode(message);
    }

    @Benchmark
    public Request jsonDecodeSay() throws FrameException {
        return codec.decodeRequest(sayFrame);
    }

    @Benchmark
    public String plainRenderRoomMessage() {
        return plain.render(message);
    }
}
