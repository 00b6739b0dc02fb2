package chatroom.tcp;

import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;
import chatroom.door.JsonRequests;
import chatroom.protocol.JsonCodec;

/** The structured protocol (JSON Lines) spoken by the Chatter; the web page speaks it over a WebSocket. */
final class JsonDoor implements Door {
    private final JsonCodec codec;
    private final JsonRequests requests;

    JsonDoor(Manager manager, Session session, JsonCodec codec) {
        this.codec = codec;
        this.requests = new JsonRequests(manager, session, codec);
    }

    @Override
    public byte[] encode(Outgoing outgoing) {
        return outgoing.encoded(codec, codec::encodeLine); // the codec is the server's one, shared by all JSON doors
    }

    @Override
    public void onLine(String line) {
        requests.onFrame(line);
    }

    @Override
    public Member member() {
        return requests.member();
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
