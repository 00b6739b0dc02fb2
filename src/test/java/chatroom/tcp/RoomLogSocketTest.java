package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.ChatInput;
import chatroom.chat.ErrorCode;
import chatroom.chat.Event;
import chatroom.chat.Event.Accepted;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.RoomEntered;
import chatroom.chat.Event.RoomMessage;
import chatroom.chat.Limits;
import chatroom.protocol.Request;
import chatroom.testing.FaultyStore;
import chatroom.testing.JsonClient;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room's ordered log (chat.RoomLog) seen from outside: however many senders, rooms and
 * private messages share the store's commits, each room's members see the same events in
 * one gap-free order, a sender is acknowledged after its own copy, and what the store
 * refuses reaches nobody.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomLogSocketTest {
    private static final String[] ROOMS = {"#lobby", "#two", "#three"};
    private static final int PER_SENDER = 40;

    @TempDir
    Path dataDir;

    private TestServer server;
    private FaultyStore store;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private JsonClient in(String name, String room) {
        JsonClient client = server.json(name);
        if (!room.equals("#lobby")) {
            client.send(new Request.Act("j-" + name, new ChatInput.JoinRoom(room)));
            client.awaitEvent(RoomEntered.class);
        }
        return client;
    }

    @Test
    void manySendersInSeveralRoomsWithPrivateMessagesBetweenAreSeenInOneGapFreeOrderPerRoom() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withoutRateLimit());
        List<JsonClient[]> rooms = new ArrayList<>();
        for (String room : ROOMS) rooms.add(new JsonClient[] {in("a" + room.substring(1), room), in("b" + room.substring(1), room)});
        JsonClient whisperer = in("whisperer", "#three");

        // Every member says PER_SENDER messages at once, while private messages (stored by
        // their senders' own commits, which take the rooms' queued messages along) cross the rooms.
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (JsonClient[] pair : rooms) {
            for (JsonClient c : pair) {
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < PER_SENDER; i++) c.say(c.label() + " " + i, c.label() + "-" + i);
                }, task -> Thread.ofVirtual().start(task)));
            }
        }
        sending.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < PER_SENDER; i++) whisperer.tell(List.of("alobby", "btwo"), "psst " + i, "p" + i);
        }, task -> Thread.ofVirtual().start(task)));
        sending.forEach(CompletableFuture::join);

        for (int r = 0; r < ROOMS.length; r++) {
            JsonClient[] pair = rooms.get(r);
            // Those of another room are in the lobby too (several rooms at once): each room's own order.
            String room = ROOMS[r];
            List<RoomMessage> first = pair[0].awaitEvents(RoomMessage.class, m -> m.room().equals(room), 2 * PER_SENDER);
            List<RoomMessage> second = pair[1].awaitEvents(RoomMessage.class, m -> m.room().equals(room), 2 * PER_SENDER);
            assertThat(second).as("both members of %s see one order", ROOMS[r]).isEqualTo(first);
            long start = first.getFirst().seq();
            for (int i = 0; i < first.size(); i++) {
                assertThat(first.get(i).seq()).as("%s is numbered without gaps", ROOMS[r]).isEqualTo(start + i);
                assertThat(first.get(i).room()).isEqualTo(ROOMS[r]);
            }
            for (JsonClient sender : pair) {
                // Each message of one sender in its order, and each acknowledged after the sender's own copy.
                List<String> own = first.stream().filter(m -> m.from().equals(sender.label())).map(RoomMessage::text).toList();
                assertThat(own).hasSize(PER_SENDER);
                for (int i = 0; i < PER_SENDER; i++) assertThat(own.get(i)).isEqualTo(sender.label() + " " + i);
                String lastId = sender.label() + "-" + (PER_SENDER - 1);
                await().until(() -> indexOf(sender.seenEvents(), e -> e instanceof Accepted a && lastId.equals(a.replyTo())) >= 0);
                List<Event> seen = sender.seenEvents();
                for (int i = 0; i < PER_SENDER; i++) {
                    String text = sender.label() + " " + i;
                    String id = sender.label() + "-" + i;
                    int copy = indexOf(seen, e -> e instanceof RoomMessage m && m.text().equals(text));
                    int ack = indexOf(seen, e -> e instanceof Accepted a && id.equals(a.replyTo()));
                    assertThat(copy).as("the copy of %s", text).isNotNegative();
                    assertThat(ack).as("%s is acknowledged after the sender's copy", text).isGreaterThan(copy);
                }
            }
        }
    }

    @Test
    void aMessageTheStoreRefusesReachesNobodyAndItsSenderIsTold() throws IOException {
        server = TestServer.withStore(dataDir, real -> store = new FaultyStore(real));
        JsonClient ann = in("ann", "#two");
        JsonClient bea = in("bea", "#two");
        JsonClient cid = server.json("cid");
        ann.awaitEvent(Event.Joined.class, j -> j.name().equals("bea"));

        store.failing(true);
        ann.say("nobody may see this", "lost");
        Refused refused = ann.awaitEvent(Refused.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.LOG_UNAVAILABLE);
        assertThat(refused.replyTo()).isEqualTo("lost");

        store.failing(false);
        ann.say("after the store is back", "back");
        RoomMessage seenByBea = bea.awaitEvent(RoomMessage.class);
        assertThat(seenByBea.text()).as("the refused message went to nobody").isEqualTo("after the store is back");
        RoomMessage own = ann.awaitEvent(RoomMessage.class);
        assertThat(own.text()).isEqualTo("after the store is back");
        assertThat(ann.awaitEvent(Accepted.class).replyTo()).isEqualTo("back");
        // The refused message's number stays used (the log has it), so the next one comes after the gap.
        assertThat(seenByBea.seq()).isEqualTo(4);
        cid.say("the lobby carries on", "c1");
        cid.awaitEvent(Accepted.class, a -> "c1".equals(a.replyTo()));
        assertThat(cid.seenEvents()).noneMatch(e -> e instanceof RoomMessage m && m.text().contains("nobody"));
        assertThat(bea.seenEvents()).noneMatch(e -> e instanceof RoomMessage m && m.text().contains("nobody"));
    }

    private static int indexOf(List<Event> events, java.util.function.Predicate<Event> what) {
        for (int i = 0; i < events.size(); i++) if (what.test(events.get(i))) return i;
        return -1;
    }
}
