package chatroom.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chatroom.chat.Limits;
import chatroom.testing.JsonClient;
import chatroom.testing.LineClient;
import chatroom.testing.PlainClient;
import chatroom.testing.ServerTest;
import chatroom.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §5 "connections: 10,000 in all, 100 per address", here 3 per address (and 4 in
 * all): a connection over a limit gets one clear final line and is closed, and is
 * logged; a connection that closes makes room again. A client bound to 127.0.0.2 is
 * another address to the server (all of 127/8 is loopback).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionLimitsSocketTest extends ServerTest {
    private static final InetAddress OTHER = address("127.0.0.2");


    @Test
    void theFourthConnectionFromOneAddressIsTurnedAwayWhileAnotherAddressGetsIn() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxConnections(100, 3));
        PlainClient ann = server.plain("ann");
        server.plain("bob");
        server.plainConnected("silent"); // not joined yet, but a connection all the same

        PlainClient fourth = server.plainConnected("fourth");
        fourth.awaitExactly("! too-many-from-address: 127.0.0.1 already has 3 connections (the limit)");
        fourth.awaitEnd();
        PlainClient dora = server.plainFrom(OTHER, "dora");
        ann.awaitStamped("* dora joined");

        ann.close();
        await().atMost(LineClient.WAIT).until(() -> server.connectionCount() == 3);
        PlainClient again = server.plain("again"); // room again for one from 127.0.0.1
        dora.awaitStamped("* again joined");

        assertThat(fourth.seen()).containsExactly("! too-many-from-address: 127.0.0.1 already has 3 connections (the limit)");
        assertThat(again.seen()).first().asString().startsWith("* welcome again, ");
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line).matches(
                ".* REJECT " + Pattern.quote(fourth.localAddress()) + " too-many-from-address: 127\\.0\\.0\\.1 already has 3 connections \\(the limit\\)"));
        assertThat(server.logLines()).anySatisfy(line -> assertThat(line).matches(".* JOIN #lobby \\d+ dora 127\\.0\\.0\\.2:\\d+"));
    }

    @Test
    void aStructuredClientTurnedAwayGetsAFinalJsonErrorFrame() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxConnections(100, 1));
        server.json("ann");

        JsonClient second = server.jsonConnected("second");
        second.hello("bob", "h1"); // the Chatter says hello at once; its first byte is '{'

        second.awaitExactly("{\"type\":\"error\",\"code\":\"too-many-from-address\","
                + "\"text\":\"127.0.0.1 already has 1 connection (the limit)\",\"final\":true}");
        second.awaitEnd();
    }

    @Test
    void overTheLimitInAllEveryAddressIsTurnedAway() throws IOException {
        server = TestServer.start(dataDir, Limits.DEFAULTS.withMaxConnections(2, 100));
        server.plain("ann");
        server.plainFrom(OTHER, "bob");

        PlainClient third = server.plainConnectedFrom(OTHER, "third");
        third.awaitExactly("! too-many-connections: the server already has 2 connections (the limit); try again later");
        third.awaitEnd();
        assertThat(server.connectionCount()).isEqualTo(2);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
