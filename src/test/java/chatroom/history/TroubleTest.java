package chatroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the person running the server reads on stderr while the store is in trouble: a line per outage, not per query. */
class TroubleTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Trouble trouble = new Trouble(Path.of("/srv/chat/history.db"), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void aDamagedFileThatFailsSomeReadsAndAnswersOthersIsOneLineNotOnePerFlip() {
        for (int i = 0; i < 5; i++) {
            trouble.readFailed("the file is damaged, SQLITE_CORRUPT");
            trouble.read(); // another query that happened to work
            trouble.writeFailed("the file is damaged, SQLITE_CORRUPT");
            trouble.wrote();
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "chatroom: cannot read the history store /srv/chat/history.db (the file is damaged, SQLITE_CORRUPT); past messages are not "
                        + "shown (replay, /history, /search) and rooms that are not open cannot be entered until it can be",
                "chatroom: cannot write the history store /srv/chat/history.db (the file is damaged, SQLITE_CORRUPT); messages are refused "
                        + "until it can be");
    }
}
