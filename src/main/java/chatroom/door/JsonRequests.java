package chatroom.door;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;

/**
 * What a structured-protocol frame from one client means, whatever carried it: a line
 * on the TCP door, a message on the WebSocket. Both doors hand each frame here, so the
 * protocol has one reading; what a request does to the connection is its
 * {@link ConnectionLife}'s. Owned by the thread that reads the client's frames.
 */
public final class JsonRequests {
    private final ConnectionLife life;
    private final JsonCodec codec;

    public JsonRequests(ConnectionLife life, JsonCodec codec) {
        this.life = life;
        this.codec = codec;
    }

    /** Handles one frame, without its line end. */
    public void onFrame(String frame) {
        if (frame.isBlank()) return;
        Request request;
        try {
            request = codec.decodeRequest(frame);
        } catch (FrameException e) {
            life.refuse(e.code(), e.getMessage(), e.id());
            return;
        }
        switch (request) {
            case Request.Hello hello -> {
                if (life.member() != null) {
                    life.refuse(ErrorCode.BAD_FRAME, "already joined as " + life.member().name(), hello.id());
                } else if (hello.version() != JsonCodec.VERSION) {
                    life.refuse(ErrorCode.UNSUPPORTED_VERSION,
                            "this server speaks version " + JsonCodec.VERSION + ", not " + hello.version(), hello.id());
                } else {
                    life.join(hello.name(), hello.password(), hello.id(), hello.history());
                }
            }
            case Request.Ping ping -> life.session().deliver(new Event.Pong(ping.id()));
            case Request.Pong pong -> { } // the frame itself was the sign of life
            case Request.Act act -> {
                if (life.member() != null || act.input() instanceof ChatInput.Quit) {
                    life.handle(act.input(), act.id());
                } else {
                    life.refuse(ErrorCode.NOT_JOINED, "send a hello frame with your name first", act.id());
                }
            }
        }
    }

}
