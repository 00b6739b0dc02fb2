package chatroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuedTest {
    private static Issued from(String... lines) throws IOException {
        return Issued.fromLog(sink -> List.of(lines).forEach(sink));
    }

    @Test
    void aRoomsNumbersAreTheHighestItsLogLinesHold() throws IOException {
        Issued issued = from("2026-11-28T01:03:01.596+08:00 MSG #lobby 4 c1: hi",
                "2026-11-28T01:03:02.000+08:00 LEAVE #lobby 7 c1 (quit) 127.0.0.1:51894",
                "2026-11-28T01:03:03.000+08:00 UNSTORED #games 3",
                "2026-11-28T01:03:04.000+08:00 PRIVATE 2 c2 -> c1: hi");

        assertThat(issued.lastSeq("#lobby")).isEqualTo(7);
        assertThat(issued.lastSeq("#games")).isEqualTo(3);
    }

    /**
     * Logs written before room keys took the search's case folding (issue 13) spell a final
     * sigma ς and Cherokee in small letters: their numbers belong to the room as it is keyed
     * now, or a restart would give them again.
     */
    @Test
    void aRoomSpelledByAnOlderServerKeepsItsNumbers() throws IOException {
        Issued issued = from("2026-11-28T01:03:01.596+08:00 MSG #οδος 41 c1: γεια",
                "2026-11-28T01:03:02.000+08:00 JOIN #ꮳꮃꭹ 9 c2 127.0.0.1:51894");

        assertThat(issued.lastSeq(Names.room("#ΟΔΟΣ"))).isEqualTo(41);
        assertThat(issued.lastSeq(Names.room("#ᏣᎳᎩ"))).isEqualTo(9);
    }
}
