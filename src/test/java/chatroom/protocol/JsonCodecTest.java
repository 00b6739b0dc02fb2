package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.LeaveReason;
import chatroom.protocol.Request.Act;
import chatroom.protocol.Request.Hello;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The structured protocol's frames (SPEC §4 "Structured protocol"). */
class JsonCodecTest {
    private static final Instant T = Instant.parse("2026-11-27T06:03:07.456Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonCodec codec = new JsonCodec(ZoneId.of("Asia/Shanghai"));

    // ---- round trips ----

    static Stream<Event> events() {
        return Stream.of(
                new RoomMessage("#lobby", 17, T, "alice", "hello"),
                new RoomMessage("#lobby", 18, T, "小明", "line one\nline two\t\u001B[31m \"quoted\" \\ 👋"),
                new PrivateMessage(4411, T, "alice", List.of("bob", "carol"), "  hi  "),
                new PrivateMessage(4412, T, "alice", List.of("bob"), "sent while bob was away", true),
                new Joined("#lobby", 1, T, "bob"),
                new Left("#lobby", 2, T, "bob", LeaveReason.QUIT),
                new Left("#lobby", 3, T, "carol", LeaveReason.CONNECTION_LOST),
                new Left("#lobby", 4, T, "dave", LeaveReason.TIMED_OUT),
                new Left("#lobby", 5, T, "erin", LeaveReason.TOO_SLOW),
                new Left("#lobby", 6, T, "frank", LeaveReason.SERVER_SHUTDOWN),
                new Welcome("alice", "#lobby", 1, List.of("alice", "bob", "carol"), "c1"),
                new Welcome("alice", "#lobby", 1, List.of("alice"), null),
                new Welcome("alice", "#lobby", 1, List.of("aaron", "alice"), 1200, null),
                new Welcome("alice", "#lobby", 1, List.of(), 3, "c2"),
                new WhoList("#lobby", List.of("alice", "bob"), "7"),
                new WhoList(null, List.of("alice", "bob", "zed"), null),
                new Accepted("42", "#lobby", 19, 0),
                new Accepted("43", null, 0, 4412),
                new Accepted(null, "#lobby", 20, 0),
                new Refused(ErrorCode.NOT_ONLINE, "nobody_here is not online", "44"),
                new Refused(ErrorCode.BAD_FRAME, "a frame must be one JSON object", null),
                new Refused(ErrorCode.RATE_LIMITED, "retry in 1.2 s", "46", 1150),
                new Notice("TEXT  send\n/who  list", "45"),
                new Closing(ErrorCode.SHUTTING_DOWN, "server shutting down"),
                new Closing(ErrorCode.NAME_TIMEOUT, "no name within 10 s"),
                new Closing(ErrorCode.TIMED_OUT, "nothing heard from you for 90 s"),
                new Closing(ErrorCode.TOO_MANY_FROM_ADDRESS, "127.0.0.1 already has 100 connections (the limit)"),
                new Left("#games", 7, T, "gina", LeaveReason.MOVED, "#lobby"),
                new RoomEntered("#games", 8, List.of("alice", "gina"), "48"),
                new RoomEntered("#新", 1, List.of("小明"), null),
                new RoomEntered("#crowd", 9, List.of("aaron"), 1200, "52"),
                new RoomEntered("#crowd", 9, List.of(), 1200, null),
                new RoomList(List.of(new RoomInfo("#games", 2), new RoomInfo("#lobby", 10)), "49"),
                new RoomList(List.of(), null),
                new YourRooms(List.of("#lobby", "#games"), "#games", "53"),
                new YourRooms(List.of("#lobby"), "#lobby", null),
                new Left("#games", 10, T, "gina", LeaveReason.PARTED),
                new History("#lobby", List.of(new RoomMessage("#lobby", 3, T, "alice", "earlier\nline two"),
                        new PrivateMessage(9, T, "bob", List.of("alice"), "psst")), true, 1234, null),
                new History("#lobby", List.of(), false, 0, "50"),
                new Found("STRASSE", List.of(new RoomMessage("#lobby", 4, T, "carol", "die straße")), false, 77, "51"),
                new AwayChanged("bob", "at lunch"),
                new AwayChanged("bob", null),
                new Ping(),
                new Pong("47"),
                new Pong(null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("events")
    void everyEventSurvivesEncodeThenDecode(Event event) throws FrameException {
        String line = codec.encode(event);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(codec.decodeEvent(line)).isEqualTo(event);
    }

    @Test
    void everyKindOfEventIsCoveredByTheRoundTrip() {
        List<Class<?>> covered = events().<Class<?>>map(Object::getClass).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
    }

    @Test
    void decodingIsIndependentOfTheEncodersZone() throws FrameException {
        String line = new JsonCodec(ZoneOffset.UTC).encode(new Joined("#lobby", 1, T, "bob"));
        assertThat(codec.decodeEvent(line)).isEqualTo(new Joined("#lobby", 1, T, "bob"));
    }

    static Stream<Request> requests() {
        return Stream.of(
                new Hello("h1", JsonCodec.VERSION, "alice"),
                new Hello(null, JsonCodec.VERSION, "小明"),
                new Act("1", new ChatInput.Say("hello")),
                new Act("2", new ChatInput.Say("  spaced\nmulti-line \u0000 \"q\" ")),
                new Act(null, new ChatInput.Say("no id")),
                new Act("3", new ChatInput.Tell(List.of("bob"), "hi")),
                new Act("4", new ChatInput.Tell(List.of("bob", "carol"), " two  spaces ")),
                new Act("5", new ChatInput.Who(false)),
                new Act("6", new ChatInput.Who(true)),
                new Act("7", new ChatInput.Help()),
                new Act("8", new ChatInput.Quit()),
                new Hello("h2", JsonCodec.VERSION, "bot", 0),
                new Hello("h3", JsonCodec.VERSION, "reader", 200),
                new Act("10", new ChatInput.JoinRoom("#games")),
                new Act("11", new ChatInput.LeaveRoom()),
                new Act("12", new ChatInput.Rooms()),
                new Act("13", new ChatInput.PageBack(50, 0)),
                new Act("14", new ChatInput.PageBack(200, 123456)),
                new Act("15", new ChatInput.Search("straße", 0)),
                new Act("16", new ChatInput.Search("你好", 99)),
                new Act("17", new ChatInput.PartRoom("#games")),
                new Act("18", new ChatInput.PartRoom(null)),
                new Act("19", new ChatInput.MyRooms()),
                new Act("20", new ChatInput.InRoom("#games", new ChatInput.Say("to #games"))),
                new Act("21", new ChatInput.InRoom("#games", new ChatInput.Who(false))),
                new Act("22", new ChatInput.InRoom("#games", new ChatInput.PageBack(50, 7))),
                new Act("23", new ChatInput.InRoom("#games", new ChatInput.Search("hi", 0))),
                new Request.Ping("9"),
                new Request.Ping(null),
                new Request.Pong(null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("requests")
    void everyRequestSurvivesEncodeThenDecode(Request request) throws FrameException {
        String line = codec.encode(request);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(codec.decodeRequest(line)).isEqualTo(request);
    }

    // ---- the wire shape ----

    /** Several rooms at once (issue 16): the exact frames docs/PROTOCOL.md shows. */
    @Test
    void roomFramesAreAsTheProtocolDocumentShowsThem() throws Exception {
        assertThat(codec.encode(new YourRooms(List.of("#lobby", "#games"), "#games", "5")))
                .isEqualTo("{\"type\":\"your-rooms\",\"id\":\"5\",\"rooms\":[\"#lobby\",\"#games\"],\"current\":\"#games\"}");
        assertThat(codec.decodeRequest("{\"type\":\"part\",\"room\":\"#games\",\"id\":\"6\"}"))
                .isEqualTo(new Act("6", new ChatInput.PartRoom("#games")));
        assertThat(codec.decodeRequest("{\"type\":\"line\",\"text\":\"/who\",\"room\":\"#games\"}"))
                .as("a typed line about one of one's rooms").isEqualTo(new Act(null, new ChatInput.InRoom("#games",
                        new ChatInput.Who(false))));
        assertThat(codec.decodeRequest("{\"type\":\"join\",\"room\":\"#games\"}"))
                .as("a join's room is the room entered").isEqualTo(new Act(null, new ChatInput.JoinRoom("#games")));
    }

    @Test
    void roomMessageFrameCarriesTimeWithTheServersOffset() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new RoomMessage("#lobby", 17, T, "alice", "hello")));
        assertThat(f.get("type").asText()).isEqualTo("message");
        assertThat(f.get("seq").asLong()).isEqualTo(17);
        assertThat(f.get("time").asText()).isEqualTo("2026-11-27T14:03:07.456+08:00");
    }

    @Test
    void privateMessageFrameHasAnIdButNoRoomNumber() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new PrivateMessage(9, T, "alice", List.of("bob"), "hi")));
        assertThat(f.get("type").asText()).isEqualTo("private");
        assertThat(f.get("pid").asLong()).isEqualTo(9);
        assertThat(f.has("seq")).isFalse();
        assertThat(f.has("room")).isFalse();
        assertThat(f.has("waited")).isFalse(); // only one that waited says so
        JsonNode waited = JSON.readTree(codec.encode(new PrivateMessage(9, T, "alice", List.of("bob"), "hi").waiting()));
        assertThat(waited.get("waited").asBoolean()).isTrue();
        assertThat(waited.get("time").asText()).isEqualTo(f.get("time").asText());
    }

    @Test
    void refusalCarriesTheRequestsIdAndTheWireCode() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new Refused(ErrorCode.TEXT_TOO_LONG, "too long", "abc")));
        assertThat(f.get("type").asText()).isEqualTo("error");
        assertThat(f.get("code").asText()).isEqualTo("text-too-long");
        assertThat(f.get("id").asText()).isEqualTo("abc");
        assertThat(f.has("final")).isFalse();
    }

    @Test
    void aRateLimitedRefusalSaysInMillisecondsWhenToRetry() throws Exception {
        assertThat(codec.encode(new Refused(ErrorCode.RATE_LIMITED, "retry in 1.2 s", "9", 1150)))
                .isEqualTo("{\"type\":\"error\",\"id\":\"9\",\"code\":\"rate-limited\",\"text\":\"retry in 1.2 s\","
                        + "\"retryAfterMs\":1150}");
    }

    @Test
    void keepAliveFramesAreOneWordEachWay() {
        assertThat(codec.encode(new Ping())).isEqualTo("{\"type\":\"ping\"}");
        assertThat(codec.encode(new Pong("5"))).isEqualTo("{\"type\":\"pong\",\"id\":\"5\"}");
        assertThat(codec.encode(new Request.Pong(null))).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void enteringARoomSaysHowManyAreThereAndOneFromAnOlderServerNamesThemAll() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new RoomEntered("#games", 3, List.of("aaron", "alice"), 1200, null)));
        assertThat(f.get("count").asInt()).isEqualTo(1200);
        assertThat(f.get("members")).hasSize(2);
        Event old = codec.decodeEvent("{\"type\":\"entered\",\"room\":\"#games\",\"seq\":2,\"members\":[\"alice\",\"bob\"]}");
        assertThat(old).isEqualTo(new RoomEntered("#games", 2, List.of("alice", "bob"), 2, null));
    }

    @Test
    void aWelcomeSaysHowManyAreOnlineAndOneFromAnOlderServerNamesThemAll() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new Welcome("alice", "#lobby", 1, List.of("aaron", "alice"), 1200, null)));
        assertThat(f.get("count").asInt()).isEqualTo(1200);
        assertThat(f.get("online")).hasSize(2);
        Event old = codec.decodeEvent("{\"type\":\"welcome\",\"version\":1,\"name\":\"bob\",\"room\":\"#lobby\",\"seq\":2,"
                + "\"online\":[\"alice\",\"bob\"]}");
        assertThat(old).isEqualTo(new Welcome("bob", "#lobby", 2, List.of("alice", "bob"), 2, null));
    }

    @Test
    void welcomeCarriesTheProtocolVersion() throws Exception {
        JsonNode f = JSON.readTree(codec.encode(new Welcome("alice", "#lobby", 1, List.of("alice"), null)));
        assertThat(f.get("version").asInt()).isEqualTo(JsonCodec.VERSION);
    }

    @Test
    void numericIdIsReadAsText() throws FrameException {
        assertThat(codec.decodeRequest("{\"type\":\"help\",\"id\":7}")).isEqualTo(new Act("7", new ChatInput.Help()));
    }

    // ---- bad frames ----

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("", null),
                arguments("   ", null),
                arguments("{", null),
                arguments("not json", null),
                arguments("{\"type\":\"say\",\"text\":\"hi\"", null),
                arguments("{'type':'say'}", null),
                arguments("[]", null),
                arguments("[{\"type\":\"say\",\"text\":\"hi\"}]", null),
                arguments("\"say\"", null),
                arguments("42", null),
                arguments("null", null),
                arguments("true", null),
                arguments("{}", null),
                arguments("{\"id\":\"1\"}", "1"),
                arguments("{\"type\":null,\"id\":\"2\"}", "2"),
                arguments("{\"type\":5,\"id\":\"3\"}", "3"),
                arguments("{\"type\":[\"say\"],\"id\":\"4\"}", "4"),
                arguments("{\"type\":\"shout\",\"id\":\"5\"}", "5"),
                arguments("{\"type\":\"SAY\",\"text\":\"hi\",\"id\":\"6\"}", "6"),
                arguments("{\"type\":\"say\",\"id\":\"7\"}", "7"),
                arguments("{\"type\":\"say\",\"text\":5,\"id\":\"8\"}", "8"),
                arguments("{\"type\":\"say\",\"text\":null,\"id\":\"9\"}", "9"),
                arguments("{\"type\":\"say\",\"text\":{\"a\":1},\"id\":\"10\"}", "10"),
                arguments("{\"type\":\"say\",\"text\":[\"hi\"],\"id\":\"11\"}", "11"),
                arguments("{\"type\":\"tell\",\"text\":\"hi\",\"id\":\"12\"}", "12"),
                arguments("{\"type\":\"tell\",\"to\":\"bob\",\"text\":\"hi\",\"id\":\"13\"}", "13"),
                arguments("{\"type\":\"tell\",\"to\":[],\"text\":\"hi\",\"id\":\"14\"}", "14"),
                arguments("{\"type\":\"tell\",\"to\":[1,2],\"text\":\"hi\",\"id\":\"15\"}", "15"),
                arguments("{\"type\":\"tell\",\"to\":[\"bob\",null],\"text\":\"hi\",\"id\":\"16\"}", "16"),
                arguments("{\"type\":\"tell\",\"to\":[\"bob\"],\"id\":\"17\"}", "17"),
                arguments("{\"type\":\"hello\",\"name\":\"alice\",\"id\":\"18\"}", "18"),
                arguments("{\"type\":\"hello\",\"version\":\"1\",\"name\":\"alice\",\"id\":\"19\"}", "19"),
                arguments("{\"type\":\"hello\",\"version\":1,\"id\":\"20\"}", "20"),
                arguments("{\"type\":\"hello\",\"version\":1,\"name\":7,\"id\":\"21\"}", "21"),
                arguments("{\"type\":\"hello\",\"version\":99999999999,\"name\":\"a\",\"id\":\"22\"}", "22"),
                arguments("{\"type\":\"hello\",\"version\":1,\"name\":\"a\",\"history\":-1,\"id\":\"23\"}", "23"),
                arguments("{\"type\":\"hello\",\"version\":1,\"name\":\"a\",\"history\":\"all\",\"id\":\"24\"}", "24"),
                arguments("{\"type\":\"join\",\"id\":\"25\"}", "25"),
                arguments("{\"type\":\"join\",\"room\":7,\"id\":\"26\"}", "26"),
                arguments("{\"type\":\"history\",\"count\":201,\"id\":\"27\"}", "27"),
                arguments("{\"type\":\"history\",\"count\":2.5,\"id\":\"28\"}", "28"),
                arguments("{\"type\":\"history\",\"before\":-3,\"id\":\"29\"}", "29"),
                arguments("{\"type\":\"search\",\"id\":\"30\"}", "30"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void badRequestIsABadFrameCarryingItsIdWhenItHasOne(String line, String id) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeRequest(line));
        assertThat(e).as("decodeRequest(%s)", line).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.getMessage()).isNotBlank();
    }

    @ParameterizedTest(name = "[{index}] {0} levels deep")
    @ValueSource(ints = {17, 100, 1000, 100_000})
    void deeplyNestedFrameIsABadFrame(int depth) {
        String line = "{\"type\":\"say\",\"text\":\"hi\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeRequest(line));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void shallowNestingInUnknownFieldsIsIgnored() throws FrameException {
        String line = "{\"type\":\"say\",\"text\":\"hi\",\"x\":[[[{\"y\":[1]}]]]}";
        assertThat(codec.decodeRequest(line)).isEqualTo(new Act(null, new ChatInput.Say("hi")));
    }

    @Test
    void errorMessageOfAnUnreadableFrameIsOneShortLine() {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> codec.decodeRequest("{\"text\":\"" + "x".repeat(500) + "\n"));
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.getMessage().length()).isLessThan(200);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"type\":\"say\",\"text\":\"a\"}{\"type\":\"say\",\"text\":\"b\"}",
        "{\"type\":\"say\",\"text\":\"a\"} trailing",
        "{\"type\":\"help\"}]"
    })
    void trailingTextAfterTheObjectIsABadFrame(String line) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeRequest(line));
        assertThat(e).as("decodeRequest(%s)", line).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void helloWithAFractionalVersionIsABadFrame() {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> codec.decodeRequest("{\"type\":\"hello\",\"version\":1.5,\"name\":\"alice\",\"id\":\"h\"}"));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.id()).isEqualTo("h");
    }

    static Stream<String> badEvents() {
        return Stream.of(
                "",
                "[]",
                "{\"type\":\"gossip\"}",
                "{\"type\":\"message\",\"room\":\"#lobby\",\"seq\":\"x\",\"time\":\"2026-11-27T14:03:07+08:00\",\"from\":\"a\",\"text\":\"t\"}",
                "{\"type\":\"message\",\"room\":\"#lobby\",\"seq\":1,\"time\":\"yesterday\",\"from\":\"a\",\"text\":\"t\"}",
                "{\"type\":\"message\",\"room\":\"#lobby\",\"seq\":1,\"time\":5,\"from\":\"a\",\"text\":\"t\"}",
                "{\"type\":\"left\",\"room\":\"#lobby\",\"seq\":1,\"time\":\"2026-11-27T14:03:07+08:00\",\"name\":\"a\",\"reason\":\"bored\"}",
                "{\"type\":\"error\",\"code\":\"no-such-code\",\"text\":\"t\"}",
                "{\"type\":\"private\",\"pid\":1,\"time\":\"2026-11-27T14:03:07+08:00\",\"from\":\"a\",\"to\":[],\"text\":\"t\"}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badEvents")
    void badEventFrameIsABadFrame(String line) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeEvent(line));
        assertThat(e).as("decodeEvent(%s)", line).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"say\",\"text\":\"hi\",\"id\":{\"x\":1}}",
            "{\"type\":\"say\",\"text\":\"hi\",\"id\":[1]}"})
    void anIdThatIsAnObjectOrArrayMakesTheFrameBad(String line) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeRequest(line));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).isEqualTo("'id' must be a string or a number");
    }

    /** The frame types are one table (issue 13): the error for an unknown one names every type a client can send. */
    @Test
    void anUnknownFrameTypeIsAnsweredWithEveryTypeAClientSends() throws Exception {
        FrameException e = catchThrowableOfType(FrameException.class, () -> codec.decodeRequest("{\"type\":\"shout\"}"));
        List<Request> every = List.of(new Hello(null, 1, "ann", -1), new Request.Ping(null), new Request.Pong(null),
                new Act(null, new ChatInput.Say("hi")), new Act(null, new ChatInput.Tell(List.of("bob"), "hi")),
                new Act(null, new ChatInput.Who(false)), new Act(null, new ChatInput.Help()),
                new Act(null, new ChatInput.JoinRoom("#games")), new Act(null, new ChatInput.LeaveRoom()),
                new Act(null, new ChatInput.Rooms()), new Act(null, new ChatInput.PageBack(5, 0)),
                new Act(null, new ChatInput.Search("hi", 0)), new Act(null, new ChatInput.Quit()),
                new Act(null, new ChatInput.PartRoom(null)), new Act(null, new ChatInput.MyRooms()));
        for (Request r : every) {
            String type = JSON.readTree(codec.encode(r)).get("type").asText();
            assertThat(e.getMessage()).as(type).containsPattern("[( ]" + type + "[,)]");
        }
    }
}
