package chatroom.tcp;

import chatroom.chat.ChatInput;
import chatroom.chat.Commands;
import chatroom.chat.Member;
import chatroom.chat.Outgoing;
import chatroom.door.ConnectionLife;
import chatroom.protocol.PlainFormat;

/**
 * Plain text, line by line: for nc, telnet, scripts and the assignment's own client. The
 * first line is the name (another may follow a refusal), and for a registered name the
 * next is its password; after that each line is what a person typed.
 */
final class PlainDoor implements Door {
    private final ConnectionLife life;
    private final PlainFormat format;

    PlainDoor(ConnectionLife life, PlainFormat format) {
        this.life = life;
        this.format = format;
    }

    @Override
    public byte[] encode(Outgoing outgoing) {
        // The format is the server's one, shared by all plain doors. An event of another of the
        // person's rooms than the one they talk in shows that room: a second memo, shared too.
        String room = PlainFormat.roomOf(outgoing.event());
        Member member = life.member();
        String current = member == null ? null : member.currentRoom();
        if (room == null || current == null || room.equals(current)) return outgoing.encoded(format, format::renderBytes);
        return outgoing.encoded(format.elsewhere(), event -> format.renderBytes(event, null));
    }

    @Override
    public void onLine(String line) {
        if (life.member() != null) {
            life.handle(Commands.parse(line), null);
        } else if (line.equals("quit") || line.equals("/quit")) {
            life.handle(new ChatInput.Quit(), null);
        } else if (!line.isBlank()) {
            life.nameOrPassword(line);
        }
    }

    @Override
    public boolean completesIdleLines() {
        return true;
    }

    @Override
    public boolean pingsWhenQuiet() {
        return false; // nc and the assignment's client cannot answer; TCP keep-alive finds dead peers
    }
}
