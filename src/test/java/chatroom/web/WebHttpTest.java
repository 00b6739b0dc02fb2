package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.testing.RawHttp;
import chatroom.testing.RawHttp.Response;
import chatroom.testing.WebTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The web port as plain HTTP sees it, over bare sockets: what every answer carries and what it leaves behind (issue 12). */
@Timeout(60)
class WebHttpTest {
    @TempDir
    Path tmp;

    @Test
    void noAnswerStartsAnHttpSessionNeitherAnUpgradeNorARefusedOneNorThePage() throws Exception {
        try (WebTestServer server = WebTestServer.start(tmp)) {
            Response upgraded = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH);
            assertThat(upgraded.status()).isEqualTo(101);
            assertThat(upgraded.headers()).as("the 101's headers").doesNotContainKey("set-cookie");

            Response refused = RawHttp.upgrade(server.webAddress(), WebDoor.SOCKET_PATH, "Origin: http://evil.example");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers()).as("the refused upgrade's headers").doesNotContainKey("set-cookie");

            Response page = RawHttp.get(server.webAddress(), "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers()).as("the page's headers").doesNotContainKey("set-cookie");
        }
    }
}
