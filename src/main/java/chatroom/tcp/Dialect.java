package chatroom.tcp;

import chatroom.chat.Event.Closing;
import chatroom.door.ConnectionLife;

/**
 * What a TCP port speaks when it is not told by the client's first byte: the IRC port
 * speaks IRC from the first line, so it neither sniffs nor prompts. The port's accept
 * loop, TLS, admission, reading, keep-alive and closing stay {@link TcpServer}'s and
 * {@link ConnectionLife}'s; a dialect brings only its {@link Door}.
 */
public interface Dialect {

    /** The door of a new connection, made as it connects. */
    Door door(ConnectionLife life);

    /** A final error as this dialect writes it, for a connection turned away before it has an outbox. */
    String finalLine(Closing closing);
}
