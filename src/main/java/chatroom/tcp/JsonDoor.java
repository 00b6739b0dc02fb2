package chatroom.tcp;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;

/** The structured protocol (JSON Lines) spoken by the Chatter and, later, the web page. */
final class JsonDoor implements Door {
    private final Manager manager;
    private final Session session;
    private final JsonCodec codec;
    private Member member;

    JsonDoor(Manager manager, Session session, JsonCodec codec) {
        this.manager = manager;
        this.session = session;
        this.codec = codec;
    }

    @Override
    public byte[] encode(Outgoing outgoing) {
        return outgoing.encoded(codec, codec::encodeLine); // the codec is the server's one, shared by all JSON doors
    }

    @Override
    public void onLine(String line) {
        if (line.isBlank()) return;
        Request request;
        try {
            request = codec.decodeRequest(line);
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
                } else if (act.input() instanceof chatroom.chat.ChatInput.Quit) {
                    session.close();
                } else {
                    manager.refuse(session, null, ErrorCode.NOT_JOINED, "send a hello frame with your name first", act.id());
                }
            }
        }
    }

    private String name() {
        return member == null ? null : member.name();
    }

    @Override
    public Member member() {
        return member;
    }

    @Override
    public boolean completesIdleLines() {
        return false;
    }

    @Override
    public boolean pingsWhenQuiet() {
        return true;
    }
}
