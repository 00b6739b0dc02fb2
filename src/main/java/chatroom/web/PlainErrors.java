package chatroom.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed request, a failure below Javalin) as
 * {@link PlainAnswer}s: its default is an HTML page that quotes the request's URI.
 */
final class PlainErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        PlainAnswer.send(response, callback, status, null);
        return true;
    }

    /** A request Jetty could not even parse: answered before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        PlainAnswer.SECURITY_HEADERS.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, PlainAnswer.TEXT);
        return ByteBuffer.wrap(PlainAnswer.body(status, null).getBytes(StandardCharsets.UTF_8));
    }
}
