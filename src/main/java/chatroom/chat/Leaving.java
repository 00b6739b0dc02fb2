package chatroom.chat;

import chatroom.chat.Event.Left;
import java.time.Instant;

/** A leave the room announces: told to those still there, and to the leaver when they quit or parted. */
final class Leaving implements RoomLog.Entry {
    private final Room room;
    private final Member member;
    private final Instant time;
    private final LeaveReason reason;
    private final String movedTo;
    private final Member[] rest;
    private Left left;

    Leaving(Room room, Member member, Instant time, LeaveReason reason, String movedTo, Member[] rest) {
        this.room = room;
        this.member = member;
        this.time = time;
        this.reason = reason;
        this.movedTo = movedTo;
        this.rest = rest;
    }

    @Override
    public StoredEvent event(long seq) {
        return StoredEvent.leave(room.name(), seq, time, member.name(),
                new Left(room.name(), seq, time, member.name(), reason, movedTo).why());
    }

    @Override
    public void numbered(long seq) {
        left = new Left(room.name(), seq, time, member.name(), reason, movedTo);
        room.recordAnyway(time, LogLines.of(left, member.session().address()));
    }

    @Override
    public void publish() {
        Room.tell(rest, left);
        room.told(rest);
        // Theirs too when it was their own choice (a quit, a part): their client sees the room go.
        if (reason == LeaveReason.QUIT || reason == LeaveReason.PARTED) member.session().deliver(left);
    }

    @Override
    public void unkept() {
        room.recordAnyway(LogLines.unstored(room.name(), left.seq(), "leave"));
    }

    @Override
    public boolean regardless() {
        return true;
    }
}
