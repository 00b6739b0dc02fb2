package chatroom.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.chat.Account;
import chatroom.chat.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chatroom account …} on a data directory: what it prints, its exit codes, and what it keeps. */
class AccountCommandTest {
    private static final String PASSWORD = "meadow-Lynx-604";

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        AccountCommand command = new AccountCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
        return new CommandLine(command).execute(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addPasswdRoleListAndRemoveAnAccountWithThePasswordFromStandardInput() throws Exception {
        assertThat(run(PASSWORD + "\n", "add", "ta", "--role", "admin")).isZero();
        assertThat(out()).isEqualTo("added ta (admin)\n");
        assertThat(run(PASSWORD + "\n", "add", "mod")).isZero();
        assertThat(run("", "role", "mod", "moderator")).isZero();
        assertThat(out()).isEqualTo("mod is now moderator\n");
        assertThat(run("", "list")).isZero();
        assertThat(out()).isEqualTo("mod moderator\nta admin\n");
        assertThat(run("another-password\n", "passwd", "TA")).isZero();
        assertThat(out()).isEqualTo("the password of TA is changed\n");
        try (SqliteAccounts accounts = SqliteAccounts.open(dataDir)) {
            assertThat(accounts.check("ta", "another-password")).isTrue();
            assertThat(accounts.check("ta", PASSWORD)).isFalse();
            assertThat(accounts.find("Mod")).map(a -> a.name() + " " + a.role()).contains("mod MODERATOR");
        }
        assertThat(run("", "remove", "mod")).isZero();
        assertThat(run("", "list")).isZero();
        assertThat(out()).isEqualTo("ta admin\n");

        assertThat(Files.getPosixFilePermissions(dataDir.resolve(SqliteAccounts.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path f : Files.list(dataDir).toList()) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                    .doesNotContain(PASSWORD).doesNotContain("another-password");
        }
    }

    @Test
    void aShortPasswordAnUnknownRoleALookAlikeAndAMissingAccountAreRefusedSayingWhy() {
        assertThat(run("short\n", "add", "ta")).isEqualTo(2);
        assertThat(err()).isEqualTo("chatroom: a password needs at least 8 characters, this one has 5; nothing was changed\n");
        assertThat(run(PASSWORD + "\n", "add", "ta", "--role", "god")).isEqualTo(2);
        assertThat(err()).isEqualTo("chatroom: a role is member, moderator or admin, not 'god'\n");
        assertThat(run("", "add", "ta")).isEqualTo(2);
        assertThat(err()).isEqualTo("chatroom: no password on standard input (one line)\n");

        assertThat(run(PASSWORD + "\n", "add", "alice")).isZero();
        assertThat(run(PASSWORD + "\n", "add", "ALICE")).isEqualTo(2);
        assertThat(err()).isEqualTo("chatroom: alice is registered already\n");
        assertThat(run(PASSWORD + "\n", "add", "aIice")).isEqualTo(2);
        assertThat(err()).isEqualTo("chatroom: aIice looks too much like alice, a registered name\n");
        assertThat(run(PASSWORD + "\n", "add", "a b")).isEqualTo(2);
        assertThat(err()).startsWith("chatroom: a name may hold letters");

        assertThat(run(PASSWORD + "\n", "passwd", "nobody")).isEqualTo(1);
        assertThat(err()).isEqualTo("chatroom: there is no account nobody in " + dataDir + "\n");
        assertThat(run("", "remove", "nobody")).isEqualTo(1);
        assertThat(run("", "role", "nobody", "admin")).isEqualTo(1);
    }
}
