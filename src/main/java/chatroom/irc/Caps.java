package chatroom.irc;

import chatroom.chat.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The IRCv3 capabilities this door offers (ircv3.net/specs), each with its value for
 * {@code CAP LS 302}. Only what the door does: a capability missing here is one it does
 * not keep.
 */
final class Caps {
    static final String SERVER_TIME = "server-time";
    static final String MESSAGE_TAGS = "message-tags";
    static final String ECHO_MESSAGE = "echo-message";
    static final String BATCH = "batch";
    static final String MULTI_PREFIX = "multi-prefix";
    static final String CAP_NOTIFY = "cap-notify";
    static final String SASL = "sasl";
    static final String CHATHISTORY = "draft/chathistory";
    static final String AWAY_NOTIFY = "away-notify";
    static final String MULTILINE = "draft/multiline";

    /** Name to its 302 value ("" for none). */
    static final Map<String, String> OFFERED = offered();

    private Caps() {}

    private static Map<String, String> offered() {
        Map<String, String> caps = new LinkedHashMap<>();
        caps.put(AWAY_NOTIFY, "");
        caps.put(BATCH, "");
        caps.put(CAP_NOTIFY, "");
        caps.put(CHATHISTORY, "");
        caps.put(ECHO_MESSAGE, "");
        caps.put(MESSAGE_TAGS, "");
        caps.put(MULTILINE, ""); // its value is the chat's limits: list(version, limits)
        caps.put(MULTI_PREFIX, "");
        caps.put(SASL, "PLAIN");
        caps.put(SERVER_TIME, "");
        return caps;
    }

    /** The LS list: with values from version 302 on. */
    static String list(int version, Limits limits) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> cap : OFFERED.entrySet()) {
            if (!out.isEmpty()) out.append(' ');
            out.append(cap.getKey());
            String value = cap.getKey().equals(MULTILINE) ? multiline(limits) : cap.getValue();
            if (version >= 302 && !value.isEmpty()) out.append('=').append(value);
        }
        return out.toString();
    }

    /**
     * draft/multiline's limits: a batch's text may take as many bytes as the longest text
     * the chat takes ({@code --max-text} code points, each up to 4 bytes of UTF-8; the chat
     * still counts code points), in as many lines (each line but a concatenated one adds at
     * least its line feed, and a concatenated one may not be blank).
     */
    static String multiline(Limits limits) {
        return "max-bytes=" + maxBytes(limits) + ",max-lines=" + maxLines(limits);
    }

    static int maxBytes(Limits limits) {
        return 4 * limits.maxText();
    }

    static int maxLines(Limits limits) {
        return limits.maxText();
    }

    /** Whether every capability asked for (each maybe with a leading '-') is one this door offers. */
    static boolean allKnown(Set<String> asked) {
        for (String a : asked) {
            if (!OFFERED.containsKey(a.startsWith("-") ? a.substring(1) : a)) return false;
        }
        return true;
    }
}
