package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void passwdPrintsABcryptHashOfThePassword() {
        assertThat(Main.run("passwd", "s3cret")).isZero();

        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(hash).startsWith("$2a$10$");
        assertThat(BCrypt.verifyer().verify("s3cret".toCharArray(), hash).verified).isTrue();
    }

    @Test
    void passwdRefusesPasswordsSmppCannotCarry() {
        assertThat(Main.run("passwd", "much-too-long")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at most 8 characters");
    }

    @Test
    void serveWithABadConfigurationNamesTheKeyAndFails(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, "smpp:\n  window: lots\n");

        assertThat(Main.run("serve", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tern: configuration error: smpp.window: expected a whole number, was 'lots'");
    }

    @Test
    void serveWithAMissingConfigurationFileSaysSo(@TempDir Path dir) {
        assertThat(Main.run("serve", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.yaml: cannot read");
    }

    @Test
    void thePortOverrideKeepsTheConnectorsAndTheirGroups(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tern.yaml");
        Files.writeString(file, String.join("\n",
                "store: {path: '" + dir.resolve("data") + "'}",
                "connectors:",
                "  - {name: up, host: 127.0.0.1, port: 2776, system_id: tern, password: secret}",
                "connector_groups:",
                "  - {name: all, members: [up]}",
                "routes:",
                "  - {destination: '44*', target: 'group:all'}",
                ""));
        io.tern.smsc.config.TernConfig config = io.tern.smsc.config.ConfigLoader.load(file);

        io.tern.smsc.config.TernConfig overridden = ServeCommand.withPort(config, 0);

        assertThat(overridden.listeners().get(0).port()).isZero();
        assertThat(overridden.connectors()).isEqualTo(config.connectors()).hasSize(1);
        assertThat(overridden.connectorGroups()).isEqualTo(config.connectorGroups()).hasSize(1);
        assertThat(overridden.routes()).isEqualTo(config.routes());
    }

    @Test
    void embeddedDefaultsCreateTheAccountOnceAndKeepOnlyItsHash(@TempDir Path dir) throws Exception {
        ServeCommand.embeddedDefaults(dir);
        String first = out.toString(StandardCharsets.UTF_8);
        String password = first.replaceAll("(?s).*password=(\\S+).*", "$1");
        String stored = Files.readString(dir.resolve(ServeCommand.GENERATED_ACCOUNT_FILE)).trim();

        assertThat(first).contains("system_id=tern");
        assertThat(stored).doesNotContain(password);
        assertThat(BCrypt.verifyer().verify(password.toCharArray(), stored).verified).isTrue();

        out.reset();
        ServeCommand.embeddedDefaults(dir);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("password=");
    }
}
