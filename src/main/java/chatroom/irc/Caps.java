package chatroom.irc;

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
        caps.put(MULTI_PREFIX, "");
        caps.put(SASL, "PLAIN");
        caps.put(SERVER_TIME, "");
        return caps;
    }

    /** The LS list: with values from version 302 on. */
    static String list(int version) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> cap : OFFERED.entrySet()) {
            if (!out.isEmpty()) out.append(' ');
            out.append(cap.getKey());
            if (version >= 302 && !cap.getValue().isEmpty()) out.append('=').append(cap.getValue());
        }
        return out.toString();
    }

    /** Whether every capability asked for (each maybe with a leading '-') is one this door offers. */
    static boolean allKnown(Set<String> asked) {
        for (String a : asked) {
            if (!OFFERED.containsKey(a.startsWith("-") ? a.substring(1) : a)) return false;
        }
        return true;
    }
}
