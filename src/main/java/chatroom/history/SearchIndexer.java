package chatroom.history;

/**
 * Fills the trigram search index behind the commits, so that a message waits only for its
 * row to be committed, not for its entry in the index (about 30 µs of CPU a message,
 * docs/PERFORMANCE.md). It indexes what is committed in small transactions until it is up
 * to date; at start it catches up with whatever an earlier run left unindexed. A search
 * meanwhile reads the index up to where it reaches and the messages after it one by one,
 * so nothing said is unfindable. What is left at close is indexed at the next start.
 */
final class SearchIndexer extends CommitFollower {
    /** Ids per transaction: about a millisecond of the writer's lock, so an appender never waits long behind it. */
    static final int BATCH = 32;

    private final GroupCommitWriter writer;

    SearchIndexer(GroupCommitWriter writer) {
        super("history-index", writer);
        this.writer = writer;
    }

    @Override
    protected boolean step() {
        return writer.index(BATCH) > 0;
    }
}
