package chatroom.chat;

/**
 * A store that keeps the accounts, the mutes and bans and the waiting private messages
 * together (the data directory's {@code accounts.db}, or a cluster's Redis): it is all
 * three ports at once.
 */
public interface AccountStore extends Accounts, Sanctions, WaitingMessages {
    @Override
    default Sanctions sanctions() {
        return this;
    }

    @Override
    default WaitingMessages waiting() {
        return this;
    }
}
