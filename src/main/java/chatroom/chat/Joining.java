package chatroom.chat;

import chatroom.chat.Event.Joined;
import java.time.Instant;

/** A join the room announces: told to those there before it, then the joiner's {@link Arrival}. */
final class Joining implements RoomLog.Entry {
    private final Room room;
    private final Member member;
    private final Instant time;
    private final Member[] before;
    private final Arrival arrival;
    private Joined joined;

    Joining(Room room, Member member, Instant time, Member[] before, Arrival arrival) {
        this.room = room;
        this.member = member;
        this.time = time;
        this.before = before;
        this.arrival = arrival;
    }

    @Override
    public StoredEvent event(long seq) {
        return StoredEvent.join(room.name(), seq, time, member.name());
    }

    @Override
    public void numbered(long seq) {
        joined = new Joined(room.name(), seq, time, member.name());
        room.recordAnyway(time, LogLines.of(joined, member.session().address()));
        arrival.numbered(seq);
    }

    @Override
    public void publish() {
        Room.tell(before, joined);
        room.told(Room.with(before, member));
        arrival.go();
    }

    @Override
    public void unkept() {
        room.recordAnyway(LogLines.unstored(room.name(), joined.seq(), "join"));
    }

    @Override
    public boolean regardless() {
        return true;
    }
}
