package chatroom.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every answer of the web port that is not the page: refusals and errors, as one line of
 * plain text that says what happened and never repeats what the request sent, under the
 * page's own security headers, so that no error page can be made to show markup.
 */
final class PlainAnswer {
    /**
     * Defence in depth behind the page's rule of showing server text only as text: were
     * markup ever to get in, no inline or foreign script would run and nothing could be
     * sent anywhere but this server.
     */
    static final String CSP = "Content-Security-Policy";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            CSP, contentSecurityPolicy(""),
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");
    static final String TEXT = "text/plain; charset=utf-8";

    /** The policy, its page let to connect to this server and to {@code alsoConnectTo} (space-separated sources, or empty). */
    static String contentSecurityPolicy(String alsoConnectTo) {
        return "default-src 'self'; connect-src 'self'" + (alsoConnectTo.isEmpty() ? "" : " " + alsoConnectTo)
                + "; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private PlainAnswer() {
    }

    /** {@code 404 Not Found: text}, or only the status when {@code text} is null. */
    static String body(int status, String text) {
        String head = status + " " + HttpStatus.getMessage(status);
        return (text == null ? head : head + ": " + text) + "\n";
    }

    static void securityHeaders(Response response) {
        SECURITY_HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
    }

    /** Sends the whole answer and completes {@code callback}. */
    static void send(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        securityHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(status, text).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
