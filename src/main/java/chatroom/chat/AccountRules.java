package chatroom.chat;

/**
 * Who may join and how: the account store, whether guests are let in at all
 * ({@code --members-only}) and whether a guest may register their name ({@code /register},
 * off with {@code --no-registration}).
 */
public record AccountRules(Accounts accounts, boolean membersOnly, boolean registration) {
    /** No accounts: everyone is a guest, as before accounts existed. */
    public static final AccountRules NONE = new AccountRules(Accounts.none(), false, false);
}
