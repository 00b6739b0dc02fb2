package chatroom;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' directions, as docs/ARCHITECTURE.md draws them (issue 13): the rules
 * ({@code chat}) own their ports and know nothing of stores, files or doors; everything
 * else points towards them, and nothing points back at the command line.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("chatroom");
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("chatroom.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachPackageUsesOnlyWhatItMay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("command line").definedBy("chatroom")
                .layer("bench").definedBy("chatroom.bench..")
                .layer("client").definedBy("chatroom.client..")
                .layer("web").definedBy("chatroom.web..")
                .layer("irc").definedBy("chatroom.irc..")
                .layer("tcp").definedBy("chatroom.tcp..")
                .layer("door").definedBy("chatroom.door..")
                .layer("protocol").definedBy("chatroom.protocol..")
                .layer("history").definedBy("chatroom.history..")
                .layer("cluster").definedBy("chatroom.cluster..")
                .layer("accounts").definedBy("chatroom.accounts..")
                .layer("record").definedBy("chatroom.record..")
                .layer("tls").definedBy("chatroom.tls..")
                .layer("chat").definedBy("chatroom.chat..")
                .layer("text").definedBy("chatroom.text..")
                .layer("files").definedBy("chatroom.files..")
                .layer("cli").definedBy("chatroom.cli..")

                .whereLayer("command line").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyAccessLayers("irc", "tcp", "door", "protocol", "history", "record", "chat", "text", "cli")
                .whereLayer("client").mayOnlyAccessLayers("protocol", "chat", "text", "files", "cli", "tls")
                .whereLayer("web").mayOnlyAccessLayers("door", "protocol", "chat", "text", "tls")
                // The IRC door rides the TCP door's connections (a Dialect), so it may use tcp; nothing uses irc.
                .whereLayer("irc").mayOnlyAccessLayers("tcp", "door", "protocol", "chat", "text")
                .whereLayer("tcp").mayOnlyAccessLayers("door", "protocol", "chat", "text", "tls")
                .whereLayer("door").mayOnlyAccessLayers("protocol", "chat")
                .whereLayer("protocol").mayOnlyAccessLayers("chat", "text")
                // The cluster's engine implements the rules' ports on Redis, as the history store does on SQLite;
                // its accounts hash passwords as accounts.db's do.
                .whereLayer("cluster").mayOnlyAccessLayers("chat", "text", "accounts")
                .whereLayer("history").mayOnlyAccessLayers("chat", "text", "files", "cli")
                .whereLayer("accounts").mayOnlyAccessLayers("chat", "text", "files", "cli")
                .whereLayer("record").mayOnlyAccessLayers("chat", "text", "files")
                // Key material knows nothing of the chat or the doors: the edges (tcp, web, client) use it.
                .whereLayer("tls").mayOnlyAccessLayers("files", "cli")
                .whereLayer("chat").mayOnlyAccessLayers("text")
                .whereLayer("text").mayNotAccessAnyLayer()
                .whereLayer("files").mayNotAccessAnyLayer()
                .whereLayer("cli").mayOnlyAccessLayers("text")
                .check(classes);
    }
}
