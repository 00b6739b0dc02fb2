package chatroom.tls;

/**
 * SIGHUP as "read the certificate again", the way long-running Unix servers take it. The
 * JDK offers signal handling only through {@code sun.misc.Signal} (module jdk.unsupported,
 * present in every OpenJDK build); where it is missing or the JVM keeps SIGHUP for
 * itself (-Xrs), the file watcher alone notices a renewed certificate.
 */
final class Reloads {
    private Reloads() {}

    /**
     * Runs {@code reload} on each SIGHUP from now on; false when SIGHUP cannot be had. A
     * process started with SIGHUP ignored ({@code nohup}, or a parent that ignores it) keeps
     * it ignored: the JVM installs no handler then, and says so only by returning SIG_IGN.
     */
    static boolean onHangUp(Runnable reload) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload.run());
            return before != sun.misc.SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
