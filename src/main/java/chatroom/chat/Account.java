package chatroom.chat;

/** A registered name and its role; the password's hash stays in the store. */
public record Account(String name, Role role) {}
