package chatroom;

import chatroom.cli.PortOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The server's IRC door flags: {@code --irc-port}, {@code --irc-tls-port}, {@code --no-irc}. */
final class IrcOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--irc-port", paramLabel = "PORT", defaultValue = "6667", converter = PortOption.class,
            description = "port of the IRC door, on the same --host (default: ${DEFAULT-VALUE}; 0 = pick a free one)")
    int port;

    @Option(names = "--irc-tls-port", paramLabel = "PORT", defaultValue = "6697", converter = PortOption.class,
            description = "port of the IRC door over TLS, with --tls-cert and --tls-key (default: ${DEFAULT-VALUE}; 0 = pick a free one)")
    int tlsPort;

    @Option(names = "--no-irc", description = "no IRC door (neither --irc-port nor --irc-tls-port)")
    boolean off;

    /** Throws IllegalArgumentException, naming the flag, for flags that do not go together. */
    void check(boolean tlsOn) {
        boolean tlsPortGiven = spec.commandLine().getParseResult().hasMatchedOption("--irc-tls-port");
        if (tlsPortGiven && !tlsOn) throw new IllegalArgumentException("--irc-tls-port needs TLS on (--tls-cert FILE --tls-key FILE)");
        if (off && (tlsPortGiven || spec.commandLine().getParseResult().hasMatchedOption("--irc-port"))) {
            throw new IllegalArgumentException("--no-irc turns the IRC door off: drop it, or drop --irc-port and --irc-tls-port");
        }
    }
}
