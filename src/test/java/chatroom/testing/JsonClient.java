package chatroom.testing;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Welcome;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import chatroom.protocol.Request;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A structured-protocol client (JSON Lines), using the same {@link JsonCodec} as the
 * Chatter so that frames are written and read the way the real client does. Raw lines
 * can still be sent with {@link #send(String)} to test what a broken client might send.
 */
public final class JsonClient extends LineClient {
    private static final JsonCodec CODEC = new JsonCodec(ZoneOffset.UTC);

    private JsonClient(InetSocketAddress server, String label) {
        super(server, label);
    }

    private JsonClient(java.net.Socket connected, String label) {
        super(connected, label);
    }

    /** Over a socket already connected (a TLS one, say), without sending anything. */
    public static JsonClient over(java.net.Socket connected, String label) {
        return new JsonClient(connected, label);
    }

    public static JsonClient connect(InetSocketAddress server, String label) {
        return new JsonClient(server, label);
    }

    /** Connects, says hello as {@code name} and waits for the welcome. */
    public static JsonClient join(InetSocketAddress server, String name) {
        // Encoded before connecting: a JVM's first encoding (the codec's serializers being
        // built) took over the server's 0.5 s before it prompts, on a loaded machine, and
        // the client then read the plain door's prompt.
        String hello = CODEC.encode(new Request.Hello("hello-" + name, JsonCodec.VERSION, name));
        JsonClient client = new JsonClient(server, name);
        client.send(hello);
        client.awaitEvent(Welcome.class, w -> ("hello-" + name).equals(w.replyTo()));
        return client;
    }

    public void hello(String name, String id) {
        send(new Request.Hello(id, JsonCodec.VERSION, name));
    }

    public void say(String text, String id) {
        send(new Request.Act(id, new ChatInput.Say(text)));
    }

    public void tell(List<String> to, String text, String id) {
        send(new Request.Act(id, new ChatInput.Tell(to, text)));
    }

    public void quit(String id) {
        send(new Request.Act(id, new ChatInput.Quit()));
    }

    public void send(Request request) {
        send(CODEC.encode(request));
    }

    /** Takes frames until one of type {@code type} matches; fails on a frame the codec cannot read. */
    public <T extends Event> T awaitEvent(Class<T> type, Predicate<T> what) {
        String line = awaitLine(l -> !isPrompt(l) && type.isInstance(decode(l)) && what.test(type.cast(decode(l))),
                "a matching " + type.getSimpleName() + " frame");
        return type.cast(decode(line));
    }

    /** Takes frames until one of any type matches; fails on a frame the codec cannot read. */
    public Event awaitAnyEvent(Predicate<Event> what, String description) {
        return decode(awaitLine(l -> !isPrompt(l) && what.test(decode(l)), description));
    }

    public <T extends Event> T awaitEvent(Class<T> type) {
        return awaitEvent(type, e -> true);
    }

    /** Takes frames until {@code count} of type {@code type} matched; returns them in order. */
    public <T extends Event> List<T> awaitEvents(Class<T> type, Predicate<T> what, int count) {
        List<T> found = new ArrayList<>(count);
        while (found.size() < count) found.add(awaitEvent(type, what));
        return found;
    }

    /** Every frame received so far, decoded. */
    public List<Event> seenEvents() {
        return seen().stream().filter(l -> !isPrompt(l)).map(JsonClient::decode).toList();
    }

    /**
     * The plain prompt, which a connection gets when its first byte comes later than 0.5 s
     * (a loaded machine): the one line that is not a frame, which clients skip, as the Chatter does.
     */
    public static boolean isPrompt(String line) {
        return line.equals(PlainFormat.PROMPT);
    }

    public static Event decode(String line) {
        try {
            return CODEC.decodeEvent(line);
        } catch (FrameException e) {
            throw new AssertionError("the server sent a frame the Chatter cannot read: " + line + " (" + e.getMessage() + ")", e);
        }
    }
}
