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
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code @name text}: a message to people online, wherever they are, logged and stored
 * before anyone sees it, under an id that is never given twice.
 */
final class PrivateMessages {
    private final Clock clock;
    private final Recorder recorder;
    private final HistoryStore store;
    private final Online online;
    private final Refusals refusals;
    private final int maxText;
    private final AtomicLong ids;
    private final Peers peers;

    /**
     * Ids go on from {@code lastId}, never repeat: not even one that was logged and then
     * refused by the store. In a cluster ({@code peers}) the cluster gives them, and people
     * on other servers are reached through it.
     */
    PrivateMessages(Clock clock, Recorder recorder, HistoryStore store, Online online, Refusals refusals, int maxText,
            long lastId, Peers peers) {
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
        List<String> missing = new ArrayList<>();
        for (String name : to) {
            Member m = online.get(name);
            if (m == null || !m.welcomed()) { // someone still joining is not online yet
                if (!missing.contains(name)) missing.add(name);
            } else {
                recipients.putIfAbsent(Names.key(m.name()), m);
            }
        }
        Map<String, String> elsewhere = missing.isEmpty() || peers == Peers.NONE ? Map.of() : peers.find(missing);
        missing.removeIf(name -> elsewhere.containsKey(Names.key(name)));
        if (!recipients.isEmpty() || !elsewhere.isEmpty()) send(member, recipients, List.copyOf(elsewhere.values()), text, replyTo);
        for (String name : missing) {
            refusals.refuse(member.session(), member.name(), ErrorCode.NOT_ONLINE, name + " is not online", replyTo);
        }
    }

    private void send(Member member, Map<String, Member> recipients, List<String> elsewhere, String text, String replyTo) {
        List<String> names = new ArrayList<>(recipients.values().stream().map(Member::name).toList());
        names.addAll(elsewhere);
        long id;
        try {
            id = peers == Peers.NONE ? ids.incrementAndGet() : peers.nextPrivateId();
        } catch (IOException e) {
            refusals.unrecorded(member, replyTo);
            return;
        }
        PrivateMessage message = new PrivateMessage(id, clock.instant(), member.name(), names, text);
        List<Long> parties = new ArrayList<>(recipients.size() + 1);
        parties.add(member.token());
        for (Member m : recipients.values()) if (m != member) parties.add(m.token());
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
        member.session().deliver(new Accepted(replyTo, null, 0, message.id()));
        // As the sender's own notice, after the message was accepted: "* bob is away: lunch".
        for (Member m : recipients.values()) {
            String away = m.away();
            if (m != member && away != null) member.session().deliver(new Notice(m.name() + " is away: " + away, null));
        }
    }

    /** A private message from another server of the cluster, for {@code names} here. */
    void fromElsewhere(PrivateMessage message, List<String> names) {
        Outgoing outgoing = new Outgoing(message);
        for (String name : names) {
            Member m = online.get(name);
            if (m != null && m.welcomed()) m.deliverDirect(outgoing);
        }
    }
}
