package chatroom.accounts;

import chatroom.chat.Accounts.Outcome;
import chatroom.chat.ErrorCode;
import chatroom.chat.Names;

/**
 * An account about to be added, whatever store keeps it: its name as shown (NFC) and its
 * password's Argon2id hash, or, in {@code refused}, why the name cannot be an account's
 * (then no hash is made: hashing costs the server tens of milliseconds).
 */
public record NewAccount(String shown, String hash, Outcome refused) {
    public static NewAccount of(String name, String password) {
        String shown = Names.normalize(name);
        String problem = Names.problem(shown);
        if (problem != null) return new NewAccount(shown, null, new Outcome(ErrorCode.NAME_INVALID, problem));
        return new NewAccount(shown, PasswordHash.of(password), null);
    }
}
