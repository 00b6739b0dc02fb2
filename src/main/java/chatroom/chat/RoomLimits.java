package chatroom.chat;

/**
 * Rooms, their history and what it costs to use them, as the server was started with.
 * Searches, history pages and room changes ("heavy" requests: each reads the store or
 * writes two log lines) share a budget of their own, per connection and per remote
 * address, beside the messages' {@code --rate}: one client, or many from one address,
 * must not keep the store busy or fill the log with JOIN and LEAVE lines.
 *
 * @param maxRooms          rooms with people in them at once, the lobby included (default 1,000); empty rooms
 *                          do not count, and their history is kept
 * @param replayOnJoin      past messages shown on entering a room (default 50; 0 = none; at most 200)
 * @param heavyRate         heavy requests per second per connection, sustained (default 1; 0 = no limit)
 * @param heavyBurst        heavy requests one connection may make at once after a quiet spell (default 10)
 * @param addressHeavyRate  heavy requests per second from one remote address, all its connections together
 *                          (default 5; 0 = no limit)
 * @param addressHeavyBurst heavy requests one address may make at once (default 50)
 * @param searchScan        messages a search may look at before it stops and says so (default 5,000)
 * @param maxRoomsPerPerson rooms one person may be in at once, the lobby included (default 20)
 */
public record RoomLimits(int maxRooms, int replayOnJoin, double heavyRate, int heavyBurst, double addressHeavyRate,
        int addressHeavyBurst, int searchScan, int maxRoomsPerPerson) {
    public static final RoomLimits DEFAULTS = new RoomLimits(1_000, 50, 1, 10, 5, 50, 5_000, 20);

    public RoomLimits {
        if (maxRooms < 1) throw new IllegalArgumentException("--max-rooms must be at least 1 (the lobby)");
        if (replayOnJoin < 0 || replayOnJoin > Commands.MAX_PAGE) {
            throw new IllegalArgumentException("--history-on-join must be 0 to " + Commands.MAX_PAGE);
        }
        rate("--heavy-rate", heavyRate);
        if (heavyBurst < 1) throw new IllegalArgumentException("--heavy-burst must be at least 1");
        rate("--heavy-rate-per-address", addressHeavyRate);
        if (addressHeavyBurst < 1) throw new IllegalArgumentException("--heavy-burst-per-address must be at least 1");
        // Fewer than a page could never fill one: a search would stop early on every busy room.
        if (searchScan < Commands.MAX_PAGE) {
            throw new IllegalArgumentException("--search-scan must be at least " + Commands.MAX_PAGE);
        }
        if (maxRoomsPerPerson < 1) throw new IllegalArgumentException("--max-rooms-per-person must be at least 1 (the lobby)");
    }

    /** The defaults' budgets and search bound with these rooms and replay. */
    public RoomLimits(int maxRooms, int replayOnJoin) {
        this(maxRooms, replayOnJoin, DEFAULTS.heavyRate, DEFAULTS.heavyBurst, DEFAULTS.addressHeavyRate,
                DEFAULTS.addressHeavyBurst, DEFAULTS.searchScan, DEFAULTS.maxRoomsPerPerson);
    }

    private static void rate(String flag, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(flag + " must be a number of requests per second, 0 or more (0 means no limit)");
        }
    }

    /** Heavy requests per connection: {@code perSecond} sustained (0 = no limit), bursts of {@code burst}. */
    public RoomLimits withHeavyBudget(double perSecond, int burst) {
        return new RoomLimits(maxRooms, replayOnJoin, perSecond, burst, addressHeavyRate, addressHeavyBurst, searchScan,
                maxRoomsPerPerson);
    }

    /** Heavy requests per remote address, all its connections together. */
    public RoomLimits withAddressHeavyBudget(double perSecond, int burst) {
        return new RoomLimits(maxRooms, replayOnJoin, heavyRate, heavyBurst, perSecond, burst, searchScan, maxRoomsPerPerson);
    }

    /** For tests and benchmarks that search, page and hop faster than a person could; they should say so. */
    public RoomLimits withoutHeavyBudget() {
        return withHeavyBudget(0, heavyBurst).withAddressHeavyBudget(0, addressHeavyBurst);
    }

    public RoomLimits withSearchScan(int messages) {
        return new RoomLimits(maxRooms, replayOnJoin, heavyRate, heavyBurst, addressHeavyRate, addressHeavyBurst, messages,
                maxRoomsPerPerson);
    }

    /** At most {@code rooms} rooms per person at once. */
    public RoomLimits withMaxRoomsPerPerson(int rooms) {
        return new RoomLimits(maxRooms, replayOnJoin, heavyRate, heavyBurst, addressHeavyRate, addressHeavyBurst, searchScan,
                rooms);
    }
}
