package chatroom.chat;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where mutes and bans are kept so that they survive a restart, and every moderator's
 * action is recorded. The accounts store keeps them in the data directory; a server
 * without one keeps them in memory ({@link #inMemory()}). Every method throws
 * IOException, naming the store, when it cannot be read or written.
 */
public interface Sanctions {

    /** The mutes and bans kept, expired ones too (the reader judges by its clock). */
    List<Sanction> kept() throws IOException;

    /**
     * Records {@code act}; a mute or ban is kept (replacing one of the same kind on the same
     * target), an unmute or unban lifts one, a kick is only recorded.
     */
    void record(Sanction act) throws IOException;

    /**
     * An action as the other servers of a cluster hear it: {@code text}, what those in the
     * target's {@code rooms} (by name) were told ("mona banned bob: spam until 18:00").
     */
    record Told(Sanction act, String text, List<String> rooms) {}

    /**
     * Records {@code told.act()} as {@link #record(Sanction)} does; a cluster's store tells
     * the other servers in the same step, so that a mute or ban holds on every server at once.
     */
    default void record(Told told) throws IOException {
        record(told.act());
    }

    /**
     * Where the actions other servers of a cluster record go, as they are recorded, one at
     * a time, on a thread that may wait. A store of one server hears none.
     */
    default void listen(Consumer<Told> elsewhere) {}

    /** Every action recorded, oldest first. */
    List<Sanction> actions() throws IOException;

    static Sanctions inMemory() {
        return new MemorySanctions();
    }
}
