package chatroom.tcp;

import chatroom.chat.Outgoing;
import chatroom.door.ConnectionLife;
import chatroom.door.JsonRequests;
import chatroom.protocol.JsonCodec;

/** The structured protocol (JSON Lines) spoken by the Chatter; the web page speaks it over a WebSocket. */
final class JsonDoor implements Door {
    private final JsonCodec codec;
    private final JsonRequests requests;

    JsonDoor(ConnectionLife life, JsonCodec codec) {
        this.codec = codec;
        this.requests = new JsonRequests(life, codec);
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
    public boolean completesIdleLines() {
        return false;
    }

    @Override
    public boolean pingsWhenQuiet() {
        return true;
    }
}
