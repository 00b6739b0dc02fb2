package chatroom.chat;

import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Notice;
import chatroom.chat.Event.PrivateMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code @name text}: a message to people online, wherever they are, logged and stored
 * before anyone sees it, under an id that is never given twice; to a registered name that
 * is offline it waits ({@link OfflineMessages}).
 */
final class PrivateMessages {
    private final Clock clock;
    private final Recorder recorder;
    private final HistoryStore store;
    private final Online online;
    private final Refusals refusals;
    private final int maxText;
    private final AtomicLong ids;
    private final OfflineMessages offline;
    private final Peers peers;

    /**
     * Ids go on from {@code lastId}, never repeat: not even one that was logged and then
     * refused by the store. In a cluster ({@code peers}) the cluster gives them, and people
     * on other servers are reached through it.
     */
    PrivateMessages(Clock clock, Recorder recorder, HistoryStore store, Online online, Refusals refusals, int maxText,
            long lastId, OfflineMessages offline, Peers peers) {
        this.offline = offline;
        this.peers = peers;
        this.clock = clock;
        this.recorder = recorder;
        this.store = store;
        this.online = online;
        this.refusals = refusals;
        this.maxText = maxText;
        this.ids = new AtomicLong(lastId);
    }

    void tell(Member member, List<String> to, String text, String replyTo) {
        String problem = Refusals.textProblem(text, maxText);
        if (problem != null) {
            refusals.refuseText(member, problem, "a private message needs some text", replyTo);
            return;
        }
        Map<String, Member> recipients = new LinkedHashMap<>();
        List<String> notHere = new ArrayList<>();
        for (String name : to) {
            Member m = online.get(name);
            if (m != null && m.welcomed()) recipients.putIfAbsent(Names.key(m.name()), m); // someone still joining is not online yet
            else if (!notHere.contains(name)) notHere.add(name);
        }
        // Online on another server of the cluster: reached through it, not kept as if offline.
        Map<String, String> elsewhere = notHere.isEmpty() || peers == Peers.NONE ? Map.of() : peers.find(notHere);
        Map<String, Account> away = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> notKept = new LinkedHashMap<>();
        for (String name : notHere) {
            String key = Names.key(name);
            if (elsewhere.containsKey(key) || away.containsKey(key) || notKept.containsKey(name)) continue;
            try {
                Optional<Account> account = offline.account(name);
                String full = account.isEmpty() ? null : offline.full(account.get());
                if (account.isEmpty()) {
                    missing.add(name); // a guest's name, or nobody's: not online, as ever
                } else if (full != null) {
                    notKept.put(name, full);
                } else {
                    away.put(key, account.get());
                }
            } catch (IOException e) {
                notKept.put(name, name + " is not online, and the server cannot reach its accounts right now to keep"
                        + " the message for them; try again later");
            }
        }
        Map<String, String> named = new LinkedHashMap<>(); // every addressee who gets it, by key, in the order addressed
        for (String name : to) {
            String key = Names.key(name);
            Member m = recipients.get(key);
            String as = m != null ? m.name() : elsewhere.containsKey(key) ? elsewhere.get(key)
                    : away.containsKey(key) ? away.get(key).name() : null;
            if (as != null) named.putIfAbsent(key, as);
        }
        List<String> there = List.copyOf(elsewhere.values());
        // Put out (kicked, banned) meanwhile: nothing goes, and nobody is left to tell.
        if (!named.isEmpty() && !member.speak(() -> send(member, List.copyOf(named.values()), recipients, there, away, text, replyTo))) {
            return;
        }
        for (String name : missing) {
            refusals.refuse(member.session(), member.name(), ErrorCode.NOT_ONLINE, name + " is not online", replyTo);
        }
        notKept.forEach((name, why) -> refusals.refuse(member.session(), member.name(), ErrorCode.OFFLINE_QUEUE_FULL, why,
                replyTo));
    }

    private void send(Member member, List<String> names, Map<String, Member> recipients, List<String> elsewhere,
            Map<String, Account> away, String text, String replyTo) {
        long id;
        try {
            id = peers == Peers.NONE ? ids.incrementAndGet() : peers.nextPrivateId();
        } catch (IOException e) {
            refusals.unrecorded(member, replyTo);
            return;
        }
        PrivateMessage message = new PrivateMessage(id, clock.instant(), member.name(), names, text);
        List<Long> parties = new ArrayList<>(recipients.size() + away.size() + 1);
        parties.add(member.token());
        for (Member m : recipients.values()) if (m != member) parties.add(m.token());
        // An account reads what waited for it in its own /history and /search later, under its identity.
        for (Account a : away.values()) if (a.identity() != member.token()) parties.add(a.identity());
        try {
            recorder.record(message.time(), LogLines.of(message));
        } catch (IOException e) {
            refusals.unrecorded(member, replyTo);
            return;
        }
        try {
            store.append(StoredEvent.privateMessage(message.id(), message.time(), member.name(), names, text, parties));
        } catch (IOException e) {
            // The log has it and nobody got it: say so there, as for a room message.
            refusals.note(LogLines.unstoredPrivate(message.id()));
            refusals.unrecorded(member, replyTo);
            return;
        }
        if (!elsewhere.isEmpty()) {
            try {
                peers.tell(message, elsewhere);
            } catch (IOException e) {
                refusals.note(LogLines.unstoredPrivate(message.id()));
                refusals.unrecorded(member, replyTo);
                return;
            }
        }
        Outgoing outgoing = new Outgoing(message);
        // The sender's copy first: a quick reply must not reach them above their own message.
        member.session().deliver(outgoing);
        for (Member m : recipients.values()) {
            if (m != member) m.deliverDirect(outgoing);
        }
        List<String> kept = new ArrayList<>();
        for (Account a : away.values()) {
            String refused;
            try {
                refused = offline.keep(a, message);
            } catch (IOException e) {
                refused = a.name() + " is not online, and the server could not keep the message for them (it cannot"
                        + " write its accounts right now); try again later";
            }
            if (refused == null) kept.add(a.name());
            else refusals.refuse(member.session(), member.name(), ErrorCode.OFFLINE_QUEUE_FULL, refused, replyTo);
        }
        member.session().deliver(new Accepted(replyTo, null, 0, message.id()));
        for (String name : kept) {
            member.session().deliver(new Notice(name + " is offline; your message waits and reaches " + name
                    + " when they next sign in", null));
        }
        // As the sender's own notice, after the message was accepted: "* bob is away: lunch".
        for (Member m : recipients.values()) {
            String awayText = m.away();
            if (m != member && awayText != null) member.session().deliver(new Notice(m.name() + " is away: " + awayText, null));
        }
    }

    /**
     * A private message from another server of the cluster, for {@code names} here: kept for
     * their {@code /history} and {@code /search} (under their tokens, which only this server
     * knows), then delivered.
     */
    void fromElsewhere(PrivateMessage message, List<String> names) {
        List<Member> here = new ArrayList<>(names.size());
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.welcomed() && !here.contains(m)) here.add(m);
        }
        if (here.isEmpty()) return;
        try {
            store.alsoFor(StoredEvent.privateMessage(message.id(), message.time(), message.from(), message.to(), message.text(),
                    here.stream().map(Member::token).toList()));
        } catch (IOException e) {
            // Stored by its sender's server (and said there) and delivered all the same; only their /history misses it.
        }
        Outgoing outgoing = new Outgoing(message);
        for (Member m : here) m.deliverDirect(outgoing);
    }
}
