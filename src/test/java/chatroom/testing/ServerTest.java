package chatroom.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A socket test's server: each test starts its own in a temporary data folder, and it is stopped after the test. */
public abstract class ServerTest {
    @TempDir
    protected Path dataDir;

    protected TestServer server;

    @AfterEach
    protected void stopServer() {
        if (server != null) server.close();
    }
}
