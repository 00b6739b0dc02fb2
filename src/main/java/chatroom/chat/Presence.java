package chatroom.chat;

import chatroom.chat.ChatInput.Away;
import chatroom.chat.ChatInput.Who;
import chatroom.chat.Event.*;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who is here and how: {@code /who} (a room's members or everyone, with who is away and
 * the roles), {@code /rooms}, and {@code /away}. In a cluster the lists add what the other
 * servers hold ({@link Peers#elsewhere()}).
 */
final class Presence {
    private final Online online;
    private final OpenRooms rooms;
    private final Peers peers;
    private final SignIns signIns;

    Presence(Online online, OpenRooms rooms, Peers peers, SignIns signIns) {
        this.online = online;
        this.rooms = rooms;
        this.peers = peers;
        this.signIns = signIns;
    }

    /** {@code /who}: those in {@code room}, or everyone online. */
    WhoList who(Room room, Who who, String replyTo) {
        List<String> names = who.all() ? everyone() : inRoom(room);
        return new WhoList(who.all() ? null : room.name(), names, replyTo, awayAmong(names), rolesAmong(names));
    }

    /** {@code /rooms}: the rooms with people in them, here or on the other servers. */
    RoomList roomList(String replyTo) {
        List<RoomInfo> here = rooms.list();
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return new RoomList(here, replyTo);
        Map<String, Integer> counts = new TreeMap<>();
        for (RoomInfo r : here) counts.merge(r.name(), r.members(), Integer::sum);
        for (Peers.Elsewhere e : elsewhere) {
            for (String r : e.rooms()) counts.merge(r, 1, Integer::sum);
        }
        List<RoomInfo> all = new ArrayList<>();
        counts.forEach((name, n) -> all.add(new RoomInfo(name, n)));
        return new RoomList(all, replyTo);
    }

    /** {@code /away} and {@code /back}: told to the member, and to each member here who shares one of their rooms. */
    void away(Member member, Away away, String replyTo) {
        member.away(away.message());
        member.session().deliver(new Notice(member.away() == null ? "you are back"
                : "you are away (" + member.away() + "); /back when you return", replyTo));
        Set<Member> sharing = new LinkedHashSet<>();
        for (Room r : member.rooms()) sharing.addAll(List.of(r.present()));
        sharing.remove(member);
        Outgoing outgoing = new Outgoing(new AwayChanged(member.name(), member.away()));
        for (Member m : sharing) m.session().deliver(outgoing);
    }

    /** Everyone online, here and on the other servers, in name order. */
    private List<String> everyone() {
        List<String> here = online.names(Integer.MAX_VALUE);
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return here;
        return merged(here, elsewhere.stream().map(Peers.Elsewhere::name).toList());
    }

    /** Those in {@code room}, here and on the other servers, in name order. */
    private List<String> inRoom(Room room) {
        List<String> here = room.names();
        List<Peers.Elsewhere> elsewhere = peers.elsewhere();
        if (elsewhere.isEmpty()) return here;
        return merged(here, elsewhere.stream().filter(e -> e.rooms().contains(room.name())).map(Peers.Elsewhere::name).toList());
    }

    /** Names here and elsewhere as one list in name-key order. */
    static List<String> merged(List<String> here, List<String> elsewhere) {
        List<String> all = new ArrayList<>(here);
        all.addAll(elsewhere);
        all.sort(Comparator.comparing(Names::key));
        return all;
    }

    /** Those of the names who are away, in the same order. */
    private List<String> awayAmong(List<String> names) {
        List<String> away = new ArrayList<>();
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.away() != null) away.add(name);
        }
        return away;
    }

    /**
     * The roles of those of the names who are not plain members (guests, moderators,
     * admins), once the server has accounts; before that everyone is a guest and nothing
     * is marked, as before accounts existed.
     */
    private Map<String, Role> rolesAmong(List<String> names) {
        if (!signIns.anyAccounts()) return Map.of();
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.role() != Role.MEMBER) roles.put(name, m.role());
        }
        return roles;
    }
}
