package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.AccountRules;
import chatroom.chat.Accounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --members-only and --no-registration: guests welcome and /register on by default, each flag turns one off. */
class AccountFlagsTest {

    private static AccountRules rules(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.accountRules(Accounts.none());
    }

    @Test
    void byDefaultGuestsAreWelcomeAndMayRegister() {
        assertThat(rules()).isEqualTo(new AccountRules(Accounts.none(), false, true));
    }

    @Test
    void membersOnlyKeepsGuestsOutAndNoRegistrationTurnsRegisterOff() {
        assertThat(rules("--members-only")).isEqualTo(new AccountRules(Accounts.none(), true, true));
        assertThat(rules("--no-registration")).isEqualTo(new AccountRules(Accounts.none(), false, false));
    }

    @Test
    void helpNamesBothFlagsAndTheirDefaults() {
        StringWriter out = new StringWriter();
        new CommandLine(new ServerCommand()).usage(new PrintWriter(out));
        assertThat(out.toString()).contains("--members-only", "(default: guests welcome)", "--no-registration",
                "(default: they may)");
    }
}
