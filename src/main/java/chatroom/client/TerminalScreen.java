package chatroom.client;

import chatroom.chat.Commands;
import chatroom.chat.LeaveReason;
import chatroom.chat.Manager;
import chatroom.chat.Event;
import chatroom.chat.Event.*;
import chatroom.protocol.PlainFormat;
import chatroom.text.Sanitize;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * For a person at a terminal (JLine): incoming lines appear above the line being typed
 * without garbling it; history; Tab completes {@code @names} and commands; each name
 * in a stable colour unless {@code NO_COLOR} is set.
 */
final class TerminalScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int[] NAME_COLOURS = {AttributedStyle.RED, AttributedStyle.GREEN, AttributedStyle.YELLOW,
            AttributedStyle.BLUE, AttributedStyle.MAGENTA, AttributedStyle.CYAN};

    private final Terminal terminal;
    private final LineReader reader;
    private final ZoneId zone;
    private final PlainFormat plain;
    private final boolean colour;
    private final Set<String> names = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> rooms = new ConcurrentSkipListSet<>();
    private volatile String prompt = "> ";
    private volatile String me = "";

    TerminalScreen(ZoneId zone) throws IOException {
        this.zone = zone;
        this.plain = new PlainFormat(zone);
        String noColor = System.getenv("NO_COLOR");
        this.colour = noColor == null || noColor.isEmpty();
        this.terminal = TerminalBuilder.builder().system(true).build();
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chatroom")
                .completer((r, line, candidates) -> complete(line.line(), line.wordIndex(), line.word(), candidates))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    @Override
    public void show(Event event) {
        show(event, PlainFormat.roomOf(event));
    }

    @Override
    public void show(Event event, String current) {
        String room = PlainFormat.roomOf(event);
        // An event of another of one's rooms shows that room after its time, as the plain lines do.
        String where = room == null || room.equals(current) ? "" : Sanitize.forTerminal(room) + " ";
        switch (event) {
            case RoomMessage m -> print(message(m.time(), styled(new AttributedStringBuilder(), where,
                    AttributedStyle.DEFAULT.faint()).append(name(m.from())).append(": "), m.text()));
            case PrivateMessage m -> {
                AttributedStringBuilder head = styled(new AttributedStringBuilder(),
                        m.waited() ? "[private, " + PlainFormat.WAITED + "] " : "[private] ",
                        AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA));
                head.append(name(m.from())).append(" -> ");
                for (int i = 0; i < m.to().size(); i++) {
                    if (i > 0) head.append(", ");
                    head.append(name(m.to().get(i)));
                }
                // One that waited may be days old: its date too.
                print(message(m.waited() ? DATED : TIME, m.time(), head.append(": "), m.text()));
            }
            case Joined j -> {
                names.add(j.name());
                print(dim(TIME.format(j.time().atZone(zone)) + " " + where + "* " + j.name() + " joined"));
            }
            case Left l -> {
                // A mover or a parter is still online, still reachable by @.
                if (l.reason() != LeaveReason.MOVED && l.reason() != LeaveReason.PARTED) names.remove(l.name());
                if (l.to() != null) rooms.add(l.to());
                print(dim(TIME.format(l.time().atZone(zone)) + " " + where + "* " + l.name() + " left (" + l.why() + ")"));
            }
            case Welcome w -> {
                names.addAll(w.online());
                inRoom(w.room());
                print(dim(plain.render(w).stripTrailing()));
            }
            case WhoList w -> {
                names.addAll(w.names());
                print(dim(plain.render(w).stripTrailing()));
            }
            case RoomEntered r -> {
                names.addAll(r.members());
                inRoom(r.room());
                print(dim(plain.render(r).stripTrailing()));
            }
            case YourRooms r -> {
                rooms.addAll(r.rooms());
                inRoom(r.current());
                print(dim(plain.render(r).stripTrailing()));
            }
            case RoomList r -> {
                r.rooms().forEach(info -> rooms.add(info.name()));
                print(dim(plain.render(r).stripTrailing()));
            }
            case History h -> {
                // Dim lines around the messages, so the past is never mistaken for what is said now.
                print(dim(PlainFormat.notice(PlainFormat.heading(h)).stripTrailing()));
                for (Event m : h.messages()) show(m);
                if (!h.messages().isEmpty()) print(dim(PlainFormat.notice(PlainFormat.END_OF_HISTORY).stripTrailing()));
            }
            case Found f -> print(dim(plain.render(f).stripTrailing()));
            case Accepted a -> { }
            case AwayChanged a -> { } // /who shows who is away
            case Ping p -> { } // answered by the Chatter, never shown
            case Pong p -> { }
            case Refused r -> error(r.code().wire(), r.text());
            case Closing c -> error(c.code().wire(), c.text());
            case Notice n -> notice(n.text());
        }
    }

    @Override
    public void notice(String text) {
        print(dim(PlainFormat.notice(text).stripTrailing()));
    }

    @Override
    public void error(String code, String text) {
        print(styled(new AttributedStringBuilder(), PlainFormat.error(code, text).stripTrailing(),
                AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).toAttributedString());
    }

    @Override
    public String readLine() {
        try {
            String line = reader.readLine(prompt);
            eraseTypedLine(line);
            return line;
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public String askPassword(String prompt) {
        try {
            // The NUL mask echoes nothing at all, not even stars, and keeps the line out of the history.
            return reader.readLine(prompt, LineReaderImpl.NULL_MASK);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public String askName() {
        try {
            return reader.readLine("name: ").strip();
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void names(Collection<String> known) {
        names.addAll(known);
    }

    @Override
    public void joinedAs(String name) {
        me = name;
        inRoom(Manager.LOBBY);
    }

    /** The prompt says who and where you are; the notice printed next redraws it. */
    private void inRoom(String room) {
        rooms.add(room);
        prompt = me + " " + room + "> ";
        // The prompt of a line being typed changes only through the implementation; the next readLine takes it anyway.
        if (reader instanceof LineReaderImpl impl) impl.setPrompt(prompt);
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // leaving anyway
        }
    }

    /** The room echoes what was typed, with its time: the typed copy would only repeat it. */
    private void eraseTypedLine(String line) {
        int width = terminal.getWidth();
        if (width > 0 && new AttributedString(prompt + line).columnLength() < width && !line.contains("\n")) {
            terminal.writer().print("\u001b[1A\u001b[2K\r");
            terminal.flush();
        }
    }

    private void print(AttributedString line) {
        reader.printAbove(line);
    }

    private AttributedString message(java.time.Instant time, AttributedStringBuilder head, String text) {
        return message(TIME, time, head, text);
    }

    private AttributedString message(DateTimeFormatter format, java.time.Instant time, AttributedStringBuilder head,
            String text) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        styled(out, format.format(time.atZone(zone)) + " ", AttributedStyle.DEFAULT.faint());
        out.append(head);
        String[] lines = text.split("\r\n|\n|\r", -1);
        out.append(Sanitize.forTerminal(lines[0]));
        for (int i = 1; i < lines.length; i++) out.append("\n").append(PlainFormat.CONTINUATION).append(Sanitize.forTerminal(lines[i]));
        return out.toAttributedString();
    }

    private AttributedStringBuilder name(String name) {
        int colourIndex = Math.floorMod(name.toLowerCase().hashCode(), NAME_COLOURS.length);
        return styled(new AttributedStringBuilder(), Sanitize.forTerminal(name),
                AttributedStyle.BOLD.foreground(NAME_COLOURS[colourIndex]));
    }

    private AttributedString dim(String text) {
        return styled(new AttributedStringBuilder(), text, AttributedStyle.DEFAULT.faint()).toAttributedString();
    }

    private AttributedStringBuilder styled(AttributedStringBuilder b, String text, AttributedStyle style) {
        return colour ? b.styled(style, text) : b.append(text);
    }

    private void complete(String line, int wordIndex, String word, List<Candidate> candidates) {
        if (word.startsWith("@")) {
            for (String n : names) candidates.add(new Candidate("@" + n, n, null, null, null, null, true));
        } else if (wordIndex == 0 && word.startsWith("/")) {
            for (Commands.Command c : Commands.ALL) candidates.add(new Candidate(c.name(), c.name(), null, c.help(), null, null, true));
        } else if (wordIndex == 1 && (line.startsWith("/join ") || line.startsWith("/part "))) {
            for (String r : rooms) candidates.add(new Candidate(r, r, null, null, null, null, true));
        } else if (wordIndex == 1 && line.startsWith("/msg ")) {
            for (String n : names) candidates.add(new Candidate(n, n, null, null, null, null, true));
        }
    }
}
