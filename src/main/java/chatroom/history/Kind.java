package chatroom.history;

public enum Kind { MESSAGE, PRIVATE, JOIN, LEAVE }
