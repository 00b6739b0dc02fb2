package chatroom.chat;

import chatroom.chat.ChatInput.Moderate;
import chatroom.chat.Event.Closing;
import chatroom.chat.Event.Notice;
import chatroom.chat.Sanction.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What moderators and admins may do to others: kick, mute and unmute, ban and unban (a
 * name, or an address or range for guests), and list the mutes and bans. Nobody acts on
 * someone of their own rank or above. Every action is told to the rooms it touches, is a
 * line in the server log and is recorded in {@link Sanctions}, where mutes and bans are
 * kept across restarts; here they are held in maps read at every message and join. In a
 * cluster the store tells the other servers as it records an action, and each applies what
 * it hears ({@link #heard}): its maps, its own members in the target's rooms told, the target
 * put out if it is here.
 */
final class Moderation {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private final Clock clock;
    private final Sanctions store;
    private final AccountRules accounts;
    private final Online online;
    private final Refusals refusals;
    private final Peers peers;
    /** Puts a member out of the chat with the final word it is told, leaving for the reason given. */
    private final BiConsumer<Member, Put> putOut;
    private final Map<String, Sanction> mutes = new ConcurrentHashMap<>();
    private final Map<String, Sanction> bans = new ConcurrentHashMap<>();

    /** A member put out: the last thing their connections are told, and why they left. */
    record Put(Closing closing, LeaveReason reason) {}

    /** Reads the mutes and bans kept; throws UncheckedIOException when the store cannot be read. */
    Moderation(Clock clock, Sanctions store, AccountRules accounts, Online online, Refusals refusals, Peers peers,
            BiConsumer<Member, Put> putOut) {
        this.peers = peers;
        this.clock = clock;
        this.store = store;
        this.accounts = accounts;
        this.online = online;
        this.refusals = refusals;
        this.putOut = putOut;
        try {
            Instant now = clock.instant();
            for (Sanction s : store.kept()) {
                if (s.holdsAt(now)) (s.action() == Action.MUTE ? mutes : bans).put(s.key(), s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.listen(this::heard);
    }

    /** The mute on {@code member}, or null when they may speak. */
    Sanction muted(Member member) {
        return holding(mutes, Names.key(member.name()));
    }

    /** What a muted member is told when they try to speak. */
    String mutedText(Sanction mute) {
        return "you were muted by " + mute.by() + because(mute) + "; you cannot speak in rooms or privately " + until(mute);
    }

    /** The ban keeping out {@code name} or the {@code address} it connects from, or null. */
    Sanction banned(String name, String address) {
        Sanction byName = name == null ? null : holding(bans, Names.key(name));
        if (byName != null) return byName;
        String host = AddressBudgets.host(address);
        for (Sanction s : bans.values()) {
            AddressRange range = AddressRange.parse(s.target());
            if (range != null && range.contains(host) && holding(bans, s.key()) != null) return s;
        }
        return null;
    }

    /** What a banned connection is told before it is closed. */
    Closing bannedClosing(Sanction ban) {
        return new Closing(ErrorCode.BANNED, ban.target() + " is banned by " + ban.by() + because(ban) + " " + until(ban));
    }

    /** Carries out {@code m} for {@code by}, or tells them why not. */
    void act(Member by, Moderate m, String replyTo) {
        if (!allowed(by, "/" + m.action().wire(), replyTo)) return;
        if (m.lasts() != null && m.lasts().isZero()) {
            refuse(by, ErrorCode.DURATION_INVALID, "a duration of no time at all; give none for until lifted", replyTo);
            return;
        }
        Instant now = clock.instant();
        Sanction act = new Sanction(m.action(), m.target(), by.name(), m.reason(), now,
                m.lasts() == null ? null : now.plus(m.lasts()));
        boolean address = AddressRange.parse(m.target()) != null;
        if (address && m.action() != Action.BAN && m.action() != Action.UNBAN) {
            refuse(by, ErrorCode.UNKNOWN_NAME, m.target() + " is an address; only /ban and /unban take one", replyTo);
            return;
        }
        switch (m.action()) {
            case UNMUTE, UNBAN -> lift(by, act, replyTo);
            case BAN -> {
                if (address) banAddress(by, act, replyTo);
                else punish(by, act, replyTo);
            }
            case KICK, MUTE -> punish(by, act, replyTo);
        }
    }

    /** Lists the bans and mutes in force to a moderator. */
    void list(Member by, String replyTo) {
        if (!allowed(by, "/bans", replyTo)) return;
        List<String> lines = new ArrayList<>();
        for (Map<String, Sanction> kept : List.of(bans, mutes)) {
            for (String key : List.copyOf(kept.keySet())) {
                Sanction s = holding(kept, key);
                if (s != null) lines.add(s.action().wire() + " " + s.target() + ": by " + s.by() + because(s) + " " + until(s));
            }
        }
        lines.sort(null);
        by.session().deliver(new Notice(lines.isEmpty() ? "nobody is banned or muted" : String.join("\n", lines), replyTo));
    }

    private void punish(Member by, Sanction act, String replyTo) {
        String verb = act.action().wire();
        Member target = online.get(act.target());
        Peers.Elsewhere there = target == null ? peers.where(act.target()) : null;
        Role role;
        String name;
        List<String> rooms;
        if (target != null) {
            role = target.role();
            name = target.name();
            rooms = target.roomNames();
        } else {
            Optional<Account> account;
            try {
                account = accounts.accounts().find(act.target());
            } catch (IOException e) {
                refuse(by, ErrorCode.ACCOUNTS_UNAVAILABLE, "the server cannot read its accounts right now; try again later", replyTo);
                return;
            }
            if (there == null && (account.isEmpty() || act.action() == Action.KICK)) {
                refuse(by, ErrorCode.UNKNOWN_NAME, "nobody called " + act.target() + " is online"
                        + (act.action() == Action.KICK ? "" : " or registered"), replyTo);
                return;
            }
            // Online on another server of the cluster: a guest there, unless the name is an account's.
            role = account.map(Account::role).orElse(Role.GUEST);
            name = there != null ? there.name() : account.get().name();
            rooms = there != null ? there.rooms() : List.of();
        }
        if (role.compareTo(by.role()) >= 0) {
            refuse(by, ErrorCode.NOT_ALLOWED, "you cannot " + verb + " " + rank(name, role, by), replyTo);
            return;
        }
        act = new Sanction(act.action(), name, act.by(), act.reason(), act.at(), act.until());
        String told = by.name() + " " + past(act.action()) + " " + name + because(act)
                + (act.action() == Action.KICK ? "" : " " + until(act));
        if (!keep(by, act, told, rooms, replyTo)) return;
        if (target != null || there != null) tellRooms(rooms, by, told);
        else by.session().deliver(new Notice(told, replyTo));
        if (target != null) carryOut(target, act);
    }

    /** What the target is told or made to do, here: the muted told so, the kicked and banned put out. */
    private void carryOut(Member target, Sanction act) {
        switch (act.action()) {
            case MUTE -> target.session().deliver(new Notice(mutedText(act), null));
            case UNMUTE -> target.session().deliver(new Notice("you may speak again", null));
            case KICK -> putOut.accept(target, new Put(new Closing(ErrorCode.KICKED, "you were kicked by " + act.by()
                    + because(act)), LeaveReason.KICKED));
            case BAN -> putOut.accept(target, new Put(bannedClosing(act), LeaveReason.BANNED));
            case UNBAN -> { }
        }
    }

    /**
     * An action another server of the cluster recorded: held here from now on, told to
     * those here in the target's rooms, carried out on the target if it is here (for an
     * address, on everyone here connecting from it below the moderator's rank).
     */
    void heard(Sanctions.Told told) {
        Sanction act = told.act();
        hold(act);
        AddressRange range = AddressRange.parse(act.target());
        if (range != null) {
            if (act.action() != Action.BAN) return;
            Role rank = rankOf(act.by());
            for (Member m : online.members()) {
                if (m.role().compareTo(rank) < 0 && range.contains(AddressBudgets.host(m.session().address()))) {
                    tellRooms(m.roomNames(), null, told.text() + " (" + m.name() + " connects from there)");
                    putOut.accept(m, new Put(bannedClosing(act), LeaveReason.BANNED));
                }
            }
            return;
        }
        if (!told.text().isEmpty()) tellRooms(told.rooms(), null, told.text());
        Member target = online.get(act.target());
        if (target != null) carryOut(target, act);
    }

    /** The rank of the moderator named {@code by}; a moderator's when the accounts cannot be read. */
    private Role rankOf(String by) {
        try {
            return accounts.accounts().find(by).map(Account::role).orElse(Role.MODERATOR);
        } catch (IOException e) {
            return Role.MODERATOR;
        }
    }

    private void banAddress(Member by, Sanction act, String replyTo) {
        List<Member> inRange = new ArrayList<>();
        AddressRange range = AddressRange.parse(act.target());
        for (Member m : online.members()) {
            if (range.contains(AddressBudgets.host(m.session().address()))) {
                if (m.role().compareTo(by.role()) >= 0) {
                    refuse(by, ErrorCode.NOT_ALLOWED, "you cannot ban " + act.target() + ": "
                            + rank(m.name(), m.role(), by) + ", connects from there", replyTo);
                    return;
                }
                inRange.add(m);
            }
        }
        String told = by.name() + " banned " + act.target() + because(act) + " " + until(act);
        if (!keep(by, act, told, List.of(), replyTo)) return;
        by.session().deliver(new Notice(told, replyTo));
        for (Member m : inRange) {
            tellRooms(m.roomNames(), by, told + " (" + m.name() + " connects from there)");
            putOut.accept(m, new Put(bannedClosing(act), LeaveReason.BANNED));
        }
    }

    private void lift(Member by, Sanction act, String replyTo) {
        boolean mute = act.action() == Action.UNMUTE;
        Map<String, Sanction> kept = mute ? mutes : bans;
        Sanction held = holding(kept, act.key());
        if (held == null) {
            refuse(by, ErrorCode.UNKNOWN_NAME, act.target() + " is not " + (mute ? "muted" : "banned"), replyTo);
            return;
        }
        act = new Sanction(act.action(), held.target(), act.by(), act.reason(), act.at(), null);
        String told = by.name() + " " + past(act.action()) + " " + held.target();
        Member target = online.get(held.target());
        Peers.Elsewhere there = target == null ? peers.where(held.target()) : null;
        List<String> rooms = target != null ? target.roomNames() : there != null ? there.rooms() : List.of();
        if (!keep(by, act, told, rooms, replyTo)) return;
        if (target != null || there != null) tellRooms(rooms, by, told);
        else by.session().deliver(new Notice(told, replyTo));
        if (target != null) carryOut(target, act);
    }

    /** Records the action (store, then log, then the maps); false when the store refused it and the moderator was told. */
    private boolean keep(Member by, Sanction act, String told, List<String> rooms, String replyTo) {
        try {
            store.record(new Sanctions.Told(act, told, rooms));
        } catch (IOException e) {
            refuse(by, ErrorCode.ACCOUNTS_UNAVAILABLE, "the server cannot keep this " + act.action().wire()
                    + " right now (its accounts store is unavailable); nothing was done; try again later", replyTo);
            return false;
        }
        refusals.note(LogLines.of(act));
        hold(act);
        return true;
    }

    /** The maps read at every message and join, after {@code act}. */
    private void hold(Sanction act) {
        switch (act.action()) {
            case MUTE -> mutes.put(act.key(), act);
            case BAN -> bans.put(act.key(), act);
            case UNMUTE -> mutes.remove(act.key());
            case UNBAN -> bans.remove(act.key());
            case KICK -> { }
        }
    }

    private boolean allowed(Member by, String command, String replyTo) {
        if (by.role().compareTo(Role.MODERATOR) >= 0) return true;
        refuse(by, ErrorCode.NOT_ALLOWED, command + " is for moderators and admins; you are "
                + article(by.role()), replyTo);
        return false;
    }

    /**
     * Everyone here in any of {@code rooms} (the target's, by name) is told once (the
     * moderator too, wherever they are; null when they are on another server).
     */
    private void tellRooms(List<String> rooms, Member by, String text) {
        boolean byTold = by == null;
        for (Member m : online.members()) {
            if (inAny(m, rooms)) {
                m.session().deliver(new Notice(text, null));
                byTold |= m == by;
            }
        }
        if (!byTold) by.session().deliver(new Notice(text, null));
    }

    private static boolean inAny(Member m, List<String> rooms) {
        for (String room : m.roomNames()) {
            if (rooms.contains(room)) return true;
        }
        return false;
    }

    private void refuse(Member by, ErrorCode code, String text, String replyTo) {
        refusals.refuse(by.session(), by.name(), code, text, replyTo);
    }

    /** The sanction under {@code key} while it holds; an expired one is dropped. */
    private Sanction holding(Map<String, Sanction> kept, String key) {
        Sanction s = kept.get(key);
        if (s == null || s.holdsAt(clock.instant())) return s;
        kept.remove(key, s);
        return null;
    }

    private String until(Sanction s) {
        if (s.until() == null) return "until a moderator lifts it";
        ZoneId zone = clock.getZone();
        String time = HOUR.format(s.until().atZone(zone));
        boolean today = s.until().atZone(zone).toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
        return "until " + (today ? time : s.until().atZone(zone).toLocalDate() + " " + time);
    }

    private static String because(Sanction s) {
        return s.reason().isEmpty() ? "" : ": " + s.reason();
    }

    private static String past(Action a) {
        return switch (a) {
            case KICK -> "kicked";
            case MUTE -> "muted";
            case UNMUTE -> "unmuted";
            case BAN -> "banned";
            case UNBAN -> "unbanned";
        };
    }

    /** "ta, an admin above you", "mona, a moderator like you": why {@code by} may not act on them. */
    private static String rank(String name, Role role, Member by) {
        return name + ", " + article(role) + " " + (role == by.role() ? "like you" : "above you");
    }

    private static String article(Role role) {
        return (role == Role.ADMIN ? "an " : "a ") + role.wire();
    }
}
