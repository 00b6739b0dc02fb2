package chatroom.client;

import chatroom.chat.Event;
import java.util.Collection;

/** Where the Chatter shows things and reads what the person types. */
interface Screen extends AutoCloseable {

    /** Shows an event from the server. */
    void show(Event event);

    /**
     * Shows an event from the server to one who talks in {@code current}: an event of
     * another of their rooms shows that room ({@link chatroom.protocol.PlainFormat#render(Event, String)}).
     */
    default void show(Event event, String current) {
        show(event);
    }

    /** Shows a notice of the Chatter's own ({@code * …}). */
    void notice(String text);

    /** Shows an error of the Chatter's own ({@code ! code: text}). */
    void error(String code, String text);

    /** The next typed line, or null at end of input. */
    String readLine();

    /** Asks for another name after a refusal; null when this screen cannot ask (not a terminal). */
    String askName();

    /**
     * Asks for a password without showing it as it is typed ({@code prompt} says whose);
     * null when this screen cannot ask (not a terminal) or the person gave up.
     */
    String askPassword(String prompt);

    /** Whether a lost connection is worth reconnecting (a person is watching). */
    boolean interactive();

    /** The names worth completing after {@code @}. */
    default void names(Collection<String> names) {}

    /** The name this Chatter joined as. */
    default void joinedAs(String name) {}

    @Override
    void close();
}
