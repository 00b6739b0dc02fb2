package chatroom.chat;

import java.util.List;
import java.util.Optional;

/** A chat without an account store: every name is a guest's. */
enum NoAccounts implements Accounts {
    INSTANCE;

    @Override
    public Optional<Account> find(String name) {
        return Optional.empty();
    }

    @Override
    public Optional<Account> lookalike(String name) {
        return Optional.empty();
    }

    @Override
    public boolean check(String name, String password) {
        return false;
    }

    @Override
    public Outcome add(String name, String password, Role role, long identity) {
        return new Outcome(ErrorCode.REGISTRATION_OFF, "this server keeps no accounts");
    }

    @Override
    public boolean password(String name, String password) {
        return false;
    }

    @Override
    public boolean role(String name, Role role) {
        return false;
    }

    @Override
    public boolean remove(String name) {
        return false;
    }

    @Override
    public List<Account> list() {
        return List.of();
    }

    @Override
    public boolean any() {
        return false;
    }
}
