package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pieces of chatroom bench that decide what counts: payloads, receipts, windows, lines. */
class BenchPartsTest {

    @Test
    void aPayloadIsFoundInAPlainLineAndReadBack() {
        String text = Payload.text(Payload.PRIVATE, 3, 17, 5, 123_456_789L, 42, 64);
        byte[] line = ("2026-11-28 01:03:06 [private] bench3 -> bench42: " + text).getBytes(StandardCharsets.US_ASCII);

        Payload p = Payload.reader();
        assertThat(text).hasSize(64);
        assertThat(p.parse(line, 0, line.length)).isTrue();
        assertThat(p.kind).isEqualTo(Payload.PRIVATE);
        assertThat(p.sender).isEqualTo(3);
        assertThat(p.g).isEqualTo(17);
        assertThat(p.counter).isEqualTo(5);
        assertThat(p.sentAt).isEqualTo(123_456_789L);
        assertThat(p.to).isEqualTo(42);
    }

    @Test
    void aPayloadIsFoundInAJsonFrame() {
        String text = Payload.text(Payload.ROOM, 0, 1, 1, 99, -1, 48);
        byte[] frame = ("{\"type\":\"message\",\"room\":\"#lobby\",\"seq\":7,\"time\":\"2026-11-28T00:58:37+08:00\","
                + "\"from\":\"bench0\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.US_ASCII);

        JsonWire wire = new JsonWire();
        Payload p = Payload.reader();
        assertThat(wire.classify(frame, 0, frame.length)).isEqualTo(Wire.Kind.MESSAGE);
        assertThat(wire.seq(frame, 0, frame.length)).isEqualTo(7);
        assertThat(p.parse(frame, 0, frame.length)).isTrue();
        assertThat(p.kind).isEqualTo(Payload.ROOM);
        assertThat(p.to).isEqualTo(-1);
    }

    @Test
    void linesWithoutAPayloadAreNotMistakenForOne() {
        Payload p = Payload.reader();
        for (String line : new String[] {"2026-11-28 01:03:01 * bench1 joined", "~m1.2", "~m1.2.3.4", "~mx.1.2.3~", "~p1.2.3.4~"}) {
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            assertThat(p.parse(b, 0, b.length)).as(line).isFalse();
        }
    }

    @Test
    void anIrcClientReadsLinesByTheirCommandWhateverTheServerCallsItself() {
        IrcWire chatroom = new IrcWire(false);
        IrcWire ngircd = new IrcWire(true);

        assertThat(kind(chatroom, ":chatroom 001 bench1 :Welcome to chatroom")).isEqualTo(Wire.Kind.WELCOME);
        assertThat(kind(ngircd, ":irc.bench 001 bench1 :Welcome to the Internet Relay Network bench1!~bench1@localhost"))
                .isEqualTo(Wire.Kind.OTHER);
        assertThat(kind(ngircd, ":irc.bench 366 bench1 #lobby :End of NAMES list")).isEqualTo(Wire.Kind.WELCOME);
        assertThat(kind(ngircd, ":irc.bench 422 bench1 :MOTD file is missing")).isEqualTo(Wire.Kind.OTHER);
        assertThat(kind(ngircd, ":irc.bench 433 * bench1 :Nickname already in use")).isEqualTo(Wire.Kind.ERROR);
        assertThat(kind(ngircd, ":bench3!~bench3@localhost PRIVMSG #lobby :~m3.0.0.1~ xx")).isEqualTo(Wire.Kind.MESSAGE);
        assertThat(kind(ngircd, ":bench3!~bench3@localhost NOTICE #lobby :hello")).isEqualTo(Wire.Kind.OTHER);
        assertThat(kind(ngircd, ":bench3!~bench3@localhost JOIN :#lobby")).isEqualTo(Wire.Kind.EVENT);
        assertThat(kind(ngircd, "PING :irc.bench")).isEqualTo(Wire.Kind.PING);
        assertThat(kind(chatroom, "@time=2026-12-06T08:00:00.000Z :chatroom NOTICE bench1 :rate-limited: retry in 1 s"))
                .isEqualTo(Wire.Kind.ERROR);

        byte[] taken = ":irc.bench 433 * bench1 :Nickname already in use".getBytes(StandardCharsets.US_ASCII);
        byte[] limited = ":chatroom NOTICE bench1 :rate-limited: retry in 1 s".getBytes(StandardCharsets.US_ASCII);
        assertThat(ngircd.errorCode(taken, 0, taken.length)).isEqualTo("433");
        assertThat(chatroom.errorCode(limited, 0, limited.length)).isEqualTo("rate-limited");
        assertThat(new String(ngircd.hello("bench1"), StandardCharsets.US_ASCII)).endsWith("JOIN #lobby\r\n");
    }

    private static Wire.Kind kind(Wire wire, String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return wire.classify(b, 0, b.length);
    }

    @Test
    void theDoorsTellWelcomesAndErrorsApart() {
        PlainWire plain = new PlainWire();
        JsonWire json = new JsonWire();
        byte[] welcome = "* welcome bench1, 2 online: bench0, bench1".getBytes(StandardCharsets.US_ASCII);
        byte[] error = "! rate-limited: retry in 1.2 s".getBytes(StandardCharsets.US_ASCII);
        byte[] jsonError = "{\"type\":\"error\",\"code\":\"name-taken\",\"text\":\"x\"}".getBytes(StandardCharsets.US_ASCII);

        assertThat(plain.classify(welcome, 0, welcome.length)).isEqualTo(Wire.Kind.WELCOME);
        assertThat(plain.classify(error, 0, error.length)).isEqualTo(Wire.Kind.ERROR);
        assertThat(plain.errorCode(error, 0, error.length)).isEqualTo("rate-limited");
        assertThat(json.classify(jsonError, 0, jsonError.length)).isEqualTo(Wire.Kind.ERROR);
        assertThat(json.errorCode(jsonError, 0, jsonError.length)).isEqualTo("name-taken");
    }

    @Test
    void aJsonClientAnswersTheServersPing() {
        JsonWire json = new JsonWire();
        byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] priv = "{\"type\":\"private\",\"pid\":1}".getBytes(StandardCharsets.US_ASCII);

        assertThat(json.classify(ping, 0, ping.length)).isEqualTo(Wire.Kind.PING);
        assertThat(json.classify(priv, 0, priv.length)).isEqualTo(Wire.Kind.MESSAGE);
        assertThat(new String(json.pong(), StandardCharsets.US_ASCII)).isEqualTo("{\"type\":\"pong\"}\n");
        assertThat(new PlainWire().pong()).isNull();
    }

    @Test
    void receiptsTellLateCopiesFromDuplicates() {
        Receipts r = new Receipts(2);

        assertThat(r.receive(0, 1, 0)).isEqualTo(Receipts.Outcome.IN_ORDER);
        assertThat(r.receive(0, 1, 2)).as("1 skipped").isEqualTo(Receipts.Outcome.IN_ORDER);
        assertThat(r.receive(0, 1, 1)).isEqualTo(Receipts.Outcome.LATE);
        assertThat(r.receive(0, 1, 1)).isEqualTo(Receipts.Outcome.DUPLICATE);
        assertThat(r.receive(0, 1, 2)).isEqualTo(Receipts.Outcome.DUPLICATE);
        assertThat(r.receive(1, 1, 0)).as("the private stream counts on its own").isEqualTo(Receipts.Outcome.IN_ORDER);
    }

    @Test
    void aWindowOpensOnlyWhenItsOldestMessageReachedEveryone() {
        SendWindow w = new SendWindow(2);
        long first = w.take(2);
        long second = w.take(1);
        assertThat(w.open()).isFalse();

        w.received(second);
        assertThat(w.open()).as("the oldest still waits").isFalse();
        w.received(first);
        assertThat(w.open()).isFalse();
        w.received(first);
        assertThat(w.open()).isTrue();
    }

    @Test
    void byteSearchesEightAtATimeFindWhatALoopFinds() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) b[i] = (byte) "ab~\n\u0080\u00ff".charAt(random.nextInt(6));
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            for (byte value : new byte[] {'~', '\n', (byte) 0xff}) {
                int first = -1;
                int last = -1;
                for (int i = from; i < to; i++) {
                    if (b[i] != value) continue;
                    if (first < 0) first = i;
                    last = i;
                }
                assertThat(Bytes.indexOf(b, from, to, value)).isEqualTo(first);
                assertThat(Bytes.lastIndexOf(b, from, to, value)).isEqualTo(last);
            }
        }
    }

    @Test
    void benchDurationsReadAsTheServersDo() {
        assertThat(BenchCommand.class.getDeclaredFields()).filteredOn(f -> f.getType() == Duration.class)
                .allSatisfy(f -> assertThat(f.getAnnotation(picocli.CommandLine.Option.class).converter())
                        .as(f.getName()).containsExactly(chatroom.cli.DurationOption.class));
        assertThat(chatroom.cli.DurationOption.parse("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(chatroom.cli.DurationOption.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> chatroom.cli.DurationOption.parse("-5s"))
                .as("one grammar for every flag: a negative duration is refused, as the server's flags refuse it")
                .isInstanceOf(picocli.CommandLine.TypeConversionException.class);
    }

    @Test
    void theRawDoorFindsPayloadsMergedPrefixedAndSplitAcrossReads() {
        String a = Payload.text(Payload.ROOM, 1, 0, 0, 11, -1, 64);
        String b = Payload.text(Payload.ROOM, 2, 0, 0, 22, -1, 64);
        String c = Payload.text(Payload.ROOM, 1, 1, 1, 33, -1, 64);
        // week13.py style: a date and a name before each relayed chunk, no newlines, two sends merged into one.
        String stream = "\u5df2 2026-11-27 18:00:00 bench1: " + a + b + " 2026-11-27 18:00:01 bench1: " + c;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        java.util.List<Long> found = new java.util.ArrayList<>();
        Payload p = Payload.reader();
        LoadClient client = new LoadClient(9, "bench9");
        LoadClient.LineSink sink = (cl, buf, from, to, now) -> {
            if (p.parse(buf, from, to)) found.add(p.sentAt);
        };
        int cut = stream.indexOf(b) + 5; // inside the second payload's header
        int byteCut = stream.substring(0, cut).getBytes(StandardCharsets.UTF_8).length;
        byte[] first = java.util.Arrays.copyOfRange(bytes, 0, byteCut);
        byte[] second = java.util.Arrays.copyOfRange(bytes, byteCut, bytes.length);
        client.scan(first, first.length, sink, 0);
        client.scan(second, second.length, sink, 0);

        assertThat(found).containsExactly(11L, 22L, 33L);
    }

    @Test
    void theRawDoorSkipsAPayloadTheServerCutInTwo() {
        String a = Payload.text(Payload.ROOM, 1, 0, 0, 11, -1, 64);
        String b = Payload.text(Payload.ROOM, 1, 1, 1, 22, -1, 64);
        String stream = " 2026-11-27 18:00:00 bench1: " + a.substring(0, 6) + " 2026-11-27 18:00:00 bench1: " + a.substring(6) + b;
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        java.util.List<Long> found = new java.util.ArrayList<>();
        Payload p = Payload.reader();
        new LoadClient(9, "bench9").scan(bytes, bytes.length, (cl, buf, from, to, now) -> {
            if (p.parse(buf, from, to)) found.add(p.sentAt);
        }, 0);

        assertThat(found).containsExactly(22L);
    }
}
