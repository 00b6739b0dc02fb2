package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginRuleTest {
    private static final String HOST = "127.0.0.1:8081";

    @ParameterizedTest(name = "origin {0} from host {1}: {2}")
    @CsvSource(nullValues = "none", value = {
            "http://127.0.0.1:8081, 127.0.0.1:8081, true",   // the page's own
            "https://127.0.0.1:8081, 127.0.0.1:8081, true",  // behind a TLS proxy that keeps the Host
            "HTTP://127.0.0.1:8081/, 127.0.0.1:8081, true",
            "http://127.0.0.1:8082, 127.0.0.1:8081, false",  // another port is another origin
            "http://evil.example, 127.0.0.1:8081, false",
            "null, 127.0.0.1:8081, false",                   // a sandboxed frame or a file: page
            "none, 127.0.0.1:8081, true",                    // not a browser
            "http://127.0.0.1:8081, none, false",
    })
    void sameOriginByDefault(String origin, String host, boolean allowed) {
        assertThat(OriginRule.sameOrigin().allows(origin, host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "origin {0}: {1}")
    @CsvSource({
            "https://chat.example.org, true",
            "https://Chat.Example.org/, true",
            "http://chat.example.org, false",
            "https://chat.example.org.evil.example, false",
            "http://127.0.0.1:8081, true",
    })
    void allowListAddsOrigins(String origin, boolean allowed) {
        assertThat(new OriginRule(List.of("https://chat.example.org")).allows(origin, HOST)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"http://evil.example", "null"})
    void starAllowsAny(String origin) {
        assertThat(new OriginRule(List.of("*")).allows(origin, HOST)).isTrue();
    }
}
