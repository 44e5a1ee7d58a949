package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    void sendHelpWithACsvFileIsTheCampaignsHelp() {
        assertThat(Main.run("send", "--csv", "customers.csv", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--template=TEXT", "--rate=N", "--window=");

        out.reset();
        assertThat(Main.run("send", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--to=NUMBER", "--csv=FILE")
                .doesNotContain("--template=TEXT");
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
        ServeCommand.GeneratedAccount created = ServeCommand.GeneratedAccount.readOrCreate(dir);
        assertThat(dir.resolve(ServeCommand.GENERATED_ACCOUNT_FILE)).as("nothing kept before Tern owns the directory")
                .doesNotExist();
        created.keep(dir);
        String first = out.toString(StandardCharsets.UTF_8);
        String password = first.replaceAll("(?s).*password=(\\S+).*", "$1");
        Path file = dir.resolve(ServeCommand.GENERATED_ACCOUNT_FILE);
        String stored = Files.readString(file).trim();

        assertThat(first).contains("system_id=tern");
        assertThat(stored).doesNotContain(password);
        assertThat(BCrypt.verifyer().verify(password.toCharArray(), stored).verified).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        out.reset();
        ServeCommand.GeneratedAccount again = ServeCommand.GeneratedAccount.readOrCreate(dir);
        again.keep(dir);
        assertThat(again.hash()).isEqualTo(stored);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("password=");
    }

    @Test
    void aSecondServeRefusedOnALiveDataDirectoryWritesNothingIntoIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (Smsc live = Smsc.start(ConfigLoader.parse("""
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {path: '%s'}
                """.formatted(data), dir), Clock.systemUTC())) {
            // the live server's own files, status.json included (written from start, every two seconds)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.exists(data.resolve("status.json")));
            Set<Path> before = listing(data);

            assertThat(Main.run("serve", "--data", data.toString(), "--port", "0", "--http-port", "0")).isEqualTo(1);

            // in one JVM the lock answers "in use by this process already"; across processes "by another Tern process"
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern: cannot start: data directory", "in use");
            assertThat(data.resolve(ServeCommand.GENERATED_ACCOUNT_FILE)).doesNotExist();
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("password=");
            assertThat(listing(data)).isEqualTo(before);
        }
    }

    private static Set<Path> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).collect(Collectors.toSet());
        }
    }
}
