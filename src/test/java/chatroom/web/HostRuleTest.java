package chatroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRuleTest {
    @ParameterizedTest(name = "Host {0} at a server bound to {1}: {2}")
    @CsvSource(nullValues = "none", value = {
            "127.0.0.1:8081, 127.0.0.1, true",
            "localhost:8081, 127.0.0.1, true",        // loopback: localhost is this server
            "LocalHost.:8081, 127.0.0.1, true",
            "localhost:8081, 0.0.0.0, true",
            "localhost:8081, 10.0.3.17, false",       // bound to the LAN only: localhost is not served
            "10.0.3.17:8081, 127.0.0.1, true",        // an address cannot be rebound
            "[::1]:8081, 127.0.0.1, true",
            "evil.example:8081, 127.0.0.1, false",    // the rebinding page's own name
            "evil.example, 0.0.0.0, false",
            "localhost.evil.example, 127.0.0.1, false",
            "none, 127.0.0.1, true",                  // HTTP/1.0 without Host: not a browser
    })
    void servesTheMachinesOwnNamesAndAddressesOnly(String host, String boundTo, boolean served) {
        assertThat(HostRule.machineOnly().servingAt(boundTo).serves(host)).isEqualTo(served);
    }

    @ParameterizedTest(name = "Host {0}: {1}")
    @CsvSource({
            "chat.example.org, true",
            "Chat.Example.Org:443, true",
            "chat.example.org.evil.example, false",
            "example.org, false",
    })
    void namesGivenAreServedAsWell(String host, boolean served) {
        assertThat(new HostRule(List.of("chat.example.org")).servingAt("127.0.0.1").serves(host)).isEqualTo(served);
    }

    @ParameterizedTest
    @CsvSource({"evil.example", "anything.at.all:8081"})
    void starServesAnyName(String host) {
        assertThat(new HostRule(List.of("*")).servingAt("127.0.0.1").serves(host)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void theHostsOfAllowedOriginsAreServedButStarNamesNone() {
        assertThat(HostRule.hostsOf(List.of("https://chat.example.org", "http://proxy.example.net:8080/", "*")))
                .containsExactly("chat.example.org", "proxy.example.net");
    }
}
