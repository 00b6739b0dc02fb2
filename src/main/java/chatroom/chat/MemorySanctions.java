package chatroom.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutes and bans of a server without a data directory: they last until it stops. */
final class MemorySanctions implements Sanctions {
    private final Map<String, Sanction> kept = new LinkedHashMap<>();
    private final List<Sanction> actions = new ArrayList<>();

    @Override
    public synchronized List<Sanction> kept() {
        return List.copyOf(kept.values());
    }

    @Override
    public synchronized void record(Sanction act) {
        actions.add(act);
        switch (act.action()) {
            case MUTE, BAN -> kept.put(act.action() + " " + act.key(), act);
            case UNMUTE -> kept.remove(Sanction.Action.MUTE + " " + act.key());
            case UNBAN -> kept.remove(Sanction.Action.BAN + " " + act.key());
            case KICK -> { }
        }
    }

    @Override
    public synchronized List<Sanction> actions() {
        return List.copyOf(actions);
    }
}
