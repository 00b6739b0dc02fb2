package chatroom.chat;

import chatroom.chat.ChatInput.*;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The typed-line language: plain text, {@code @name} addressing and the slash commands.
 * The command table is the one source of {@code /help} and of the client's completion.
 */
public final class Commands {

    /** The away message of a bare {@code /away}. */
    public static final String AWAY = "away";

    /** Messages a bare {@code /history} pages back. */
    public static final int HISTORY_PAGE = 50;

    /** The most messages any one request gets back (history or search), whatever it asks for. */
    public static final int MAX_PAGE = HistoryStore.MAX_PAGE;

    /** One slash command: its wire syntax, what it does, and how its argument is read. */
    public record Command(String name, String usage, String help, Function<String, ChatInput> parse) {}

    public static final List<Command> ALL = List.of(
            new Command("/who", "/who [all]", "list the people in your room, or everyone online",
                    arg -> switch (arg.strip()) {
                        case "" -> new Who(false);
                        case "all" -> new Who(true);
                        default -> new Invalid(ErrorCode.UNKNOWN_COMMAND, "/who takes nothing or 'all', not '" + arg.strip() + "'");
                    }),
            new Command("/join", "/join #ROOM", "enter #ROOM too (opening it if nobody is there) and talk there;"
                    + " in it already: talk there", arg -> arg.isBlank() ? new Invalid(ErrorCode.ROOM_INVALID,
                            "usage: /join #ROOM") : new JoinRoom(arg.strip())),
            new Command("/part", "/part [#ROOM]", "leave #ROOM (none: the room you talk in), staying in your others",
                    arg -> new PartRoom(arg.isBlank() ? null : arg.strip())),
            new Command("/leave", "/leave", "leave the room you talk in and go back to " + Manager.LOBBY,
                    arg -> new LeaveRoom()),
            new Command("/rooms", "/rooms", "list the rooms with people in them", arg -> new Rooms()),
            new Command("/myrooms", "/myrooms", "list the rooms you are in and the one you talk in", arg -> new MyRooms()),
            new Command("/history", "/history [N]", "show N (default " + HISTORY_PAGE + ", at most " + MAX_PAGE
                    + ") earlier messages of your room", Commands::parseHistory),
            new Command("/search", "/search TEXT", "find messages containing TEXT in your room (any case)",
                    arg -> arg.isBlank() ? new Invalid(ErrorCode.EMPTY_TEXT, "usage: /search TEXT")
                            : new Search(arg, 0)),
            new Command("/msg", "/msg NAME TEXT", "send TEXT privately to NAME (same as @NAME TEXT)", Commands::parseMsg),
            new Command("/away", "/away [MESSAGE]", "say you are away; a private message to you gets MESSAGE back",
                    arg -> new Away(arg.isBlank() ? AWAY : arg.strip())),
            new Command("/back", "/back", "say you are back", arg -> new Away("")),
            new Command("/register", "/register PASSWORD", "register your name: from then on it takes PASSWORD"
                    + " (the Chatter and the page ask for it without showing it)",
                    arg -> arg.isEmpty() ? new Invalid(ErrorCode.PASSWORD_INVALID, "usage: /register PASSWORD") : new Register(arg)),
            new Command("/password", "/password NEW", "give your registered name a new password",
                    arg -> arg.isEmpty() ? new Invalid(ErrorCode.PASSWORD_INVALID, "usage: /password NEW") : new NewPassword(arg)),
            new Command("/kick", "/kick NAME [REASON]", "moderators: put NAME out of the chat, telling the room why",
                    arg -> parseModerate(Sanction.Action.KICK, arg, false, true)),
            new Command("/mute", "/mute NAME [DURATION] [REASON]", "moderators: NAME cannot speak (DURATION like 10m, 2h, 1d;"
                    + " none: until /unmute)", arg -> parseModerate(Sanction.Action.MUTE, arg, true, true)),
            new Command("/unmute", "/unmute NAME", "moderators: let NAME speak again",
                    arg -> parseModerate(Sanction.Action.UNMUTE, arg, false, false)),
            new Command("/ban", "/ban NAME|ADDRESS [DURATION] [REASON]", "moderators: keep a name, or an address or CIDR"
                    + " range, out (none: until /unban)", arg -> parseModerate(Sanction.Action.BAN, arg, true, true)),
            new Command("/unban", "/unban NAME|ADDRESS", "moderators: lift a ban",
                    arg -> parseModerate(Sanction.Action.UNBAN, arg, false, false)),
            new Command("/bans", "/bans", "moderators: list the bans and mutes in force", arg -> new Bans()),
            new Command("/help", "/help", "show this help", arg -> new Help()),
            new Command("/quit", "/quit", "leave the chat (a line that is exactly 'quit' does too)", arg -> new Quit()));

    private Commands() {}

    /** Reads one typed line. Never throws: what cannot be understood is an {@link Invalid}. */
    public static ChatInput parse(String line) {
        if (line.isBlank()) return new Nothing();
        if (line.equals("quit")) return new Quit();
        if (line.startsWith("//")) return new Say(line.substring(1));
        if (line.startsWith("/")) return parseCommand(line);
        if (line.startsWith("@")) return parseAddressed(line);
        return new Say(line);
    }

    /** The help text, one line per form. */
    public static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("TEXT                send TEXT to everyone in the room");
        lines.add("@NAME TEXT          send TEXT privately (also @ NAME, @NAME:, @A @B TEXT)");
        for (Command c : ALL) lines.add(String.format("%-19s %s", c.usage(), c.help()));
        lines.add("//TEXT              send TEXT that starts with a /");
        return lines;
    }

    private static ChatInput parseCommand(String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        for (Command c : ALL) {
            if (c.name().equals(name)) return c.parse().apply(arg);
        }
        return new Invalid(ErrorCode.UNKNOWN_COMMAND, name + " is not a command; /help lists them");
    }

    private static ChatInput parseHistory(String arg) {
        String a = arg.strip();
        if (a.isEmpty()) return new PageBack(HISTORY_PAGE, 0);
        try {
            int n = Integer.parseInt(a);
            if (n >= 1 && n <= MAX_PAGE) return new PageBack(n, 0);
        } catch (NumberFormatException e) {
            // said below
        }
        return new Invalid(ErrorCode.UNKNOWN_COMMAND, "/history takes a number from 1 to " + MAX_PAGE + ", not '" + a + "'");
    }

    /** {@code NAME [DURATION] [REASON]}, as far as the command takes them. */
    private static ChatInput parseModerate(Sanction.Action action, String arg, boolean lasting, boolean reasoned) {
        String rest = arg.strip();
        int space = rest.indexOf(' ');
        String target = space < 0 ? rest : rest.substring(0, space);
        rest = space < 0 ? "" : rest.substring(space + 1).strip();
        String command = "/" + action.wire();
        if (target.isEmpty()) return new Invalid(ErrorCode.UNKNOWN_COMMAND, "usage: " + usage(command));
        java.time.Duration lasts = null;
        if (lasting && !rest.isEmpty()) {
            space = rest.indexOf(' ');
            String word = space < 0 ? rest : rest.substring(0, space);
            if (Lasting.meant(word)) {
                try {
                    lasts = Lasting.parse(word);
                } catch (IllegalArgumentException e) {
                    return new Invalid(ErrorCode.DURATION_INVALID, e.getMessage());
                }
                rest = space < 0 ? "" : rest.substring(space + 1).strip();
            }
        }
        if (!reasoned && !rest.isEmpty()) {
            return new Invalid(ErrorCode.UNKNOWN_COMMAND, command + " takes only a name; usage: " + usage(command));
        }
        return new Moderate(action, target, lasts, rest);
    }

    private static String usage(String command) {
        for (Command c : ALL) {
            if (c.name().equals(command)) return c.usage();
        }
        throw new IllegalArgumentException(command);
    }

    private static ChatInput parseMsg(String arg) {
        int i = 0;
        while (i < arg.length() && arg.charAt(i) == ' ') i++;
        int start = i;
        while (i < arg.length() && arg.charAt(i) != ' ') i++;
        if (start == i) return new Invalid(ErrorCode.UNKNOWN_COMMAND, "usage: /msg NAME TEXT");
        String name = arg.substring(start, i);
        String text = i < arg.length() ? arg.substring(i + 1) : "";
        if (text.isEmpty()) return new Invalid(ErrorCode.EMPTY_TEXT, "a private message to " + name + " needs some text");
        return new Tell(List.of(name), text);
    }

    /**
     * {@code @bob hi}, {@code @ bob hi}, {@code @bob @carol hi}, {@code @bob: hi}, {@code @bob, hi}.
     * One space after the addresses separates them from the text; the rest is kept exactly.
     */
    private static ChatInput parseAddressed(String line) {
        List<String> names = new ArrayList<>();
        int i = 0;
        int textStart = 0;
        while (i < line.length() && line.charAt(i) == '@') {
            int j = i + 1;
            while (j < line.length() && line.charAt(j) == ' ') j++;
            int nameStart = j;
            while (j < line.length()) {
                int cp = line.codePointAt(j);
                if (!Names.NAME_CHAR.matcher(Character.toString(cp)).matches()) break;
                j += Character.charCount(cp);
            }
            if (j == nameStart) break;
            names.add(line.substring(nameStart, j));
            if (j < line.length() && (line.charAt(j) == ':' || line.charAt(j) == ',')) j++;
            textStart = j;
            // Another address follows after spaces: "@bob @carol hi".
            int k = j;
            while (k < line.length() && line.charAt(k) == ' ') k++;
            if (k < line.length() && line.charAt(k) == '@' && k > j) {
                i = k;
            } else {
                break;
            }
        }
        if (names.isEmpty()) return new Say(line);
        String text = line.substring(textStart);
        if (text.startsWith(" ")) text = text.substring(1);
        if (text.isEmpty()) {
            return new Invalid(ErrorCode.EMPTY_TEXT, "a private message to " + String.join(", ", names) + " needs some text");
        }
        return new Tell(List.copyOf(names), text);
    }
}
