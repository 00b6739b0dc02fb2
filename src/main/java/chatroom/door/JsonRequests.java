package chatroom.door;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Session;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;

/**
 * What a structured-protocol frame from one client means, whatever carried it: a line
 * on the TCP door, a message on the WebSocket. Both doors hand each frame here, so the
 * protocol has one reading. Owned by the thread that reads the client's frames.
 */
public final class JsonRequests {
    private final Manager manager;
    private final Session session;
    private final JsonCodec codec;
    /** Written by the frames' thread; read also by a writer that finds the connection gone. */
    private volatile Member member;

    public JsonRequests(Manager manager, Session session, JsonCodec codec) {
        this.manager = manager;
        this.session = session;
        this.codec = codec;
    }

    /** Handles one frame, without its line end. */
    public void onFrame(String frame) {
        if (frame.isBlank()) return;
        Request request;
        try {
            request = codec.decodeRequest(frame);
        } catch (FrameException e) {
            manager.refuse(session, name(), e.code(), e.getMessage(), e.id());
            return;
        }
        switch (request) {
            case Request.Hello hello -> {
                if (member != null) {
                    manager.refuse(session, name(), ErrorCode.BAD_FRAME, "already joined as " + member.name(), hello.id());
                } else if (hello.version() != JsonCodec.VERSION) {
                    manager.refuse(session, null, ErrorCode.UNSUPPORTED_VERSION,
                            "this server speaks version " + JsonCodec.VERSION + ", not " + hello.version(), hello.id());
                } else {
                    member = manager.join(session, hello.name(), hello.id(), hello.history()).orElse(null);
                }
            }
            case Request.Ping ping -> session.deliver(new Event.Pong(ping.id()));
            case Request.Pong pong -> { } // the frame itself was the sign of life
            case Request.Act act -> {
                if (member != null) {
                    manager.handle(member, act.input(), act.id());
                } else if (act.input() instanceof ChatInput.Quit) {
                    session.close();
                } else {
                    manager.refuse(session, null, ErrorCode.NOT_JOINED, "send a hello frame with your name first", act.id());
                }
            }
        }
    }

    /** Whoever is refused something is named in the log once they have a name. */
    public String name() {
        return member == null ? null : member.name();
    }

    /** The member once a name was accepted, else null. */
    public Member member() {
        return member;
    }
}
