package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.ChatInput;
import chatroom.chat.Event.PrivateMessage;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Event.Welcome;
import chatroom.chat.Event.WhoList;
import chatroom.chat.Limits;
import chatroom.chat.Role;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Request;
import chatroom.testing.AckWindow;
import chatroom.testing.JsonClient;
import chatroom.testing.TestLimits;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 "Private messages": delivered to the addressees, an echo to the sender, and
 * "nobody else ever receives a private message". Thirty people send thousands of random
 * private and public messages at once; a checker then reads what each received. Run
 * again with accounts: some names signed in on two connections (each must get what is
 * sent to the name, once) and some registered names offline (what is sent to them waits,
 * and reaches them once, marked, when they sign in at the end, and nobody else).
 *
 * <p>Run again with {@code -Dchatroom.seed=N} to repeat a run's choices.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivacyCheckerTest {
    private static final int CLIENTS = 30;
    /** IRC clients among the members: addressed like everyone, reading what they get as IRC lines. */
    private static final int IRC_CLIENTS = 4;
    private static final java.util.regex.Pattern IRC_PRIVMSG = java.util.regex.Pattern.compile(":(\\S+)!chat@chatroom PRIVMSG (\\S+) :(.*)");
    private static final int THREADS = 6;
    private static final int PER_THREAD = 500;
    /** One in this many messages is public. */
    private static final int PUBLIC_ONE_IN = 4;
    private static final int WINDOW = 32;
    /** Every private message to an offline account is kept: the run checks delivery, not the queue's bound. */
    private static final Limits LIMITS = TestLimits.with(32 * 1024, 1024 * 1024).toBuilder().offlineQueue(100_000).build();
    private static final String PASSWORD = "privacy-checker-pw";
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

    /**
     * A message as sent: private when {@code to} is not empty; {@code to} as addressed, maybe
     * repeating a name; a public one to {@code room}.
     */
    record Sent(String id, String from, List<String> to, String text, String room) {
        Sent(String id, String from, List<String> to, String text) {
            this(id, from, to, text, to.isEmpty() ? "#lobby" : null);
        }

        Sent in(String room) {
            return new Sent(id, from, to, text, room);
        }

        boolean isPrivate() {
            return !to.isEmpty();
        }

        /** Who must receive it: each addressee once, and the sender's echo. */
        Set<String> audience() {
            Set<String> names = new LinkedHashSet<>();
            for (String n : to) names.add(n.toLowerCase(Locale.ROOT));
            names.add(from);
            return names;
        }

        /** The addressees as the server names them: each once, in the order first addressed. */
        List<String> canonicalTo() {
            return List.copyOf(new LinkedHashSet<>(to.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()));
        }
    }

    @Test
    void privateMessagesReachTheirAddresseesAndSenderOnlyAndPublicOnesReachEveryone() throws Exception {
        check(0, 0, false);
    }

    @Test
    void privacyHoldsForAccountsOnTwoConnectionsAndForAccountsThatWereOffline() throws Exception {
        check(10, 3, false);
    }

    /**
     * Several rooms at once (issue 16): everyone is in the lobby and one or two more rooms
     * (accounts on two connections too), public messages go to one of the sender's rooms,
     * named. A room's messages reach its members only, and a private message reaches each of
     * its people once, however many rooms they share.
     */
    @Test
    void inSeveralRoomsAtOnceARoomsMessagesReachItsMembersOnlyAndPrivateOnesArriveOnce() throws Exception {
        check(10, 3, true);
    }

    /** Name i is in the lobby, in #a unless i % 3 == 1, in #b unless i % 3 == 0. */
    private static List<String> roomsOf(int name, boolean severalRooms) {
        if (!severalRooms) return List.of("#lobby");
        List<String> rooms = new ArrayList<>(List.of("#lobby"));
        if (name % 3 != 1) rooms.add("#a");
        if (name % 3 != 0) rooms.add("#b");
        return rooms;
    }

    /** A connection, and the name it is on (two connections of one account share it). */
    record On(JsonClient client, String name, String key) {}

    private On signIn(String name, int connection) throws IOException {
        JsonClient c = server.jsonConnected(name);
        c.send(new Request.Hello("in-" + name, JsonCodec.VERSION, name, 0, PASSWORD));
        c.awaitEvent(Welcome.class, w -> ("in-" + name).equals(w.replyTo()));
        return new On(c, name, name + "/" + connection);
    }

    /**
     * The run: {@value #CLIENTS} names, the first {@code twice} of them accounts signed in on
     * two connections each; {@code offline} more accounts addressed but offline until the end;
     * with {@code severalRooms}, each name in two or three rooms.
     */
    private void check(int twice, int offline, boolean severalRooms) throws Exception {
        long seed = Long.getLong("chatroom.seed", System.nanoTime());
        long started = System.nanoTime();
        List<On> on = new ArrayList<>();
        Map<String, List<String>> roomsOf = new HashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            String name = String.format("p%02d", i);
            On first;
            if (i < twice) {
                assertThat(server.accounts().add(name, PASSWORD, Role.MEMBER).done()).isTrue();
                on.add(first = signIn(name, 1));
                on.add(signIn(name, 2));
            } else {
                on.add(first = new On(server.json(name), name, name));
            }
            roomsOf.put(name, roomsOf(i, severalRooms));
            for (String room : roomsOf.get(name).subList(1, roomsOf.get(name).size())) {
                first.client().send(new Request.Act("in " + room, new ChatInput.JoinRoom(room)));
                first.client().awaitEvent(RoomEntered.class, r -> r.room().equals(room));
            }
        }
        List<String> away = new ArrayList<>();
        for (int i = 0; i < offline; i++) {
            away.add("off" + i);
            assertThat(server.accounts().add("off" + i, PASSWORD, Role.MEMBER).done()).isTrue();
        }
        List<JsonClient> clients = on.stream().map(On::client).toList();
        List<String> names = new ArrayList<>(new LinkedHashSet<>(on.stream().map(On::name).toList()));
        List<chatroom.testing.IrcTestClient> ircs = new ArrayList<>();
        for (int i = 0; i < IRC_CLIENTS; i++) {
            // Even and odd IRC clients are in the rooms of even and odd names: JOIN adds a channel.
            chatroom.testing.IrcTestClient irc = server.irc(String.format("irc%02d", i));
            roomsOf.put(irc.label(), roomsOf(i, severalRooms));
            for (String room : roomsOf.get(irc.label()).subList(1, roomsOf.get(irc.label()).size())) irc.joined(room);
            ircs.add(irc);
        }
        ircs.forEach(c -> names.add(c.label()));
        List<String> addressable = new ArrayList<>(names);
        addressable.addAll(away);

        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Map<String, Long> pidOf = new ConcurrentHashMap<>(); // private id -> pid the sender was told
        Map<String, String> refused = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("privacy-", 0).factory())) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                // Each thread drives its own share of the connections, so each window has one reader.
                List<On> mine = new ArrayList<>();
                for (int i = thread; i < on.size(); i += THREADS) mine.add(on.get(i));
                running.add(pool.submit(() -> {
                    Random random = new Random(seed + thread);
                    Map<JsonClient, AckWindow> windows = new HashMap<>();
                    for (On c : mine) windows.put(c.client(), new AckWindow(c.client(), WINDOW));
                    go.await();
                    for (int k = 0; k < PER_THREAD; k++) {
                        On from = mine.get(random.nextInt(mine.size()));
                        String id = "t" + thread + "-" + k;
                        Sent drawn = randomMessage(random, id, from.name(), addressable);
                        List<String> fromRooms = roomsOf.get(from.name());
                        Sent message = drawn.isPrivate() ? drawn : drawn.in(fromRooms.get(random.nextInt(fromRooms.size())));
                        sent.put(id, message);
                        windows.get(from.client()).send(id, replyTo -> {
                            if (message.isPrivate()) from.client().tell(message.to(), message.text(), replyTo);
                            else if (severalRooms) from.client().send(new Request.Act(replyTo,
                                    new ChatInput.InRoom(message.room(), new ChatInput.Say(message.text()))));
                            else from.client().say(message.text(), replyTo);
                        });
                    }
                    for (AckWindow w : windows.values()) {
                        w.drain();
                        w.accepted().forEach((id, a) -> {
                            if (a.room() == null) pidOf.put(id, a.privateId());
                        });
                        w.refused().forEach((id, r) -> refused.put(id, r.code().wire() + ": " + r.text()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) f.get();
        }
        long sending = System.nanoTime() - started;

        // Each private message was enqueued for its audience before its sender was told it
        // was accepted; a public message sent after all answers is the last thing to read.
        List<CountDownLatch> ends = clients.stream()
                .map(c -> c.whenSeen(line -> line.contains("\"text\":\"" + END + "\""))).toList();
        List<CountDownLatch> ircEnds = ircs.stream().map(c -> c.whenSeen(line -> line.contains("PRIVMSG #lobby :" + END))).toList();
        // In the lobby, where everyone is (p00 talks in the room it entered last).
        clients.getFirst().send(new Request.Act("end", new ChatInput.InRoom("#lobby", new ChatInput.Say(END))));
        for (int i = 0; i < on.size(); i++) {
            assertThat(ends.get(i).await(20, TimeUnit.SECONDS)).as("%s saw the end marker", on.get(i).key()).isTrue();
        }
        for (int i = 0; i < IRC_CLIENTS; i++) {
            assertThat(ircEnds.get(i).await(20, TimeUnit.SECONDS)).as("%s saw the end marker", ircs.get(i).label()).isTrue();
        }
        // The offline accounts sign in now: what waited for each is handed out before the answer to a /who.
        List<On> late = new ArrayList<>();
        for (String name : away) {
            On back = signIn(name, 1);
            back.client().send(new Request.Act("who", new ChatInput.Who(false)));
            back.client().awaitEvent(WhoList.class, w -> "who".equals(w.replyTo()));
            late.add(back);
        }
        List<On> everyone = new ArrayList<>(on);
        everyone.addAll(late);

        // What each private message's id reached, and how often; what is wrong with what arrived.
        Map<String, Map<String, Integer>> privateReached = new HashMap<>();
        Map<String, Map<String, Integer>> publicReached = new HashMap<>();
        List<String> leaks = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        List<String> waitedWrongly = new ArrayList<>();
        for (On c : everyone) {
            String me = c.name();
            for (Event e : c.client().seenEvents()) {
                if (e instanceof PrivateMessage p) {
                    // Marked as having waited exactly when it reached an account that was offline.
                    if (p.waited() != away.contains(me)) waitedWrongly.add(c.key() + " got " + p);
                    Sent s = sent.get(idOf(p.text()));
                    if (s == null || !s.isPrivate()) {
                        altered.add(me + " got a private message nobody sent privately: " + p);
                        continue;
                    }
                    if (!s.audience().contains(me)) leaks.add(me + " got " + s);
                    if (!p.from().equals(s.from()) || !p.to().equals(s.canonicalTo()) || !p.text().equals(s.text())
                            || !Long.valueOf(p.id()).equals(pidOf.get(s.id()))) {
                        altered.add(me + " got " + p + " for " + s + " (pid told to sender " + pidOf.get(s.id()) + ")");
                    }
                    privateReached.computeIfAbsent(s.id(), k -> new TreeMap<>()).merge(c.key(), 1, Integer::sum);
                } else if (e instanceof RoomMessage m && !m.text().equals(END)) {
                    Sent s = sent.get(idOf(m.text()));
                    if (s == null || s.isPrivate()) {
                        leaks.add(me + " got a private message (or an unknown one) as a room message: " + m);
                        continue;
                    }
                    if (!roomsOf.getOrDefault(me, List.of("#lobby")).contains(m.room())) leaks.add(me + " got a message of " + m.room() + ", not one of theirs: " + m);
                    if (!m.from().equals(s.from()) || !m.text().equals(s.text()) || !m.room().equals(s.room())) {
                        altered.add(me + " got " + m + " for " + s);
                    }
                    publicReached.computeIfAbsent(s.id(), k -> new TreeMap<>()).merge(c.key(), 1, Integer::sum);
                }
            }
        }
        // The IRC members: a private message comes to their nick, a public one to #lobby; the text is
        // shown for a terminal (a tab as spaces), so only its id and sender are compared.
        for (chatroom.testing.IrcTestClient c : ircs) {
            String me = c.label();
            for (String line : c.ircSeen()) {
                java.util.regex.Matcher m = IRC_PRIVMSG.matcher(line);
                if (!m.matches() || m.group(3).equals(END)) continue;
                Sent s = sent.get(idOf(m.group(3)));
                boolean toMe = m.group(2).equals(me);
                if (s == null || s.isPrivate() != toMe || !(toMe || m.group(2).equals(s.room()) && roomsOf.get(me).contains(s.room()))) {
                    (s != null && s.isPrivate() && !toMe ? leaks : altered).add(me + " got on IRC: " + line);
                    continue;
                }
                if (toMe && !s.audience().contains(me)) leaks.add(me + " got on IRC " + s);
                if (!m.group(1).equals(s.from())) altered.add(me + " got on IRC " + line + " for " + s);
                (toMe ? privateReached : publicReached).computeIfAbsent(s.id(), k -> new TreeMap<>()).merge(me, 1, Integer::sum);
            }
        }
        int privates = 0;
        int publics = 0;
        int expectedPrivateDeliveries = 0;
        int privateDeliveries = 0;
        int publicDeliveries = 0;
        int expectedPublicDeliveries = 0;
        int addressedToSelf = 0;
        int repeatedAddressee = 0;
        int waitingFor = 0;
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (Sent s : sent.values()) {
            Map<String, Integer> reached = (s.isPrivate() ? privateReached : publicReached).getOrDefault(s.id(), Map.of());
            // Every connection of each name it is for (the late ones only got what waited).
            Set<String> audience = new LinkedHashSet<>();
            for (On c : s.isPrivate() ? everyone : on) {
                if (s.isPrivate() ? s.audience().contains(c.name()) : roomsOf.get(c.name()).contains(s.room())) {
                    audience.add(c.key());
                }
            }
            for (chatroom.testing.IrcTestClient c : ircs) {
                if (s.isPrivate() ? s.audience().contains(c.label()) : roomsOf.get(c.label()).contains(s.room())) {
                    audience.add(c.label());
                }
            }
            if (s.isPrivate()) {
                privates++;
                expectedPrivateDeliveries += audience.size();
                if (s.canonicalTo().contains(s.from())) addressedToSelf++;
                if (s.canonicalTo().stream().anyMatch(away::contains)) waitingFor++;
                if (s.canonicalTo().size() < s.to().size()) repeatedAddressee++;
            } else {
                publics++;
                expectedPublicDeliveries += audience.size();
            }
            for (String who : audience) {
                int times = reached.getOrDefault(who, 0);
                if (times == 0) missing.add(who + " never got " + s);
                if (times > 1) duplicated.add(who + " got " + times + " times " + s);
            }
            int total = reached.values().stream().mapToInt(Integer::intValue).sum();
            if (s.isPrivate()) privateDeliveries += total;
            else publicDeliveries += total;
        }
        // SPEC §4 "Records": the log has each private message once, with its sender and recipients.
        Map<String, Integer> logged = new HashMap<>();
        for (String line : server.logLines()) {
            int at = line.indexOf(" PRIVATE ");
            if (at > 0) logged.merge(line.substring(at + " PRIVATE ".length()), 1, Integer::sum);
        }
        int notLoggedOnce = 0;
        for (Sent s : sent.values()) {
            if (!s.isPrivate()) continue;
            String expected = pidOf.get(s.id()) + " " + s.from() + " -> " + String.join(",", s.canonicalTo()) + ": "
                    + s.text().replace("\t", "\\t");
            if (logged.getOrDefault(expected, 0) != 1) notLoggedOnce++;
        }
        long elapsed = System.nanoTime() - started;

        System.out.printf("privacy checker%s: seed %d, %d names (%d of them IRC, %d accounts on two connections, %d accounts offline),"
                        + " %d threads, %d messages (%d private to 1-3 addressees, %d of them to an offline account,"
                        + " %d of them addressed to the sender too, %d naming someone twice; %d public), window %d;"
                        + " private deliveries expected %d, made %d, leaked %d, missing %d, duplicated %d, altered %d;"
                        + " public deliveries %d of %d; refused %d; private messages not in the log once %d; sending %.1f s, total %.1f s (%s)%n",
                severalRooms ? " in several rooms (#lobby, #a, #b; everyone in two or three, IRC too)" : "", seed, names.size(), IRC_CLIENTS, twice, offline, THREADS, sent.size(), privates, waitingFor, addressedToSelf, repeatedAddressee, publics, WINDOW,
                expectedPrivateDeliveries, privateDeliveries, leaks.size(), missing.size(), duplicated.size(), altered.size(),
                publicDeliveries, expectedPublicDeliveries, refused.size(), notLoggedOnce, sending / 1e9, elapsed / 1e9, TestLimits.describe(LIMITS));

        assertThat(refused).as("refused messages (seed %d)", seed).isEmpty();
        assertThat(leaks).as("private messages that reached someone else (seed %d)", seed).isEmpty();
        assertThat(missing).as("messages that never reached someone they were for (seed %d)", seed).isEmpty();
        assertThat(duplicated).as("messages that reached someone more than once (seed %d)", seed).isEmpty();
        assertThat(altered).as("messages that arrived changed (seed %d)", seed).isEmpty();
        assertThat(notLoggedOnce).as("private messages not in the server log exactly once (seed %d)", seed).isZero();
        assertThat(privateDeliveries).isEqualTo(expectedPrivateDeliveries);
        assertThat(waitedWrongly).as("private messages marked wrongly as having waited, or not (seed %d)", seed).isEmpty();
        assertThat(publicDeliveries).isEqualTo(expectedPublicDeliveries);
    }

    /**
     * One in {@value #PUBLIC_ONE_IN} public; the rest private to one, two or three people
     * drawn with replacement from everyone, the sender included, some in capitals (names
     * are case-insensitive). The text starts with the id and keeps odd spacing exactly.
     */
    private static Sent randomMessage(Random random, String id, String from, List<String> names) {
        String tail = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "  two  spaces ";
            case 2 -> " trailing\tand tab";
            default -> " " + "x".repeat(random.nextInt(200));
        };
        if (random.nextInt(PUBLIC_ONE_IN) == 0) return new Sent(id, from, List.of(), "pub " + id + tail);
        List<String> to = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = names.get(random.nextInt(names.size()));
            to.add(random.nextInt(10) == 0 ? name.toUpperCase(Locale.ROOT) : name);
        }
        return new Sent(id, from, List.copyOf(to), "priv " + id + tail);
    }

    /** "priv t3-17  two  spaces " -> "t3-17". */
    private static String idOf(String text) {
        String[] words = text.split(" ", 3);
        return words.length >= 2 ? words[1] : "";
    }
}
