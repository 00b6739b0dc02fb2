package chatroom.tcp;

import chatroom.chat.Commands;
import chatroom.chat.Manager;
import chatroom.chat.Member;
import chatroom.chat.Outgoing;
import chatroom.chat.Session;
import chatroom.protocol.PlainFormat;

/**
 * Plain text, line by line: for nc, telnet, scripts and the assignment's own client. The
 * first line is the name (another may follow a refusal); after that each line is what a
 * person typed.
 */
final class PlainDoor implements Door {
    private final Manager manager;
    private final Session session;
    private final PlainFormat format;
    private Member member;

    PlainDoor(Manager manager, Session session, PlainFormat format) {
        this.manager = manager;
        this.session = session;
        this.format = format;
    }

    @Override
    public byte[] encode(Outgoing outgoing) {
        return outgoing.encoded(format, format::renderBytes); // the format is the server's one, shared by all plain doors
    }

    @Override
    public void onLine(String line) {
        if (member != null) {
            manager.handle(member, Commands.parse(line), null);
        } else if (line.equals("quit") || line.equals("/quit")) {
            session.close();
        } else if (!line.isBlank()) {
            member = manager.join(session, line.strip(), null).orElse(null);
        }
    }

    @Override
    public Member member() {
        return member;
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
