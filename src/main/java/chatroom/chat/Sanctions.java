package chatroom.chat;

import java.io.IOException;
import java.util.List;

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

    /** Every action recorded, oldest first. */
    List<Sanction> actions() throws IOException;

    static Sanctions inMemory() {
        return new MemorySanctions();
    }
}
