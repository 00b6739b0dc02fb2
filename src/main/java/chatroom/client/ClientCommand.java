package chatroom.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "client", mixinStandardHelpOptions = true, description = "Join a chat server as NAME (the Chatter).")
public final class ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        return 1;
    }
}
