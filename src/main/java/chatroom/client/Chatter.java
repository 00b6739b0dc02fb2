package chatroom.client;

import chatroom.chat.ChatInput;
import chatroom.chat.Commands;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.chat.LeaveReason;
import chatroom.chat.Manager;
import chatroom.protocol.FrameException;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.PlainFormat;
import chatroom.protocol.Request;
import chatroom.tls.ClientTrust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The client: joins a server under a name, then receives on one thread and sends on
 * another (the assignment's requirement 4), keeping a transcript of everything shown.
 * At a terminal a lost server is reconnected with backoff; otherwise it ends with exit 1.
 * With a {@link ClientTrust} every connection is TLS, and a server whose certificate does
 * not verify ends the Chatter with one line and exit 1: it is never retried, nor talked
 * to in clear text. Given several servers (a cluster's nodes) it joins the first that
 * answers, in the order given, and on losing it moves on to the next that answers, also
 * when not at a terminal: room numbers are the cluster's, so a replay still shows only
 * what was missed.
 */
public final class Chatter {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** How long to wait for the server to confirm a quit before leaving anyway. */
    private static final long QUIT_WAIT_MILLIS = 5_000;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    /** The servers to try, in order; several are one cluster's nodes. */
    private final List<ServerAddress> servers;
    /** Index in {@link #servers} of the server joined (or last tried). */
    private volatile int current;
    /** Null for a clear connection. */
    private final ClientTrust trust;
    private final Path logDir;
    private final Screen screen;
    private final Clock clock;
    private final JsonCodec codec;
    private final PlainFormat plain;
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Integer> outcome = new CompletableFuture<>();
    private final CountDownLatch quit = new CountDownLatch(1);
    /** The final errors after which the Chatter does not reconnect. */
    private static final Set<ErrorCode> PUT_OUT = Set.of(ErrorCode.KICKED, ErrorCode.BANNED);

    private volatile Link link;
    private volatile boolean quitting;
    private Transcript transcript;
    private String name;
    /** The room the person talks in, as the server last said; where a reconnect takes them back to. */
    private volatile String room = Manager.LOBBY;
    /** Every room the person is in, in the order entered, as the server last said: a reconnect enters them all again. */
    private volatile List<String> rooms = List.of(Manager.LOBBY);
    /** The last number seen in each room, so a replay after a reconnect shows only what was missed. */
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    /** Ids of /history requests: their answers are shown whole; other history is a replay on entering a room. */
    private final Set<String> pageRequests = ConcurrentHashMap.newKeySet();
    /** The password given by --password-file or CHATROOM_PASSWORD, or null: then it is asked for when needed. */
    private final String givenPassword;
    /** --allow-clear-password: a password may cross a clear connection to another machine. */
    private final boolean allowClearPassword;
    /** The password that signed in (null for a guest): a reconnect signs in with it. Kept in memory only. */
    private volatile String password;
    /** The last rejoin was refused name-taken: the name is still held where the connection was lost. */
    private volatile boolean nameHeld;
    /** New passwords sent with /register or /password, by request id: they count once the server says so. */
    private final Map<String, String> newPasswords = new ConcurrentHashMap<>();

    /** One connection to the server. */
    private record Link(Socket socket, BufferedReader in, OutputStream out) {
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // going anyway
            }
        }
    }

    Chatter(String host, int port, Path logDir, Screen screen, Clock clock) {
        this(host, port, null, logDir, screen, clock, null);
    }

    /** Over TLS when {@code trust} is not null. */
    Chatter(String host, int port, ClientTrust trust, Path logDir, Screen screen, Clock clock) {
        this(host, port, trust, logDir, screen, clock, null);
    }

    /** @param password the password of a registered name, for scripts; null: asked for when the name is registered */
    Chatter(String host, int port, Path logDir, Screen screen, Clock clock, String password) {
        this(host, port, null, logDir, screen, clock, password);
    }

    /**
     * Over TLS when {@code trust} is not null.
     * @param password the password of a registered name, for scripts; null: asked for when the name is registered
     */
    Chatter(String host, int port, ClientTrust trust, Path logDir, Screen screen, Clock clock, String password) {
        this(host, port, trust, logDir, screen, clock, password, false);
    }

    /**
     * As above; {@code allowClearPassword} lets a password cross a clear connection to a
     * server that is not on this machine ({@code --allow-clear-password}).
     */
    Chatter(String host, int port, ClientTrust trust, Path logDir, Screen screen, Clock clock, String password,
            boolean allowClearPassword) {
        this(List.of(new ServerAddress(host, port)), trust, logDir, screen, clock, password, allowClearPassword);
    }

    /** As above, on the first of {@code servers} that answers, and on the next when it goes away. */
    Chatter(List<ServerAddress> servers, ClientTrust trust, Path logDir, Screen screen, Clock clock, String password,
            boolean allowClearPassword) {
        if (servers.isEmpty()) throw new IllegalArgumentException("no server to join");
        this.allowClearPassword = allowClearPassword;
        this.trust = trust;
        this.givenPassword = password;
        this.servers = List.copyOf(servers);
        this.logDir = logDir;
        this.screen = screen;
        this.clock = clock;
        this.codec = new JsonCodec(clock.getZone());
        this.plain = new PlainFormat(clock.getZone());
    }

    /** Runs until the person quits or the server is lost; returns the exit code. */
    int run(String requestedName) {
        Link first;
        try {
            first = connectAny(0);
        } catch (ClientTrust.Untrusted e) {
            System.err.println("chatroom: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("chatroom: cannot reach " + (servers.size() == 1 ? "the server at " + server()
                    : "any of the servers " + servers.stream().map(ServerAddress::toString).collect(Collectors.joining(", ")))
                    + " (" + brief(e) + ")");
            return 1;
        }
        Welcome welcome = join(first, requestedName, true);
        if (welcome == null) {
            first.close();
            return 1;
        }
        name = welcome.name();
        try {
            transcript = Transcript.open(logDir, name, server(), clock);
        } catch (IOException e) {
            System.err.println("chatroom: cannot write the transcript in " + logDir + " (" + brief(e) + ")");
            first.close();
            return 1;
        }
        link = first;
        screen.joinedAs(name);
        show(welcome);
        Thread.ofPlatform().name("receive").daemon().start(this::receive);
        Thread.ofPlatform().name("send").daemon().start(this::send);
        int code = outcome.join();
        transcript.close();
        Link last = link;
        if (last != null) last.close();
        screen.close();
        return code;
    }

    /** The sending thread: reads typed lines and sends them. */
    private void send() {
        String line;
        while ((line = screen.readLine()) != null) {
            ChatInput input = Commands.parse(line);
            if ((input instanceof ChatInput.Register || input instanceof ChatInput.NewPassword) && !passwordMayCross(link)) {
                // Asked for nothing and sent nothing: the person stays, as a guest or signed in as before.
                showError("clear-password", clearPasswordRefused("a new password") + "; nothing was sent");
                continue;
            }
            if (line.strip().equals("/register") || line.strip().equals("/password")) {
                input = askNewPassword(line.strip());
                if (input == null) continue;
            }
            switch (input) {
                case ChatInput.Nothing nothing -> { }
                case ChatInput.Invalid invalid -> showError(invalid.code().wire(), invalid.problem());
                case ChatInput.Help help -> {
                    String text = String.join("\n", Commands.helpLines());
                    screen.notice(text);
                    transcript.line(PlainFormat.notice(text));
                }
                case ChatInput.Quit q -> {
                    leave();
                    return;
                }
                default -> {
                    String id = nextId();
                    if (input instanceof ChatInput.PageBack) pageRequests.add(id);
                    if (input instanceof ChatInput.Register r) newPasswords.put(id, r.password());
                    if (input instanceof ChatInput.NewPassword p) newPasswords.put(id, p.password());
                    if (write(new Request.Act(id, input))) {
                        transcript.sent();
                    } else {
                        showError("not-connected", "not connected to the server right now; that line was not sent");
                    }
                }
            }
        }
        leave(); // end of input means quit
    }

    /**
     * A bare {@code /register} or {@code /password}: the new password asked twice without
     * showing it. Null when the person gave up or the two differ (they have been told).
     */
    private ChatInput askNewPassword(String command) {
        String first = screen.askPassword("new password: ");
        String again = first == null ? null : screen.askPassword("the same again: ");
        if (first == null || again == null) {
            showError("password-invalid", screen.interactive() ? "no password given; nothing was sent"
                    : "type " + command + " PASSWORD when not at a terminal");
            return null;
        }
        if (!first.equals(again)) {
            showError("password-invalid", "the two passwords differ; nothing was sent");
            return null;
        }
        return command.equals("/register") ? new ChatInput.Register(first) : new ChatInput.NewPassword(first);
    }

    private void leave() {
        quitting = true;
        quit.countDown();
        if (!write(new Request.Act(nextId(), new ChatInput.Quit()))) {
            outcome.complete(0);
            return;
        }
        try {
            outcome.get(QUIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome.complete(0); // the server did not confirm in time; we are leaving anyway
        } catch (Exception e) {
            outcome.complete(0);
        }
    }

    /** The receiving thread: shows what arrives; on loss, reconnects or ends. */
    private void receive() {
        while (true) {
            Link current = link;
            Closing goodbye = readUntilClosed(current);
            boolean closedByServer = goodbye != null;
            current.close();
            if (quitting) {
                outcome.complete(0);
                return;
            }
            if (closedByServer && PUT_OUT.contains(goodbye.code())) {
                outcome.complete(1); // a moderator put us out: coming straight back would undo a kick and only knock on a ban
                return;
            }
            if (!screen.interactive() && servers.size() == 1) {
                if (!closedByServer) showError("connection-lost", "lost the connection to the server at " + server());
                outcome.complete(1);
                return;
            }
            link = null;
            transcript.mark("connection lost; reconnecting");
            screen.notice("lost the connection to " + server() + "; reconnecting (Ctrl-D to give up)");
            Link again = reconnect();
            if (again == null) {
                outcome.complete(quitting ? 0 : 1);
                return;
            }
            link = again;
        }
    }

    /** Shows events until the connection ends; the server's goodbye when it said one first, else null. */
    private Closing readUntilClosed(Link current) {
        Closing closedByServer = null;
        try {
            String line;
            while ((line = current.in().readLine()) != null) {
                Event event;
                try {
                    event = codec.decodeEvent(line);
                } catch (FrameException e) {
                    continue; // a frame from a newer server: nothing this client can show
                }
                if (event instanceof Ping) {
                    write(new Request.Pong(null)); // keep-alive: the server asks whether we are still here
                    continue;
                }
                if (event instanceof Pong) continue;
                if (event instanceof Closing c) closedByServer = c;
                settlePassword(event);
                show(event);
            }
        } catch (IOException e) {
            // lost: the caller decides what to do
        }
        return closedByServer;
    }

    /** A new password counts from the server's notice that it was taken; a refusal drops it. */
    private void settlePassword(Event event) {
        String id = switch (event) {
            case Notice n -> n.replyTo();
            case Refused r -> r.replyTo();
            default -> null;
        };
        String fresh = id == null ? null : newPasswords.remove(id);
        if (fresh != null && event instanceof Notice) password = fresh;
    }

    private Link reconnect() {
        Duration delay = FIRST_RETRY;
        boolean toldHeld = false;
        while (!quitting) {
            try {
                if (quit.await(delay.toMillis(), TimeUnit.MILLISECONDS)) return null;
            } catch (InterruptedException e) {
                return null;
            }
            try {
                Link l = connectAny((current + 1) % servers.size());
                Welcome welcome = join(l, name, false);
                if (welcome != null) {
                    transcript.mark(servers.size() == 1 ? "reconnected" : "reconnected to " + server());
                    if (servers.size() > 1) screen.notice("reconnected to " + server());
                    String was = room;
                    List<String> wereIn = rooms;
                    show(welcome);
                    // Back into every room, the one talked in last, so that it is current again.
                    List<String> back = new ArrayList<>(wereIn);
                    back.remove(was);
                    back.add(was);
                    if (back.get(0).equals(welcome.room())) back.remove(0); // the welcome put them there already
                    for (String r : back) {
                        l.out().write((codec.encode(new Request.Act(nextId(), new ChatInput.JoinRoom(r))) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    l.out().flush();
                    return l;
                }
                l.close();
                if (nameHeld && !toldHeld) {
                    // A guest's name stays the dead server's until the cluster notices (--node-timeout).
                    screen.notice(name + " is still held by the server that went away; trying again until it is free");
                    toldHeld = true;
                }
            } catch (ClientTrust.Untrusted e) {
                showError("tls-untrusted", e.getMessage()); // not the server we joined: stop rather than retry
                return null;
            } catch (IOException e) {
                // still away: try again later
            }
            delay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        }
        return null;
    }

    /**
     * Sends hello until a welcome; on a refused name a person may type another. Null when
     * joining is over without success.
     */
    private Welcome join(Link l, String requested, boolean firstTime) {
        String candidate = requested;
        // A reconnect signs in at once with what signed in before; the first time, only once the server asks.
        String secret = firstTime ? null : password;
        nameHeld = false;
        try {
            while (true) {
                l.out().write((codec.encode(new Request.Hello(nextId(), JsonCodec.VERSION, candidate, -1, secret)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                l.out().flush();
                Event answer = awaitAnswer(l);
                if (answer instanceof Welcome w) {
                    password = secret;
                    return w;
                }
                if (answer == null) {
                    if (firstTime) System.err.println("chatroom: the server at " + server() + " closed the connection");
                    return null;
                }
                ErrorCode code = answer instanceof Refused r ? r.code() : null;
                nameHeld = code == ErrorCode.NAME_TAKEN;
                if (!firstTime) return null;
                if (code == ErrorCode.PASSWORD_REQUIRED && !passwordMayCross(l)) {
                    System.err.println("chatroom: " + clearPasswordRefused(candidate + " is registered; its password"));
                    return null;
                }
                if (code == ErrorCode.PASSWORD_REQUIRED && givenPassword != null && secret == null) {
                    secret = givenPassword;
                    continue;
                }
                screen.show(answer);
                if (code == ErrorCode.PASSWORD_REQUIRED || code == ErrorCode.PASSWORD_WRONG || code == ErrorCode.RATE_LIMITED) {
                    // A script's password that is wrong stays wrong: end rather than ask nobody.
                    secret = givenPassword == null ? screen.askPassword("password for " + candidate + ": ") : null;
                    if (secret == null) {
                        if (!screen.interactive()) {
                            System.err.println("chatroom: " + candidate + " is registered: give its password with --password-file FILE"
                                    + " or the CHATROOM_PASSWORD environment variable");
                        }
                        return null;
                    }
                    continue;
                }
                boolean nameProblem = code == ErrorCode.NAME_TAKEN || code == ErrorCode.NAME_INVALID
                        || code == ErrorCode.NAME_CONFUSABLE;
                if (!nameProblem) return null;
                candidate = screen.askName();
                secret = null;
                if (candidate == null) return null;
            }
        } catch (IOException e) {
            if (firstTime) System.err.println("chatroom: lost the connection to " + server() + " while joining (" + brief(e) + ")");
            return null;
        }
    }

    private Event awaitAnswer(Link l) throws IOException {
        String line;
        while ((line = l.in().readLine()) != null) {
            try {
                Event event = codec.decodeEvent(line);
                if (event instanceof Welcome || event instanceof Refused || event instanceof Closing) return event;
            } catch (FrameException e) {
                // a line that is not a frame (a prompt meant for people): skip it
            }
        }
        return null;
    }

    /**
     * Whether a password may be sent on {@code l}: over TLS, to a server on this machine,
     * or when --allow-clear-password says so. Anything else would show it to the network.
     */
    private boolean passwordMayCross(Link l) {
        return trust != null || allowClearPassword || (l != null && l.socket().getInetAddress().isLoopbackAddress());
    }

    /** The one line saying why {@code what} is not sent. */
    private String clearPasswordRefused(String what) {
        return what + " is not sent in clear text to " + server() + ", which is not this machine: connect with --tls"
                + " or --tls-ca FILE, or add --allow-clear-password to send it anyway";
    }

    /**
     * Connects to the first server that answers, trying each once from {@code first} on
     * and wrapping around; that one becomes {@link #current}. A server whose certificate
     * does not verify stops the search (it is not the cluster we know). Throws the last
     * failure when none answers.
     */
    private Link connectAny(int first) throws IOException {
        IOException last = null;
        for (int i = 0; i < servers.size(); i++) {
            int index = (first + i) % servers.size();
            current = index;
            try {
                return connect(servers.get(index), trust);
            } catch (ClientTrust.Untrusted e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Link connect(ServerAddress server, ClientTrust trust) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), CONNECT_TIMEOUT_MILLIS);
            if (trust != null) socket = trust.open(socket, server.host(), CONNECT_TIMEOUT_MILLIS);
            return new Link(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)),
                    socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private boolean write(Request request) {
        Link l = link;
        if (l == null) return false;
        byte[] bytes = (codec.encode(request) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                l.out().write(bytes);
                l.out().flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private void show(Event event) {
        Event shown = unseen(event);
        if (shown == null) return;
        String current = room;
        screen.show(shown, current);
        String line = plain.render(shown, current);
        if (!line.isEmpty()) transcript.line(roomOf(shown), line);
    }

    /**
     * The event as it should be shown, null for nothing: a replay on entering a room we
     * were in before the connection dropped keeps only the messages missed meanwhile.
     * Also follows which room we are in and the numbers seen there.
     */
    private Event unseen(Event event) {
        switch (event) {
            case Welcome w -> {
                room = w.room();
                rooms = List.of(w.room());
            }
            case RoomEntered r -> {
                room = r.room();
                if (!rooms.contains(r.room())) rooms = plus(rooms, r.room());
            }
            case YourRooms r -> {
                room = r.current();
                rooms = List.copyOf(r.rooms());
            }
            case Left l when l.name().equals(name) && (l.reason() == LeaveReason.PARTED || l.reason() == LeaveReason.MOVED) -> {
                rooms = rooms.stream().filter(r -> !r.equals(l.room())).toList();
                lastSeq.merge(l.room(), l.seq(), Math::max);
            }
            case RoomMessage m -> lastSeq.merge(m.room(), m.seq(), Math::max);
            case Joined j -> lastSeq.merge(j.room(), j.seq(), Math::max);
            case Left l -> lastSeq.merge(l.room(), l.seq(), Math::max);
            case History h when !pageRequests.remove(String.valueOf(h.replyTo())) && lastSeq.containsKey(h.room()) -> {
                long seen = lastSeq.get(h.room());
                List<Event> missed = h.messages().stream().filter(m -> m instanceof RoomMessage r && r.seq() > seen).toList();
                if (missed.isEmpty()) return null;
                missed.forEach(m -> lastSeq.merge(h.room(), ((RoomMessage) m).seq(), Math::max));
                return new History(h.room(), missed, false, h.cursor(), h.replyTo());
            }
            default -> { }
        }
        return event;
    }

    private static List<String> plus(List<String> list, String one) {
        List<String> more = new ArrayList<>(list);
        more.add(one);
        return List.copyOf(more);
    }

    /** The room a line belongs to, for the transcript; null for private messages, which belong to none. */
    private String roomOf(Event event) {
        return switch (event) {
            case RoomMessage m -> m.room();
            case Joined j -> j.room();
            case Left l -> l.room();
            case History h -> h.room();
            case PrivateMessage p -> null;
            default -> room;
        };
    }

    private void showError(String code, String text) {
        screen.error(code, text);
        transcript.line(PlainFormat.error(code, text));
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    private String server() {
        return servers.get(current).toString();
    }

    private static String brief(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
