package chatroom.checks;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.ErrorCode;
import chatroom.chat.Event.Refused;
import chatroom.chat.Event.Welcome;
import chatroom.testing.JsonClient;
import chatroom.testing.PlainClient;
import chatroom.testing.WebSocketClient;
import chatroom.testing.WebTestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: look-alike and invisible names, refused the same way at the plain door,
 * the JSON door and the WebSocket, which share one Manager, so a name taken at one door
 * is measured against names asked for at the others.
 */
@Timeout(60)
class NamesAtEveryDoorTest {
    private static final String CONFUSABLE = " looks too much like %s, who is online (%s); pick a name that looks different";

    @TempDir
    Path dataDir;

    private WebTestServer server;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = WebTestServer.start(dataDir);
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable c : opened) c.close();
        server.close();
    }

    private PlainClient plainAsking() {
        return keep(PlainClient.connect(server.tcp(), "plain"));
    }

    private JsonClient jsonAsking() {
        return keep(JsonClient.connect(server.tcp(), "json"));
    }

    private WebSocketClient webAsking() {
        return keep(WebSocketClient.connect(server.socket(), null));
    }

    private <T extends AutoCloseable> T keep(T client) {
        opened.add(client);
        return client;
    }

    private static Refused refusedAtJson(JsonClient client, String name, String id) {
        client.hello(name, id);
        return client.awaitEvent(Refused.class, r -> id.equals(r.replyTo()));
    }

    private static Refused refusedAtWeb(WebSocketClient web, String name, String id) {
        web.send(hello(name, id));
        return web.awaitEvent(Refused.class, r -> id.equals(r.replyTo()));
    }

    private static Welcome welcomedAtWeb(WebSocketClient web, String name, String id) {
        web.send(hello(name, id));
        return web.awaitEvent(Welcome.class, w -> id.equals(w.replyTo()));
    }

    /** Names here hold letters and marks only, nothing JSON must escape. */
    private static String hello(String name, String id) {
        return "{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"id\":\"" + id + "\"}";
    }

    @Test
    void aCapitalIForAnLIsRefusedBesideAliceAndAliceBesideItAtEveryDoor() {
        PlainClient alice = server.plain("alice");

        PlainClient plain = plainAsking();
        plain.send("aIice");
        plain.awaitExactly("! name-confusable: aIice" + CONFUSABLE.formatted("alice", "I looks like l"));
        assertThat(refusedAtJson(jsonAsking(), "AIice", "j1"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "AIice" + CONFUSABLE.formatted("alice", "I looks like l"), "j1"));
        WebSocketClient web = webAsking();
        assertThat(refusedAtWeb(web, "aIice", "w1"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "aIice" + CONFUSABLE.formatted("alice", "I looks like l"), "w1"));

        alice.send("/quit");
        alice.awaitEnd();
        assertThat(welcomedAtWeb(web, "aIice", "w2").name()).isEqualTo("aIice");

        plain.send("alice");
        plain.awaitExactly("! name-confusable: alice" + CONFUSABLE.formatted("aIice", "l looks like I"));
        assertThat(refusedAtJson(jsonAsking(), "Alice", "j2"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "Alice" + CONFUSABLE.formatted("aIice", "l looks like I"), "j2"));
        plain.send("alicia");
        plain.awaitExactly("* welcome alicia, 2 online: aIice, alicia");
    }

    @Test
    void aRegisteredNameAndItsLookAlikesAreRefusedToGuestsAtEveryDoorWhileItsOwnerIsAway() throws IOException {
        String password = "orchard-Vole-271";
        assertThat(server.accounts().add("josé", password, chatroom.chat.Role.MEMBER).done()).isTrue();
        String required = "josé is registered; send its password";
        String registered = " looks too much like josé, a registered name (%s); pick a name that looks different";

        // The same name in another case or normal form is the registered name: its password is asked for.
        PlainClient plain = plainAsking();
        plain.send("JOSE\u0301");
        plain.awaitExactly("! password-required: JOSÉ is registered; send its password");
        plain.send("wrong password");
        plain.awaitExactly("! password-wrong: that is not the password of JOSÉ; try again");
        plain.send("quit");
        plain.awaitEnd();
        JsonClient json = jsonAsking();
        assertThat(refusedAtJson(json, "Jos\u00e9", "j1")).isEqualTo(new Refused(ErrorCode.PASSWORD_REQUIRED,
                "José is registered; send its password", "j1"));
        WebSocketClient web = webAsking();
        assertThat(refusedAtWeb(web, "jos\u0065\u0301", "w1")).isEqualTo(new Refused(ErrorCode.PASSWORD_REQUIRED, required, "w1"));

        // Look-alikes are refused outright.
        PlainClient other = plainAsking();
        other.send("ｊｏｓé");
        other.awaitExactly("! name-confusable: ｊｏｓé" + registered.formatted("ｊ looks like j, ｏ like o, ｓ like s"));
        assertThat(refusedAtJson(json, "J0SÉ", "j2")).isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "J0SÉ" + registered.formatted("0 looks like o"), "j2"));
        assertThat(refusedAtWeb(web, "ｊｏｓé", "w2"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "ｊｏｓé" + registered.formatted("ｊ looks like j, ｏ like o, ｓ like s"), "w2"));

        // With the password, through the WebSocket: the registered spelling.
        web.send("{\"type\":\"hello\",\"version\":1,\"name\":\"JOSÉ\",\"password\":\"" + password + "\",\"id\":\"w3\"}");
        assertThat(web.awaitEvent(Welcome.class, w -> "w3".equals(w.replyTo())).name()).isEqualTo("josé");
    }

    @Test
    void fullWidthBobIsRefusedBesideBobAtEveryDoor() {
        WebSocketClient bob = webAsking();
        welcomedAtWeb(bob, "bob", "w1");

        PlainClient plain = plainAsking();
        plain.send("ｂｏｂ");
        plain.awaitExactly("! name-confusable: ｂｏｂ" + CONFUSABLE.formatted("bob", "ｂ looks like b, ｏ like o"));
        assertThat(refusedAtJson(jsonAsking(), "ＢＯＢ", "j1"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "ＢＯＢ" + CONFUSABLE.formatted("bob", "Ｂ looks like b, Ｏ like o"), "j1"));
        assertThat(refusedAtWeb(webAsking(), "ｂｏｂ", "w2"))
                .isEqualTo(new Refused(ErrorCode.NAME_CONFUSABLE, "ｂｏｂ" + CONFUSABLE.formatted("bob", "ｂ looks like b, ｏ like o"), "w2"));
        plain.send("carol");
        plain.awaitExactly("* welcome carol, 2 online: bob, carol");
    }

    @Test
    void namesThatShowAsNothingAreRefusedAtEveryDoorSayingWhy() {
        String filler = "a name may not contain invisible characters; this one has U+3164 HANGUL FILLER";
        String marks = "a name must show something; this one has no visible character, only combining marks: U+0301 U+0301";

        PlainClient plain = plainAsking();
        plain.send("\u3164");
        plain.awaitExactly("! name-invalid: " + filler);
        plain.send("\u0301\u0301");
        plain.awaitExactly("! name-invalid: " + marks);
        JsonClient json = jsonAsking();
        assertThat(refusedAtJson(json, "\u3164", "j1")).isEqualTo(new Refused(ErrorCode.NAME_INVALID, filler, "j1"));
        assertThat(refusedAtJson(json, "\u0301\u0301", "j2")).isEqualTo(new Refused(ErrorCode.NAME_INVALID, marks, "j2"));
        WebSocketClient web = webAsking();
        assertThat(refusedAtWeb(web, "\u3164", "w1")).isEqualTo(new Refused(ErrorCode.NAME_INVALID, filler, "w1"));
        assertThat(refusedAtWeb(web, "\u0301\u0301", "w2")).isEqualTo(new Refused(ErrorCode.NAME_INVALID, marks, "w2"));

        plain.send("carol");
        plain.awaitExactly("* welcome carol, 1 online: carol");
    }

    @Test
    void aNameMixingLatinWithCyrillicIsRefusedEvenWithNobodyToImitate() {
        PlainClient plain = plainAsking();
        plain.send("\u0430lice");
        plain.awaitExactly("! name-invalid: a name may not mix the Cyrillic and Latin scripts");
        assertThat(refusedAtWeb(webAsking(), "\u0430lice", "w1"))
                .isEqualTo(new Refused(ErrorCode.NAME_INVALID, "a name may not mix the Cyrillic and Latin scripts", "w1"));

        plain.send("alice");
        plain.awaitExactly("* welcome alice, 1 online: alice");
    }

    @Test
    void whenManyAskForLookAlikesOfOneNameAtOnceExactlyOneGetsIn() {
        List<String> lookAlikes = List.of("alice", "aIice", "AIice", "ａｌｉｃｅ", "ALICE", "Alice");
        List<PlainClient> clients = new ArrayList<>();
        for (int i = 0; i < 18; i++) clients.add(plainAsking());

        for (int i = 0; i < clients.size(); i++) clients.get(i).send(lookAlikes.get(i % lookAlikes.size()));
        int welcomed = 0;
        for (PlainClient c : clients) {
            String answer = c.awaitLine(line -> line.startsWith("* welcome ") || line.startsWith("! "), "an answer to the name");
            if (answer.startsWith("* welcome ")) welcomed++;
            else assertThat(answer).matches("! name-(taken|confusable): .*");
        }
        assertThat(welcomed).isEqualTo(1);
    }

    @Test
    void ordinaryNamesOfManyScriptsStillJoinAtEveryDoor() {
        server.plain("张伟");
        server.plain("Zoë");
        server.json("Ёлка");
        server.json("user_1");
        welcomedAtWeb(webAsking(), "नमस्ते", "w1");
        Welcome last = welcomedAtWeb(webAsking(), "山田たろう", "w2");

        assertThat(last.online()).containsExactlyInAnyOrder("张伟", "Zoë", "Ёлка", "user_1", "नमस्ते", "山田たろう");
    }
}
