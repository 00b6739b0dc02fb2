package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ChatInput;
import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Joined;
import chatroom.chat.Event.Left;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Limits;
import chatroom.protocol.Request;
import chatroom.testing.AckWindow;
import chatroom.testing.JsonClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Room messages": room events are numbered per room without gaps, and every
 * member sees them in the same order. Ten people talk at once; a checker then reads what
 * each of twenty received and holds it to that promise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderAndCompletenessCheckerTest {
    private static final int CLIENTS = 20;
    /** IRC clients among the members; their lines carry no numbers, so they are held to the others' order of (from, text). */
    private static final int IRC_CLIENTS = 3;
    private static final int SENDERS = 10;
    private static final int PER_SENDER = 500;
    /** A sender's messages in flight: 10 × 32 short messages stay far below any outbound queue. */
    private static final int WINDOW = 32;
    private static final Limits LIMITS = TestLimits.with(32 * 1024, 1024 * 1024);
    private static final Pattern TEXT = Pattern.compile("m (\\S+) (\\d+)");
    private static final String END = "end of run";

    @TempDir
    Path dataDir;

    private TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestServer.start(dataDir, LIMITS);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** One room message as a member saw it: what every member must agree on. */
    record Seen(long seq, String from, String text) {}

    @Test
    void everyMemberReceivesEveryRoomMessageOnceWithGapFreeNumbersInOneOrder() throws Exception {
        long started = System.nanoTime();
        List<JsonClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) clients.add(server.json(String.format("c%02d", i)));
        List<JsonClient> senders = clients.subList(0, SENDERS);
        List<chatroom.testing.IrcTestClient> ircs = new ArrayList<>();
        for (int i = 0; i < IRC_CLIENTS; i++) ircs.add(server.irc(String.format("irc%02d", i)));

        Map<String, Accepted> accepted = new ConcurrentHashMap<>(); // by id, "<sender>-<n>"
        Map<String, String> refusedTexts = new ConcurrentHashMap<>();
        sendAtOnce(senders, PER_SENDER, (sender, n, text, id) -> sender.say(text, id), accepted, refusedTexts);
        long sent = System.nanoTime();

        // Everything accepted was enqueued for everyone before its sender heard so; a message
        // sent after all of it is therefore the last thing each member has to read.
        List<CountDownLatch> ends = clients.stream()
                .map(c -> c.whenSeen(line -> line.contains("\"text\":\"" + END + "\""))).toList();
        List<CountDownLatch> ircEnds = ircs.stream().map(c -> c.whenSeen(line -> line.contains("PRIVMSG #lobby :" + END))).toList();
        clients.getFirst().say(END, "end");
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(ends.get(i).await(20, TimeUnit.SECONDS)).as("%s saw the end marker", clients.get(i).label()).isTrue();
        }
        for (int i = 0; i < IRC_CLIENTS; i++) {
            assertThat(ircEnds.get(i).await(20, TimeUnit.SECONDS)).as("%s saw the end marker", ircs.get(i).label()).isTrue();
        }

        int reorders = 0;
        int duplicates = 0;
        int gaps = 0;
        int fifoViolations = 0;
        int minReceived = Integer.MAX_VALUE;
        int maxReceived = 0;
        List<Seen> reference = null;
        int differingViews = 0;
        for (JsonClient c : clients) {
            List<Event> events = c.seenEvents();
            Welcome welcome = events.stream().filter(Welcome.class::isInstance).map(Welcome.class::cast).findFirst().orElseThrow();
            List<Long> seqs = new ArrayList<>();
            List<Seen> messages = new ArrayList<>();
            for (Event e : events) {
                switch (e) {
                    case RoomMessage m -> {
                        seqs.add(m.seq());
                        if (!m.text().equals(END)) messages.add(new Seen(m.seq(), m.from(), m.text()));
                    }
                    case Joined j -> seqs.add(j.seq());
                    case Left l -> seqs.add(l.seq());
                    default -> { }
                }
            }
            Counts counts = count(welcome.seq(), seqs, messages);
            reorders += counts.reorders;
            duplicates += counts.duplicates;
            gaps += counts.gaps;
            fifoViolations += counts.fifoViolations;
            minReceived = Math.min(minReceived, messages.size());
            maxReceived = Math.max(maxReceived, messages.size());
            if (reference == null) reference = messages;
            else if (!reference.equals(messages)) differingViews++;
        }

        // The IRC members saw the same messages in the same order.
        List<String> common = reference.stream().map(m -> ":" + m.from() + "!chat@chatroom PRIVMSG #lobby :" + m.text()).toList();
        int differingIrcViews = 0;
        for (chatroom.testing.IrcTestClient c : ircs) {
            List<String> view = c.ircSeen().stream().filter(l -> l.contains(" PRIVMSG #lobby :") && !l.endsWith(":" + END)).toList();
            if (!view.equals(common)) differingIrcViews++;
        }

        // Every accepted message is in the common view, under the number it was accepted with.
        Map<Long, Seen> bySeq = new HashMap<>();
        for (Seen s : reference) bySeq.put(s.seq(), s);
        int acceptedMissing = 0;
        for (Map.Entry<String, Accepted> a : accepted.entrySet()) {
            int dash = a.getKey().lastIndexOf('-');
            String from = a.getKey().substring(0, dash);
            Seen s = bySeq.get(a.getValue().seq());
            if (s == null || !s.from().equals(from) || !s.text().equals("m " + from + " " + a.getKey().substring(dash + 1))) {
                acceptedMissing++;
            }
        }

        // SPEC §4 "Records": an event is in the log before anyone sees it; every message received is there, once.
        Map<String, Integer> logged = new HashMap<>();
        for (String line : server.logLines()) {
            int at = line.indexOf(" MSG #lobby ");
            if (at > 0) logged.merge(line.substring(at + " MSG #lobby ".length()), 1, Integer::sum);
        }
        int notLoggedOnce = 0;
        for (Seen s : reference) {
            if (logged.getOrDefault(s.seq() + " " + s.from() + ": " + s.text(), 0) != 1) notLoggedOnce++;
        }
        long done = System.nanoTime();

        int total = SENDERS * PER_SENDER;
        System.out.printf("order checker: %d clients and %d IRC clients, %d senders x %d = %d messages (window %d), each received %s,"
                        + " reorders %d, duplicates %d, gaps %d, per-sender order broken %d, views differing from c00 %d,"
                        + " IRC views differing %d, accepted %d, accepted but missing %d, refused %d, received but not in the log once %d; sending %.1f s, checking %.1f s, total %.1f s (%s)%n",
                CLIENTS, IRC_CLIENTS, SENDERS, PER_SENDER, total, WINDOW,
                minReceived == maxReceived ? String.valueOf(minReceived) : minReceived + ".." + maxReceived,
                reorders, duplicates, gaps, fifoViolations, differingViews, differingIrcViews, accepted.size(), acceptedMissing,
                refusedTexts.size(), notLoggedOnce, seconds(sent - started), seconds(done - sent), seconds(done - started),
                TestLimits.describe(LIMITS));

        assertThat(refusedTexts).as("refused messages").isEmpty();
        assertThat(accepted).as("accepted messages").hasSize(total);
        assertThat(minReceived).as("fewest messages any client received").isEqualTo(total);
        assertThat(maxReceived).as("most messages any client received").isEqualTo(total);
        assertThat(reorders).as("reorders").isZero();
        assertThat(duplicates).as("duplicates").isZero();
        assertThat(gaps).as("gaps").isZero();
        assertThat(fifoViolations).as("one sender's messages out of the order sent").isZero();
        assertThat(differingViews).as("clients whose list of (seq, from, text) differs from c00's").isZero();
        assertThat(differingIrcViews).as("IRC clients whose messages differ from c00's (from, text) in order").isZero();
        assertThat(acceptedMissing).as("accepted messages missing from what everyone received").isZero();
        assertThat(notLoggedOnce).as("messages received that are not in the server log exactly once").isZero();
    }

    /** Churn: members who come and go while others talk. */
    private static final int OBSERVERS = 5;
    private static final int CHURN_SENDERS = 5;
    private static final int CHURN_PER_SENDER = 300;
    private static final int CHURNERS = 5;
    private static final int VISITS = 20;

    @Test
    void membersWhoComeAndGoMidStreamSeeAGapFreeStretchIdenticalToEveryoneElses() throws Exception {
        long started = System.nanoTime();
        List<JsonClient> observers = new ArrayList<>();
        for (int i = 0; i < OBSERVERS; i++) observers.add(server.json("o" + i));
        List<JsonClient> senders = new ArrayList<>();
        for (int i = 0; i < CHURN_SENDERS; i++) senders.add(server.json("s" + i));

        List<Visit> visits = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("churn-", 0).factory())) {
            List<Future<?>> running = new ArrayList<>();
            for (JsonClient sender : senders) {
                running.add(pool.submit(() -> {
                    AckWindow window = new AckWindow(sender, WINDOW);
                    go.await();
                    for (int n = 0; n < CHURN_PER_SENDER; n++) {
                        String text = "m " + sender.label() + " " + n;
                        window.send(String.valueOf(n), id -> sender.say(text, id));
                    }
                    window.drain();
                    return null;
                }));
            }
            for (int t = 0; t < CHURNERS; t++) {
                String name = "visitor" + t; // the same name each visit: a quit frees it at once
                running.add(pool.submit(() -> {
                    go.await();
                    for (int v = 0; v < VISITS; v++) {
                        JsonClient visitor = JsonClient.join(server.address(), name);
                        visitor.quit("bye");
                        visitor.awaitEvent(Left.class, l -> l.name().equals(name));
                        visitor.awaitEnd();
                        List<Event> events = visitor.seenEvents();
                        Welcome welcome = events.stream().filter(Welcome.class::isInstance).map(Welcome.class::cast)
                                .findFirst().orElseThrow();
                        visits.add(new Visit(welcome.seq(),
                                events.stream().map(OrderAndCompletenessCheckerTest::describe).filter(d -> d != null).toList()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) f.get();
        }
        List<CountDownLatch> ends = observers.stream()
                .map(c -> c.whenSeen(line -> line.contains("\"text\":\"" + END + "\""))).toList();
        observers.getFirst().say(END, "end");
        for (CountDownLatch end : ends) assertThat(end.await(20, TimeUnit.SECONDS)).isTrue();

        // The first observer's view is the room's history from its welcome on; every other view must be a stretch of it.
        Map<Long, String> history = new HashMap<>();
        List<String> reference = observers.getFirst().seenEvents().stream().map(OrderAndCompletenessCheckerTest::describe)
                .filter(d -> d != null).toList();
        for (String d : reference) history.put(seqOf(d), d);
        int stretchesDiffering = 0;
        int eventsChecked = 0;
        List<String> firstDifference = new ArrayList<>();
        List<List<String>> views = new ArrayList<>(visits.stream().map(Visit::events).toList());
        for (JsonClient o : observers.subList(1, OBSERVERS)) {
            views.add(o.seenEvents().stream().map(OrderAndCompletenessCheckerTest::describe).filter(d -> d != null).toList());
        }
        for (List<String> view : views) {
            if (view.isEmpty()) continue;
            long first = seqOf(view.getFirst());
            List<String> expected = new ArrayList<>();
            for (long seq = first; seq < first + view.size(); seq++) expected.add(history.get(seq));
            eventsChecked += view.size();
            if (!view.equals(expected)) {
                stretchesDiffering++;
                if (firstDifference.isEmpty()) firstDifference.addAll(List.of(String.valueOf(view), String.valueOf(expected)));
            }
        }
        long visitsStartingRight = visits.stream()
                .filter(v -> !v.events().isEmpty() && seqOf(v.events().getFirst()) == v.welcomeSeq() + 1).count();
        long visitsEndingWithTheirLeave = visits.stream()
                .filter(v -> !v.events().isEmpty() && v.events().getLast().matches("\\d+ left visitor\\d+ quit")).count();
        long done = System.nanoTime();

        System.out.printf("order checker with churn: %d observers, %d senders x %d messages, %d visitors x %d visits;"
                        + " %d views (%d events) compared with o0's history of %d events: %d differ; visits starting right after"
                        + " their welcome %d of %d, ending with their own leave %d; %.1f s%n",
                OBSERVERS, CHURN_SENDERS, CHURN_PER_SENDER, CHURNERS, VISITS, views.size(), eventsChecked, reference.size(),
                stretchesDiffering, visitsStartingRight, visits.size(), visitsEndingWithTheirLeave, (done - started) / 1e9);

        assertThat(visits).hasSize(CHURNERS * VISITS);
        assertThat(stretchesDiffering).as("views that are not a gap-free stretch of the room's history: %s", firstDifference).isZero();
        assertThat(visitsStartingRight).as("visits whose first event follows their welcome").isEqualTo((long) visits.size());
        assertThat(visitsEndingWithTheirLeave).as("visits whose last room event is their own leave").isEqualTo((long) visits.size());
    }

    /** Several rooms at once (issue 16): who is in which rooms, as lists of client numbers. */
    private static final String[] ROOMS = {"#lobby", "#r1", "#r2"};
    private static final int MEMBERS = 12;
    private static final int ROOM_SENDERS = 6;
    private static final int ROOM_PER_SENDER = 150;

    /** Everyone is in the lobby; client i is in #r1 when i % 3 != 2, in #r2 when i % 2 == 0: most are in two or three rooms. */
    private static boolean inRoom(int client, String room) {
        return switch (room) {
            case "#r1" -> client % 3 != 2;
            case "#r2" -> client % 2 == 0;
            default -> true;
        };
    }

    @Test
    void membersOfSeveralRoomsReceiveEachRoomCompleteGapFreeInOneOrderAndNothingOfOtherRooms() throws Exception {
        long started = System.nanoTime();
        List<JsonClient> clients = new ArrayList<>();
        Map<String, Long> entrySeq = new HashMap<>(); // "<client> <room>" -> the number of its join there
        for (int i = 0; i < MEMBERS; i++) {
            JsonClient c = server.json(String.format("p%02d", i));
            clients.add(c);
            entrySeq.put(c.label() + " #lobby", c.seenEvents().stream().filter(Welcome.class::isInstance)
                    .map(Welcome.class::cast).findFirst().orElseThrow().seq());
            for (String room : List.of("#r1", "#r2")) {
                if (!inRoom(i, room)) continue;
                c.send(new Request.Act("in " + room, new ChatInput.JoinRoom(room)));
                entrySeq.put(c.label() + " " + room, c.awaitEvent(RoomEntered.class, r -> r.room().equals(room)).seq());
            }
        }

        // Each sender says its messages in turn in each of its rooms, naming the room (as the page and IRC do).
        Map<String, Accepted> accepted = new ConcurrentHashMap<>();
        Map<String, String> refusedTexts = new ConcurrentHashMap<>();
        sendAtOnce(clients.subList(0, ROOM_SENDERS), ROOM_PER_SENDER, (sender, n, text, id) -> {
            int who = clients.indexOf(sender);
            List<String> mine = java.util.Arrays.stream(ROOMS).filter(r -> inRoom(who, r)).toList();
            sender.send(new Request.Act(id, new ChatInput.InRoom(mine.get(n % mine.size()), new ChatInput.Say(text))));
        }, accepted, refusedTexts);
        // An end marker in each room, said after everything else, is the last thing its members have to read.
        for (String room : ROOMS) {
            int closer = 0;
            while (!inRoom(closer, room)) closer++;
            JsonClient c = clients.get(closer);
            List<CountDownLatch> ends = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                if (inRoom(i, room)) ends.add(clients.get(i).whenSeen(l -> l.contains("\"text\":\"" + END + " " + room + "\"")));
            }
            c.send(new Request.Act("end", new ChatInput.InRoom(room, new ChatInput.Say(END + " " + room))));
            for (CountDownLatch end : ends) assertThat(end.await(20, TimeUnit.SECONDS)).as("the end of %s", room).isTrue();
        }

        int reorders = 0;
        int duplicates = 0;
        int gaps = 0;
        int fifoViolations = 0;
        int differingViews = 0;
        int foreign = 0; // events of a room the client is not in
        int incomplete = 0;
        int roomViews = 0;
        for (String room : ROOMS) {
            Map<Long, Seen> bySeq = new HashMap<>();
            for (Map.Entry<String, Accepted> a : accepted.entrySet()) {
                if (!a.getValue().room().equals(room)) continue;
                int dash = a.getKey().lastIndexOf('-');
                String from = a.getKey().substring(0, dash);
                bySeq.put(a.getValue().seq(), new Seen(a.getValue().seq(), from, "m " + from + " " + a.getKey().substring(dash + 1)));
            }
            List<Seen> reference = null;
            for (int i = 0; i < MEMBERS; i++) {
                JsonClient c = clients.get(i);
                List<Long> seqs = new ArrayList<>();
                List<Seen> messages = new ArrayList<>();
                for (Event e : c.seenEvents()) {
                    String of = switch (e) {
                        case RoomMessage m -> m.room();
                        case Joined j -> j.room();
                        case Left l -> l.room();
                        default -> null;
                    };
                    if (!room.equals(of)) continue;
                    if (!inRoom(i, room)) {
                        foreign++;
                        continue;
                    }
                    switch (e) {
                        case RoomMessage m -> {
                            seqs.add(m.seq());
                            if (!m.text().startsWith(END)) messages.add(new Seen(m.seq(), m.from(), m.text()));
                        }
                        case Joined j -> seqs.add(j.seq());
                        case Left l -> seqs.add(l.seq());
                        default -> { }
                    }
                }
                if (!inRoom(i, room)) continue;
                roomViews++;
                Counts counts = count(entrySeq.get(c.label() + " " + room), seqs, messages);
                reorders += counts.reorders;
                duplicates += counts.duplicates;
                gaps += counts.gaps;
                fifoViolations += counts.fifoViolations;
                if (reference == null) reference = messages;
                else if (!reference.equals(messages)) differingViews++;
                if (!messages.containsAll(bySeq.values())) incomplete++;
            }
        }
        long done = System.nanoTime();
        System.out.printf("order checker in several rooms: %d members in %s (%d room views), %d senders x %d messages across"
                        + " their rooms; accepted %d, refused %d, reorders %d, duplicates %d, gaps %d, per-sender order broken %d,"
                        + " views differing within a room %d, views missing an accepted message %d, events of rooms not joined %d;"
                        + " %.1f s%n", MEMBERS, String.join(" ", ROOMS), roomViews, ROOM_SENDERS, ROOM_PER_SENDER,
                accepted.size(), refusedTexts.size(), reorders, duplicates, gaps, fifoViolations, differingViews, incomplete,
                foreign, seconds(done - started));

        assertThat(refusedTexts).as("refused messages").isEmpty();
        assertThat(accepted).as("accepted messages").hasSize(ROOM_SENDERS * ROOM_PER_SENDER);
        assertThat(reorders).as("reorders").isZero();
        assertThat(duplicates).as("duplicates").isZero();
        assertThat(gaps).as("gaps").isZero();
        assertThat(fifoViolations).as("one sender's messages out of the order sent").isZero();
        assertThat(differingViews).as("members of one room whose views of it differ").isZero();
        assertThat(incomplete).as("room views missing a message accepted there").isZero();
        assertThat(foreign).as("events received from a room one is not in").isZero();
    }

    /** How one sender sends its {@code n}th message, {@code text}, under {@code id}. */
    private interface Send {
        void send(JsonClient sender, int n, String text, String id);
    }

    /**
     * Every sender sends {@code perSender} messages ("m SENDER N", ids "SENDER-N") at once,
     * each through a window of {@value #WINDOW} unanswered; what was accepted and refused is
     * gathered by id.
     */
    private static void sendAtOnce(List<JsonClient> senders, int perSender, Send how, Map<String, Accepted> accepted,
            Map<String, String> refusedTexts) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("sender-", 0).factory())) {
            List<Future<?>> running = new ArrayList<>();
            for (JsonClient sender : senders) {
                running.add(pool.submit(() -> {
                    AckWindow window = new AckWindow(sender, WINDOW);
                    go.await();
                    for (int n = 0; n < perSender; n++) {
                        String text = "m " + sender.label() + " " + n;
                        int number = n;
                        window.send(sender.label() + "-" + n, id -> how.send(sender, number, text, id));
                    }
                    window.drain();
                    accepted.putAll(window.accepted());
                    window.refused().forEach((id, r) -> refusedTexts.put(id, r.code().wire() + ": " + r.text()));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) f.get();
        }
    }

    /** One stay of a visitor: its welcome's number and the room events it saw, described. */
    private record Visit(long welcomeSeq, List<String> events) {}

    /** "17 msg s3: m s3 5", "18 joined visitor2", "19 left visitor2 quit"; null for events outside the room's numbering. */
    private static String describe(Event e) {
        return switch (e) {
            case RoomMessage m -> m.seq() + " msg " + m.from() + ": " + m.text();
            case Joined j -> j.seq() + " joined " + j.name();
            case Left l -> l.seq() + " left " + l.name() + " " + l.reason().text();
            default -> null;
        };
    }

    private static long seqOf(String described) {
        return Long.parseLong(described.substring(0, described.indexOf(' ')));
    }

    @Test
    void theCheckerCountsReordersDuplicatesGapsAndSendersOutOfOrder() {
        List<Seen> fine = List.of(new Seen(3, "a", "m a 0"), new Seen(4, "b", "m b 0"), new Seen(5, "a", "m a 1"));
        assertThat(count(2, List.of(3L, 4L, 5L), fine)).isEqualTo(new Counts(0, 0, 0, 0));
        assertThat(count(2, List.of(4L, 3L, 5L), fine)).as("swapped").isEqualTo(new Counts(1, 0, 0, 0));
        assertThat(count(2, List.of(3L, 5L), List.of(fine.get(0), fine.get(2)))).as("one skipped").isEqualTo(new Counts(0, 0, 1, 0));
        assertThat(count(2, List.of(3L, 4L, 4L, 5L), List.of(fine.get(0), fine.get(1), fine.get(1), fine.get(2))))
                .as("one twice").isEqualTo(new Counts(1, 1, 0, 0));
        assertThat(count(2, List.of(3L, 4L, 5L), List.of(new Seen(3, "a", "m a 1"), fine.get(1), new Seen(5, "a", "m a 0"))))
                .as("a sender's two swapped").isEqualTo(new Counts(0, 0, 0, 1));
    }

    private record Counts(int reorders, int duplicates, int gaps, int fifoViolations) {}

    /**
     * What is wrong with one member's view: numbers after the welcome's that do not rise,
     * repeat, or skip, and senders whose messages arrive out of the order they were sent.
     */
    private static Counts count(long welcomeSeq, List<Long> seqs, List<Seen> messages) {
        int reorders = 0;
        long previous = welcomeSeq;
        Set<Long> numbers = new HashSet<>();
        int repeatedNumbers = 0;
        for (long seq : seqs) {
            if (!numbers.add(seq)) repeatedNumbers++;
            if (seq <= previous) reorders++;
            previous = Math.max(previous, seq);
        }
        // Numbers from the welcome's on up to the highest seen that never arrived.
        long expected = previous - welcomeSeq;
        long present = numbers.stream().filter(seq -> seq > welcomeSeq).count();
        int gaps = (int) (expected - present);
        Set<Seen> distinct = new HashSet<>();
        Set<String> texts = new HashSet<>();
        int repeatedMessages = 0;
        Map<String, Integer> lastN = new HashMap<>();
        int fifo = 0;
        for (Seen s : messages) {
            if (!distinct.add(s) || !texts.add(s.from() + "\u0000" + s.text())) {
                repeatedMessages++;
                continue; // counted once, as a duplicate
            }
            Matcher m = TEXT.matcher(s.text());
            if (!m.matches() || !m.group(1).equals(s.from())) {
                fifo++; // not a message any sender sent under this name
                continue;
            }
            int n = Integer.parseInt(m.group(2));
            Integer last = lastN.put(s.from(), n);
            if (last != null && n <= last) fifo++;
        }
        return new Counts(reorders, Math.max(repeatedNumbers, repeatedMessages), gaps, fifo);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
