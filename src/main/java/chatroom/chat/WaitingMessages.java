package chatroom.chat;

import chatroom.chat.Event.PrivateMessage;
import java.io.IOException;
import java.util.List;

/**
 * Private messages sent to an account while it was offline, kept until it next signs in
 * (a port: the accounts store keeps them in {@code accounts.db}, so they survive a
 * restart). Kept under the account's {@link Account#identity}, not its name, so a name
 * removed and registered again never receives what waited for its earlier owner. Every
 * method throws IOException, naming the store, when it cannot be read or written.
 */
public interface WaitingMessages {
    /**
     * Keeps {@code message} for the account {@code identity}, unless {@code most} wait for
     * it already: false then, and nothing is kept. Checked and kept in one transaction.
     */
    boolean keep(long identity, PrivateMessage message, int most) throws IOException;

    /** How many messages wait for the account. */
    int count(long identity) throws IOException;

    /**
     * Takes everything waiting for the account, oldest first, removing it in the same
     * transaction: whoever takes a message is the only one who ever gets it.
     */
    List<PrivateMessage> take(long identity) throws IOException;

    /** Keeps nothing: a server without accounts has nobody to keep messages for. */
    WaitingMessages NONE = new WaitingMessages() {
        @Override
        public boolean keep(long identity, PrivateMessage message, int most) {
            return false;
        }

        @Override
        public int count(long identity) {
            return 0;
        }

        @Override
        public List<PrivateMessage> take(long identity) {
            return List.of();
        }
    };
}
