package chatroom.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is online: each member under their name's key, and under every look-alike skeleton
 * of their name ({@link Names#lookalikes}), so that nobody joins looking like someone here.
 */
final class Online {
    /** By name key, kept in key order: lists of people come out sorted, and a welcome takes the first few. */
    private final ConcurrentSkipListMap<String, Member> byKey = new ConcurrentSkipListMap<>();
    /** How many are in {@link #byKey} (a skip list counts by walking). */
    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, Member> looks = new ConcurrentHashMap<>();

    /** Puts {@code member} under {@code key} unless someone holds it: returns that someone, or null. */
    Member claim(String key, Member member) {
        Member holder = byKey.putIfAbsent(key, member);
        if (holder == null) count.incrementAndGet();
        return holder;
    }

    /** Takes {@code member} from under {@code key}; whether it was there. */
    boolean release(String key, Member member) {
        if (!byKey.remove(key, member)) return false;
        count.decrementAndGet();
        return true;
    }

    /**
     * Registers every skeleton of the member's name, or none: returns who already holds
     * one, having let go of those it took. Taken in sorted order, so of two look-alikes
     * joining at once the one that gets their first shared skeleton gets them all, as a
     * lock order would: at least one of them gets in.
     */
    Member holdLooks(Member member) {
        List<String> taken = new ArrayList<>();
        for (String look : Names.lookalikes(member.name())) {
            Member holder = looks.putIfAbsent(look, member);
            if (holder != null) {
                for (String t : taken) looks.remove(t, member);
                return holder;
            }
            taken.add(look);
        }
        return null;
    }

    void releaseLooks(Member member) {
        for (String look : Names.lookalikes(member.name())) looks.remove(look, member);
    }

    /** Who is online under {@code name} (any case), or null. */
    Member get(String name) {
        return byKey.get(Names.key(name));
    }

    int count() {
        return count.get();
    }

    /** Everyone online in key order, as the map holds them while it is walked (no copy). */
    Iterable<Member> inKeyOrder() {
        return byKey.values();
    }

    List<Member> members() {
        return List.copyOf(byKey.values());
    }

    /** The first {@code most} names online, sorted by their keys (the map's order: nothing is sorted or computed again). */
    List<String> names(int most) {
        List<String> names = new ArrayList<>(Math.min(most, count.get()));
        for (Member m : byKey.values()) {
            if (names.size() >= most) break;
            names.add(m.name());
        }
        return names;
    }
}
