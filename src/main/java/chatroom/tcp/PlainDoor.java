package chatroom.tcp;

import chatroom.chat.ChatInput;
import chatroom.chat.Commands;
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
        return outgoing.encoded(format, format::renderBytes); // the format is the server's one, shared by all plain doors
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
