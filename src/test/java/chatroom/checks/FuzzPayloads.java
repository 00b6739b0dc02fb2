package chatroom.checks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile input for {@link LiveFuzzTest}: for each door, lines chosen at random from kinds
 * a broken or malicious client might send. Every payload ends with a newline, so the next
 * one starts a line of its own. Strings meant for JSON are escaped here (every character
 * outside printable ASCII as {@code \\uXXXX}), so a lone surrogate reaches the server as
 * the escape {@code \\ud800} rather than as a replacement character.
 */
final class FuzzPayloads {
    /** One line (or a few) to send, and what kind it is, for the test's figures. */
    record Payload(String kind, byte[] bytes) {
        boolean startsWith(char c) {
            return bytes.length > 0 && bytes[0] == c;
        }
    }

    /** Characters worth mixing into text: controls, escapes, bidi overrides, separators, wide and combining ones. */
    private static final String PALETTE = "aZ09 _-.@/:,#\\\"'{}[]\t\r\u0000\u0007\u001B\u007F\u0085\u009B\u00AD"
            + "\u200E\u200F\u202A\u202E\u2066\u2069\u061C\u2028\u2029\uFEFF\uFFFD\u0301\u4F60\u597D\u00DF\u1E9E";
    private static final String[] EMOJI = {"\uD83D\uDE00", "\uD83D\uDC4D", "\uD83C\uDDE8\uD83C\uDDF3"};
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xC3, 0x28}, // a lead byte without its continuation
            {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xC0, (byte) 0xAF}, // an over-long '/'
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, // an over-long NUL
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80}, // a continuation byte alone
            {(byte) 0xE4, (byte) 0xBD}, // a character cut short
            {(byte) 0x9B, '2', 'J'}, // the 8-bit CSI as a raw byte
    };
    /** Surrogates encoded as if they were characters (CESU-8, "modified UTF-8"): not UTF-8. */
    private static final byte[][] CESU = {
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // lone high surrogate U+D800
            {(byte) 0xED, (byte) 0xB0, (byte) 0x80}, // lone low surrogate U+DC00
            {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}, // 😀 as a CESU pair
    };
    private static final List<String> ESCAPES = List.of("\u001B[2J\u001B[H", "\u001B]0;owned\u0007", "\u001B[31mred\u001B[0m",
            "\u009B2J", "\u001BP+q\u001B\\", "\u001B[6n", "\u001Bc", "\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\");
    private static final List<String> BIDI = List.of("abc\u202Edcba", "\u2066x\u2069", "\u200Fright\u200E", "\u061Cz",
            "file\u202Etxt.exe");
    private static final List<String> COMMANDS = List.of("/who all", "/who nobody", "/msg", "/msg alice", "/msg nobody hi",
            "@", "@ ", "@alice", "@@@@ x", "@alice, @bob: hi", "/help", "//", "//who", "/quitx", "/unknown \u001B[2J",
            "@\u202Ealice hi", "/msg \u001B[2J hi", "@nobody\u0000 hi", "/WHO", "/who\tall");
    private static final List<String> NAMES = List.of("alice", "ALICE", "Bob", "a".repeat(33), "bad name", "名字",
            "e\u0301", "\u001B[2J", "a\u0000b", "\u202Eevil", "x/y", "@x", "#x", "\u00DF\u1E9E");
    private static final List<String> JSON_TYPES = List.of("hello", "say", "tell", "who", "help", "", "HELLO", "dance");
    private static final List<String> JSON_FIELDS = List.of("version", "name", "text", "to", "id", "all", "from", "room", "seq");

    private final Random random;
    private final int maxLineBytes;

    FuzzPayloads(Random random, int maxLineBytes) {
        this.random = random;
        this.maxLineBytes = maxLineBytes;
    }

    // ---- the plain door ----

    Payload plain() {
        return switch (random.nextInt(16)) {
            case 0 -> new Payload("random-bytes", line(randomBytes(1 + random.nextInt(300))));
            case 1 -> new Payload("random-text", line(utf8(randomText(1 + random.nextInt(200)))));
            case 2 -> new Payload("line-at-limit", line(utf8("x".repeat(maxLineBytes))));
            case 3 -> new Payload("line-over-limit", line(utf8("x".repeat(maxLineBytes + 1 + random.nextInt(3 * maxLineBytes)))));
            case 4 -> new Payload("text-at-limit", line(utf8("y".repeat(4096))));
            case 5 -> random.nextBoolean()
                    ? new Payload("text-over-limit", line(utf8("y".repeat(4097))))
                    : new Payload("wide-text", line(utf8(EMOJI[0].repeat(2000)))); // 2000 code points, 4000 chars, 8000 bytes
            case 6 -> new Payload("deep-nesting", line(utf8("[".repeat(random.nextBoolean() ? 10_000 : 4000))));
            case 7 -> new Payload("invalid-utf8", line(concat(utf8("text "), pick(BAD_UTF8), utf8(" more"))));
            case 8 -> new Payload("cesu-surrogates", line(concat(utf8("lone "), pick(CESU), utf8(" surrogate"))));
            case 9 -> new Payload("nul", line(utf8("nul\u0000in\u0000the middle")));
            case 10 -> new Payload("bidi", line(utf8(pick(BIDI))));
            case 11 -> new Payload("ansi", line(utf8("look " + pick(ESCAPES) + " here")));
            case 12 -> new Payload("commands", line(utf8(pick(COMMANDS))));
            case 13 -> new Payload("blank", utf8(random.nextBoolean() ? "\n" : random.nextBoolean() ? "   \n" : "\r\n"));
            case 14 -> new Payload("names", line(utf8(pick(NAMES))));
            default -> new Payload("carriage-returns", line(utf8("one\rtwo\r\rthree\u2028four")));
        };
    }

    // ---- the JSON door ----

    Payload json() {
        return switch (random.nextInt(16)) {
            case 0 -> new Payload("json-random-bytes", line(concat(utf8("{"), randomBytes(1 + random.nextInt(300)))));
            case 1, 2, 3 -> new Payload("json-wrong-types", line(utf8(randomFrame())));
            case 4 -> new Payload("json-line-at-limit", line(utf8(sayOfLength(maxLineBytes))));
            case 5 -> new Payload("json-line-over-limit", line(utf8(sayOfLength(maxLineBytes + 1 + random.nextInt(maxLineBytes)))));
            case 6 -> new Payload("json-huge-name", line(utf8("{\"type\":\"hello\",\"version\":1,\"name\":\""
                    + "n".repeat(maxLineBytes - 50 + random.nextInt(100)) + "\"}")));
            case 7 -> new Payload("json-deep-nesting", line(utf8(deepNesting())));
            case 8 -> new Payload("json-invalid-utf8", line(concat(utf8("{\"type\":\"say\",\"text\":\"bad "), pick(BAD_UTF8), utf8("\"}"))));
            case 9 -> new Payload("json-cesu-bytes", line(concat(utf8("{\"type\":\"say\",\"text\":\"cesu "), pick(CESU), utf8("\"}"))));
            case 10 -> new Payload("json-lone-surrogates", line(utf8(pick(List.of(
                    "{\"type\":\"say\",\"text\":\"a\\ud800b\"}", "{\"type\":\"say\",\"text\":\"\\udc00\"}",
                    "{\"type\":\"say\",\"text\":\"\\ud800\\ud800\\udfff\"}", "{\"type\":\"hello\",\"version\":1,\"name\":\"\\ud800\"}",
                    "{\"type\":\"tell\",\"to\":[\"\\udbff\"],\"text\":\"x\"}", "{\"type\":\"who\",\"id\":\"\\ud800\"}")))));
            case 11 -> new Payload("json-nul", line(random.nextBoolean()
                    ? utf8("{\"type\":\"say\",\"text\":\"a\\u0000b\",\"id\":\"\\u0000\"}")
                    : concat(utf8("{\"type\":\"say\",\"text\":\"raw"), new byte[] {0}, utf8("nul\"}"))));
            case 12 -> new Payload("json-bidi-ansi", line(utf8("{\"type\":\"" + pick(List.of("say", "hello")) + "\",\"version\":1,"
                    + "\"name\":" + quote(pick(NAMES)) + ",\"text\":" + quote(pick(ESCAPES) + pick(BIDI)) + ",\"id\":"
                    + quote(pick(ESCAPES)) + "}")));
            case 13 -> new Payload("json-empty-fields", line(utf8(pick(List.of("{}", "{\"type\":\"\"}", "{\"type\":\"say\",\"text\":\"\"}",
                    "{\"type\":\"hello\",\"version\":1,\"name\":\"\"}", "{\"type\":\"tell\",\"to\":[],\"text\":\"x\"}",
                    "{\"type\":\"tell\",\"to\":[\"\"],\"text\":\"x\"}", "{\"type\":\"say\",\"id\":\"\",\"text\":\" \"}")))));
            case 14 -> new Payload("json-numbers", line(utf8("{\"type\":\"hello\",\"name\":\"num\",\"version\":" + pick(List.of(
                    "1e999999", "99999999999999999999999999", "-1", "1.0", "1.5", "\"1\"", "0x1", "NaN", "1" + "0".repeat(2000),
                    "-0", "[1]")) + "}")));
            default -> new Payload("json-malformed", line(utf8(pick(List.of("{\"type\":\"who\"} {\"type\":\"who\"}",
                    "{\"type\":\"who\"}]", "[]", "null", "1", "\"who\"", "true", "{\"type\":\"who\"", "{'type':'who'}",
                    "{\"type\":\"who\",}", "{\"type\":\"say\",\"type\":\"tell\",\"text\":\"dup\"}", "{\"type\":\"who\"}\u0000",
                    "\uFEFF{\"type\":\"who\"}", "{\"type\":/*c*/\"who\"}")))));
        };
    }

    // ---- pieces ----

    /** A say frame exactly {@code bytes} long (without its newline). */
    private String sayOfLength(int bytes) {
        String head = "{\"type\":\"say\",\"text\":\"";
        String tail = "\"}";
        return head + "z".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private String deepNesting() {
        return switch (random.nextInt(4)) {
            case 0 -> {
                int depth = 17 + random.nextInt(30); // one deeper than the server reads, and more
                yield "{\"type\":\"say\",\"text\":" + "[".repeat(depth) + "\"x\"" + "]".repeat(depth) + "}";
            }
            case 1 -> "{\"type\":\"say\",\"text\":" + "[".repeat(maxLineBytes - 30);
            case 2 -> "[".repeat(10_000);
            default -> "{\"a\":".repeat(maxLineBytes / 6) + "1" + "}".repeat(maxLineBytes / 6);
        };
    }

    /** A frame whose type and fields are right or wrong at random: numbers for strings, arrays, objects, nulls. */
    private String randomFrame() {
        StringBuilder f = new StringBuilder("{\"type\":");
        f.append(random.nextInt(4) > 0 ? quote(pick(JSON_TYPES)) : value(0));
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            String field = pick(JSON_FIELDS);
            f.append(',').append(quote(field)).append(':').append(random.nextBoolean() ? plausible(field) : value(0));
        }
        return f.append('}').toString();
    }

    private String plausible(String field) {
        return switch (field) {
            case "version", "seq" -> "1";
            case "to" -> "[" + quote(pick(NAMES)) + "]";
            case "all" -> "true";
            default -> quote(randomText(1 + random.nextInt(20)));
        };
    }

    /** Any JSON value, nested a little. */
    private String value(int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> quote(randomText(random.nextInt(30)));
            case 1 -> String.valueOf(random.nextInt());
            case 2 -> pick(List.of("1e308", "-1e-400", "3.14", "9223372036854775808", "0", "-0.0"));
            case 3 -> String.valueOf(random.nextBoolean());
            case 4 -> "null";
            case 5 -> quote("\uD800" + randomText(3) + "\uDFFF");
            case 6 -> {
                StringBuilder a = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) a.append(value(depth + 1)).append(i > 1 ? "," : "");
                yield a.append(']').toString();
            }
            default -> {
                StringBuilder o = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.append(quote(pick(JSON_FIELDS))).append(':').append(value(depth + 1)).append(i > 1 ? "," : "");
                }
                yield o.append('}').toString();
            }
        };
    }

    /** A JSON string literal; everything outside printable ASCII escaped, lone surrogates included. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c > 0x7E) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    private String randomText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (random.nextInt(10) == 0) s.append(pick(List.of(EMOJI)));
            else s.append(PALETTE.charAt(random.nextInt(PALETTE.length())));
        }
        return s.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        for (int i = 0; i < n; i++) if (b[i] == '\n') b[i] = '\r'; // one line per payload
        return b;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private byte[] pick(byte[][] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] line(byte[] bytes) {
        return concat(bytes, new byte[] {'\n'});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
