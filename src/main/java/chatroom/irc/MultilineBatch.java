package chatroom.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client's {@code draft/multiline} batch being received (ircv3.net/specs/extensions/multiline):
 * {@code BATCH +ref draft/multiline target}, PRIVMSG (or NOTICE) lines tagged
 * {@code batch=ref}, then {@code BATCH -ref}. The lines' texts joined by line feeds (none
 * before a line tagged {@code draft/multiline-concat}) become one chat message. Its limits
 * and every malformed batch are answered with the spec's FAIL BATCH codes, after which the
 * rest of that batch is dropped without a word. One batch at a time; owned by the
 * connection's reading thread.
 */
final class MultilineBatch {
    static final String TYPE = "draft/multiline";
    static final String CONCAT = "draft/multiline-concat";

    /** A finished batch: what the chat is asked to send ({@code verb} PRIVMSG or NOTICE). */
    record Message(String verb, String target, String text) {}

    private final int maxBytes;
    private final int maxLines;
    private final Consumer<String> send;

    /** The open batch: its reference, target, verb (null until its first line), its text so far; null when none is open. */
    private String ref;
    private String target;
    private String verb;
    private final List<String> lines = new ArrayList<>();
    private final List<Boolean> concats = new ArrayList<>();
    private int bytes;
    /** The open batch was refused: its remaining lines are dropped. */
    private boolean refused;

    MultilineBatch(int maxBytes, int maxLines, Consumer<String> send) {
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
        this.send = send;
    }

    /** BATCH +ref type target [...] with {@code enabled} whether the client negotiated draft/multiline (and batch). */
    void open(String ref, String type, String target, boolean enabled) {
        if (this.ref != null) {
            fail("MULTILINE_INVALID", "batch " + ref + " was opened inside batch " + this.ref + "; both are dropped");
            reset(ref, target);
            refused = true;
            return;
        }
        reset(ref, target);
        if (!enabled) {
            refuse("MULTILINE_INVALID", "request draft/multiline and batch (CAP REQ) before sending a multiline batch");
        } else if (!type.equals(TYPE)) {
            refuse("MULTILINE_INVALID", "only " + TYPE + " batches are taken from clients, not '" + type + "'");
        } else if (target.isEmpty()) {
            refuse("MULTILINE_INVALID", "a multiline batch names its target: BATCH +ref " + TYPE + " #room");
        }
    }

    /** Whether {@code m} is a line of a batch (it carries a batch tag): then it is taken here. */
    boolean takes(IrcMessage m) {
        String tag = m.tags().get("batch");
        if (tag == null) return false;
        if (!tag.equals(ref)) {
            fail("MULTILINE_INVALID", "no batch " + tag + " is open; that line was dropped");
            return true;
        }
        if (refused) return true;
        if (!m.command().equals("PRIVMSG") && !m.command().equals("NOTICE")) {
            refuse("MULTILINE_INVALID", "a multiline batch holds PRIVMSG or NOTICE lines only, not " + m.command());
        } else if (verb != null && !verb.equals(m.command())) {
            refuse("MULTILINE_INVALID", "a multiline batch holds PRIVMSG or NOTICE lines, not both");
        } else if (!m.param(0).equals(target)) {
            refuse("MULTILINE_INVALID_TARGET", target, m.param(0), "every line of the batch goes to its target");
        } else {
            add(m);
        }
        return true;
    }

    private void add(IrcMessage m) {
        verb = m.command();
        String text = m.param(1);
        boolean concat = m.tags().containsKey(CONCAT);
        if (concat && text.isEmpty()) {
            refuse("MULTILINE_INVALID", "a line tagged " + CONCAT + " may not be blank");
            return;
        }
        bytes += IrcText.bytes(text) + (lines.isEmpty() || concat ? 0 : 1);
        if (bytes > maxBytes) {
            refuse("MULTILINE_MAX_BYTES", String.valueOf(maxBytes), "the batch's text is over max-bytes; it was dropped");
            return;
        }
        if (lines.size() == maxLines) {
            refuse("MULTILINE_MAX_LINES", String.valueOf(maxLines), "the batch is over max-lines; it was dropped");
            return;
        }
        lines.add(text);
        concats.add(concat);
    }

    /** BATCH -ref: the message, or null when there is none to send (told why, unless it was told already). */
    Message close(String ref) {
        if (!ref.equals(this.ref)) {
            fail("MULTILINE_INVALID", "no batch " + ref + " is open");
            return null;
        }
        boolean wasRefused = refused;
        String to = target;
        String how = verb;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && !concats.get(i)) text.append('\n');
            text.append(IrcText.withoutFormatting(lines.get(i)));
        }
        boolean blank = lines.stream().allMatch(String::isBlank);
        reset(null, null);
        if (wasRefused) return null;
        if (blank) {
            fail("MULTILINE_INVALID", "a multiline batch of blank lines only (or of none) says nothing");
            return null;
        }
        return new Message(how, to, text.toString());
    }

    private void reset(String ref, String target) {
        this.ref = ref;
        this.target = target;
        verb = null;
        lines.clear();
        concats.clear();
        bytes = 0;
        refused = false;
    }

    /** Refuses the open batch: told once, the rest of it dropped. */
    private void refuse(String code, String... context) {
        fail(code, context);
        refused = true;
        lines.clear();
        concats.clear();
    }

    /** FAIL BATCH code [context...] :text (the last of {@code context} is the text). */
    private void fail(String code, String... contextAndText) {
        String[] params = new String[contextAndText.length + 2];
        params[0] = "BATCH";
        params[1] = code;
        System.arraycopy(contextAndText, 0, params, 2, contextAndText.length);
        send.accept(IrcMessage.line(Map.of(), IrcDialect.SERVER, "FAIL", params));
    }
}
