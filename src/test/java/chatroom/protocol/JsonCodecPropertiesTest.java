package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomMessage;
import chatroom.protocol.Request.Act;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

/** Properties of the structured protocol over arbitrary frames and text. */
class JsonCodecPropertiesTest {
    private final JsonCodec codec = new JsonCodec(ZoneId.of("Europe/Berlin"));

    @Property
    void decodeRequestThrowsNothingButABadFrame(@ForAll("frames") String line) {
        Throwable thrown = catchThrowable(() -> codec.decodeRequest(line));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(FrameException.class);
            assertThat(((FrameException) thrown).code()).isEqualTo(ErrorCode.BAD_FRAME);
        }
    }

    @Property
    void decodeEventThrowsNothingButABadFrame(@ForAll("frames") String line) {
        Throwable thrown = catchThrowable(() -> codec.decodeEvent(line));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(FrameException.class);
            assertThat(((FrameException) thrown).code()).isEqualTo(ErrorCode.BAD_FRAME);
        }
    }

    @Property
    void anyTextSurvivesARoundTripInOneLine(@ForAll("anyText") String text, @ForAll("anyText") String id) throws FrameException {
        Request say = new Act(id, new ChatInput.Say(text));
        String line = codec.encode(say);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(codec.decodeRequest(line)).isEqualTo(say);
    }

    @Property
    void anyTellSurvivesARoundTrip(@ForAll @NotEmpty @Size(max = 5) List<@NotEmpty String> to, @ForAll("anyText") String text)
            throws FrameException {
        Request tell = new Act("t", new ChatInput.Tell(to, text));
        assertThat(codec.decodeRequest(codec.encode(tell))).isEqualTo(tell);
    }

    @Property
    void anyMessageSurvivesARoundTrip(@ForAll("anyText") String text, @ForAll long seq, @ForAll("instants") Instant time)
            throws FrameException {
        RoomMessage message = new RoomMessage("#lobby", seq, time, "alice", text);
        assertThat(codec.decodeEvent(codec.encode(message))).isEqualTo(message);
        PrivateMessage tell = new PrivateMessage(seq, time, "alice", List.of("bob"), text);
        assertThat(codec.decodeEvent(codec.encode(tell))).isEqualTo(tell);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 253_402_300_799L), // up to 9999-12-31
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** Arbitrary text, and JSON-ish text built from the pieces of real frames. */
    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"type\"", "\"id\"", "\"text\"", "\"to\"",
                "\"name\"", "\"version\"", "\"all\"", "\"say\"", "\"tell\"", "\"hello\"", "\"who\"", "\"help\"", "\"quit\"",
                "\"message\"", "\"private\"", "\"joined\"", "\"left\"", "\"welcome\"", "\"accepted\"", "\"error\"", "\"notice\"",
                "\"seq\"", "\"pid\"", "\"time\"", "\"2026-11-27T14:03:07+08:00\"", "\"final\"", "\"code\"", "\"not-online\"",
                "\"reason\"", "\"quit\"", "1", "-1", "1.5", "1e400", "99999999999999999999", "true", "false", "null", "\"\\u0000\"",
                "\"\\ud800\"", " ", "\n");
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                piece.list().ofMaxSize(30).map(l -> String.join("", l)),
                piece.list().ofMaxSize(12).map(l -> "{\"type\":" + String.join("", l) + "}"));
    }
}
