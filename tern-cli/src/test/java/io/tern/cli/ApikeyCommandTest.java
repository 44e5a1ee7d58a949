package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.http.api.ApiKeys;
import io.tern.smsc.admin.AdminStore;
import io.tern.smsc.admin.AuditEntry;
import io.tern.smsc.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern apikey create|list|revoke} on a data directory: the token shown once, only its hash kept. */
class ApikeyCommandTest {

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;

    @Test
    void createsListsAndRevokesAKeyKeepingOnlyItsHash() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("tern.yaml"), """
                store: {path: data}
                accounts:
                  - {system_id: acme, password_hash: '$2a$04$abcdefghijklmnopqrstuu5K1b8qJbYJ2I1w0Z7bmJzfmhUeAW5xW'}
                """);

        assertThat(Main.run("apikey", "create", "--config", config.toString(), "--account", "acme", "--label", "crm"))
                .as(output.err()).isZero();
        String token = output.out().lines().filter(l -> l.startsWith("tern_")).findFirst().orElseThrow();
        String id = ApiKeys.list(data).get(0).id();
        assertThat(Files.readString(data.resolve(ApiKeys.FILE))).doesNotContain(token).contains(id);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ApiKeys.FILE))))
                .isEqualTo("rw-------");
        assertThat(ApiKeys.load(data).systemIdOf(token)).hasValue("acme");

        output.reset();
        assertThat(Main.run("apikey", "list", "--data", data.toString())).isZero();
        assertThat(output.out()).contains(id, "acme", "crm").doesNotContain(token);
        // the columns line up: each value starts under its heading, however long the ids and dates
        java.util.List<String> lines = output.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).indexOf("acme")).isEqualTo(lines.get(0).indexOf("ACCOUNT"));
        assertThat(lines.get(1).indexOf("crm")).isEqualTo(lines.get(0).indexOf("LABEL"));
        assertThat(lines.get(1).indexOf(ApiKeys.list(data).get(0).created().toString().substring(0, 10)))
                .isEqualTo(lines.get(0).indexOf("CREATED"));

        assertThat(Main.run("apikey", "revoke", "--data", data.toString(), id)).isZero();
        assertThat(ApiKeys.load(data).systemIdOf(token)).isEmpty();
        assertThat(Main.run("apikey", "revoke", "--data", data.toString(), id)).isEqualTo(2);
    }

    @Test
    void refusesAnAccountTheConfigurationDoesNotHave() throws Exception {
        Files.createDirectories(dir.resolve("tern-data"));

        int code = Main.run("apikey", "create", "--data", dir.resolve("tern-data").toString(), "--account", "nobody");

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).contains("no account 'nobody' (known: tern)");
    }

    @Test
    void knowsAnAccountMadeWithTernAdmin() throws Exception {
        Path data = dir.resolve("tern-data");
        // after the first start the database's accounts are in force: carol was made over the admin API
        AdminStore.open(ConfigLoader.defaults(data).store()).commit(1,
                "{\"accounts\": [{\"system_id\": \"carol\", \"password_hash\": \"x\"}]}",
                new AuditEntry(0, Instant.now(), "ops", "account.create", "carol", null, null, 1));

        int code = Main.run("apikey", "create", "--data", data.toString(), "--account", "carol");

        assertThat(code).as(output.err()).isZero();
        assertThat(ApiKeys.load(data).systemIdOf(output.out().lines().reduce((a, b) -> b).orElseThrow()))
                .contains("carol");
    }
}
