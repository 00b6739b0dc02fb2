package chatroom.chat;

import chatroom.chat.Event.RoomInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rooms with people in them, by name, the lobby always, and at most {@code --max-rooms}
 * of them. A room that empties closes under its own lock and is then dropped here; whoever
 * finds it closed opens it again.
 */
final class OpenRooms {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Recorder recorder;
    private final RoomLog.Engine logs;
    private final HistoryStore store;
    private final Issued issued;
    private final int announceUpTo;
    private final int maxRooms;
    private final Room lobby;
    /** One room opened at a time: opening reads its last number, so a lock, not a monitor (no pinned carrier while waiting). */
    private final ReentrantLock opening = new ReentrantLock();

    /** Opens the lobby: throws UncheckedIOException when its log cannot be read (its last number is a read). */
    OpenRooms(Clock clock, Recorder recorder, RoomLog.Engine logs, HistoryStore store, Issued issued, int announceUpTo,
            int maxRooms) {
        this.clock = clock;
        this.logs = logs;
        this.recorder = recorder;
        this.store = store;
        this.issued = issued;
        this.announceUpTo = announceUpTo;
        this.maxRooms = maxRooms;
        this.lobby = newRoom(Manager.LOBBY);
        rooms.put(Manager.LOBBY, lobby);
    }

    Room lobby() {
        return lobby;
    }

    /** The room with this name, opened when nobody is in it; null when no more rooms may be open. */
    Room open(String name) {
        Room room = rooms.get(name);
        if (room != null) return room;
        opening.lock();
        try {
            room = rooms.get(name);
            if (room != null) return room;
            if (rooms.size() >= maxRooms) return null;
            room = newRoom(name);
            rooms.put(name, room);
            return room;
        } finally {
            opening.unlock();
        }
    }

    /** The room has closed (it emptied): it is no longer open, unless it was opened again already. */
    void closed(Room room) {
        rooms.remove(room.name(), room);
    }

    /** The rooms with people in them and how many, by name. */
    List<RoomInfo> list() {
        List<RoomInfo> list = new ArrayList<>();
        for (Room room : rooms.values()) {
            int size = room.size();
            if (size > 0) list.add(new RoomInfo(room.name(), size));
        }
        list.sort(Comparator.comparing(RoomInfo::name));
        return list;
    }

    private Room newRoom(String name) {
        return new Room(name, clock, recorder, logs, store, issued, announceUpTo);
    }
}
