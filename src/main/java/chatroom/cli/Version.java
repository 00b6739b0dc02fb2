package chatroom.cli;

import picocli.CommandLine;

/**
 * The program's version, from the jar's manifest ("dev" when run from classes): what
 * {@code --version} prints and the log's {@code START} line names. Here rather than in
 * {@code Main} so that the subcommands can name it without depending on the command line
 * that holds them.
 */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"chatroom " + current()};
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
