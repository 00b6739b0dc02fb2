package chatroom.chat;

/** Every error a client can be told about, with the code that goes on the wire. */
public enum ErrorCode {
    NAME_TAKEN("name-taken"),
    NAME_INVALID("name-invalid"),
    NAME_CONFUSABLE("name-confusable"),
    NAME_TIMEOUT("name-timeout"),
    NOT_JOINED("not-joined"),
    NOT_ONLINE("not-online"),
    TEXT_TOO_LONG("text-too-long"),
    EMPTY_TEXT("empty-text"),
    LINE_TOO_LONG("line-too-long"),
    INVALID_UTF8("invalid-utf8"),
    UNKNOWN_COMMAND("unknown-command"),
    BAD_FRAME("bad-frame"),
    UNSUPPORTED_VERSION("unsupported-version"),
    LOG_UNAVAILABLE("log-unavailable"),
    HISTORY_UNAVAILABLE("history-unavailable"),
    RATE_LIMITED("rate-limited"),
    TIMED_OUT("timed-out"),
    TOO_SLOW("too-slow"),
    TOO_MANY_CONNECTIONS("too-many-connections"),
    TOO_MANY_FROM_ADDRESS("too-many-from-address"),
    SHUTTING_DOWN("shutting-down"),
    ROOM_INVALID("room-invalid"),
    TOO_MANY_ROOMS("too-many-rooms"),
    IN_TOO_MANY_ROOMS("in-too-many-rooms"),
    NOT_IN_ROOM("not-in-room"),
    LAST_ROOM("last-room"),
    PASSWORD_REQUIRED("password-required"),
    PASSWORD_WRONG("password-wrong"),
    PASSWORD_INVALID("password-invalid"),
    MEMBERS_ONLY("members-only"),
    REGISTRATION_OFF("registration-off"),
    ALREADY_REGISTERED("already-registered"),
    NOT_REGISTERED("not-registered"),
    ACCOUNTS_UNAVAILABLE("accounts-unavailable"),
    NOT_ALLOWED("not-allowed"),
    UNKNOWN_NAME("unknown-name"),
    DURATION_INVALID("duration-invalid"),
    MUTED("muted"),
    KICKED("kicked"),
    BANNED("banned"),
    OFFLINE_QUEUE_FULL("offline-queue-full");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) return code;
        }
        throw new IllegalArgumentException("unknown error code: " + wire);
    }
}
