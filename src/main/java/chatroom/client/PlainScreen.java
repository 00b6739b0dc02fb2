package chatroom.client;

import chatroom.chat.Event;
import chatroom.protocol.PlainFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * For scripts and pipes: reads lines from stdin and prints exactly the plain door's
 * lines, no escape codes; end of input means quit.
 */
final class PlainScreen implements Screen {
    private final BufferedReader in;
    private final PrintStream out;
    private final PlainFormat format;

    PlainScreen(BufferedReader in, PrintStream out, PlainFormat format) {
        this.in = in;
        this.out = out;
        this.format = format;
    }

    @Override
    public void show(Event event) {
        print(format.render(event));
    }

    @Override
    public void show(Event event, String current) {
        print(format.render(event, current));
    }

    @Override
    public void notice(String text) {
        print(PlainFormat.notice(text));
    }

    @Override
    public void error(String code, String text) {
        print(PlainFormat.error(code, text));
    }

    /** One block of lines at a time: the receiving and the sending thread both show things. */
    private synchronized void print(String lines) {
        out.print(lines);
        out.flush();
    }

    @Override
    public String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String askName() {
        return null;
    }

    /** Scripts give a password with --password-file or CHATROOM_PASSWORD; a line of stdin would be shown as typed. */
    @Override
    public String askPassword(String prompt) {
        return null;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        out.flush();
    }
}
