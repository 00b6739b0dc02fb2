package chatroom.protocol;

import chatroom.chat.ErrorCode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a frame's fields, the same way in both directions: what a field must be, and the
 * {@code bad-frame} error that says which, with the frame's id where it has one.
 */
final class JsonFields {
    private static final int MAX_NESTING = 16;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Jackson's default pool keeps about 8 KB of buffers per thread, for ever: with two
            // virtual threads per connection that was 160 MB for 10,000 idle members.
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build())
            // "{…}{…}" or "{…} junk" on one line is one bad frame, not a frame and some noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonFields() {}

    static JsonNode parse(String line) throws FrameException {
        JsonNode f;
        try {
            f = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            // The parser quotes the token it choked on, which could be a password: then it is left out.
            throw new FrameException(ErrorCode.BAD_FRAME, "not a JSON object" + (line.contains("password")
                    ? " (the parser's words are left out: the frame holds a password)" : ": " + brief(e.getOriginalMessage())), null);
        }
        if (f == null || !f.isObject()) throw new FrameException(ErrorCode.BAD_FRAME, "a frame must be one JSON object", null);
        return f;
    }

    static String brief(String message) {
        String first = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return first.length() > 120 ? first.substring(0, 120) + "…" : first;
    }

    static String type(JsonNode f) throws FrameException {
        JsonNode t = f.get("type");
        if (t == null || !t.isTextual()) throw new FrameException(ErrorCode.BAD_FRAME, "a frame needs a 'type' string", optText(f, "id"));
        return t.textValue();
    }

    static String text(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.isTextual()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a '" + field + "' string", optText(f, "id"));
        }
        return v.textValue();
    }

    static String optText(JsonNode f, String field) {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.textValue();
        return v.isValueNode() ? v.asText() : null;
    }

    static long num(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.canConvertToLong()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must be a number", null);
        return v.longValue();
    }

    /** An optional whole number from 0 to {@code max}; {@code absent} when the field is missing. */
    static long count(JsonNode f, String field, long absent, long max) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must be a whole number from 0 to " + max, optText(f, "id"));
        }
        return v.longValue();
    }

    static List<String> list(JsonNode f, String field) throws FrameException {
        JsonNode v = f.get(field);
        if (v == null || !v.isArray()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "'" + type(f) + "' needs a '" + field + "' list of names", optText(f, "id"));
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode n : v) {
            if (!n.isTextual()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must hold strings", optText(f, "id"));
            out.add(n.textValue());
        }
        if (out.isEmpty()) throw new FrameException(ErrorCode.BAD_FRAME, "'" + field + "' must name someone", optText(f, "id"));
        return List.copyOf(out);
    }
}
