package chatroom.chat;

import chatroom.chat.Event.RoomMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A room message in the room's log: numbered and logged under the room's lock (the log
 * line failing numbers nothing), told to those there at its number once stored, then
 * acknowledged to its sender; refused, told to nobody, if the store cannot take it.
 */
final class Said implements RoomLog.Entry {
    private final Room room;
    private final Member from;
    private final String text;
    private final Instant time;
    private final Member[] to;
    private final Consumer<RoomMessage> accepted;
    private final Runnable unstored;
    private RoomMessage message;

    Said(Room room, Member from, String text, Instant time, Member[] to, Consumer<RoomMessage> accepted, Runnable unstored) {
        this.room = room;
        this.from = from;
        this.text = text;
        this.time = time;
        this.to = to;
        this.accepted = accepted;
        this.unstored = unstored;
    }

    @Override
    public StoredEvent event(long seq) {
        return StoredEvent.message(room.name(), seq, time, from.name(), text);
    }

    @Override
    public void numbered(long seq) throws IOException {
        RoomMessage m = new RoomMessage(room.name(), seq, time, from.name(), text);
        // Set first: a shared log publishes what other servers already show even when the line fails.
        message = m;
        room.said(seq);
        room.record(time, LogLines.of(m));
    }

    @Override
    public void publish() {
        Room.tell(to, message);
        accepted.accept(message);
    }

    @Override
    public void unkept() {
        // The log has it, the store has not, nobody saw it: say why the log holds a number nobody got.
        if (message != null) room.recordAnyway(LogLines.unstored(room.name(), message.seq()));
        unstored.run();
    }

    @Override
    public boolean regardless() {
        return false;
    }
}
