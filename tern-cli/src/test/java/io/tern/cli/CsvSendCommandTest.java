package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.http.TernServer;
import io.tern.smsc.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern send --csv} against a running Tern over real HTTP: upload, progress, summary, rejected rows file. */
class CsvSendCommandTest {

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;
    TernServer tern;
    Path passwordFile;

    @BeforeEach
    void start() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        tern = TernServer.start(ConfigLoader.parse("""
                listeners: [{host: 127.0.0.1, port: 0}]
                http: {host: 127.0.0.1, port: 0}
                store: {path: '%s'}
                accounts:
                  - {system_id: alice, password_hash: '%s'}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '447410000003', behaviour: fail}
                  - {numbers: '*', behaviour: deliver}
                """.formatted(dir.resolve("data"), hash), Path.of(".")), Clock.systemUTC());
        passwordFile = Files.writeString(dir.resolve("password"), "secret\n");
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    String url() {
        return "http://127.0.0.1:" + tern.httpPort().orElseThrow();
    }

    @Test
    void sendsACampaignFollowsItAndSummarisesDeliveredFailedAndRejected() throws Exception {
        Path csv = Files.writeString(dir.resolve("customers.csv"), """
                to,name
                +447410000001,Ann
                +447410000002,Bob
                +447410000003,Cat
                nonsense,Dan
                """);

        int code = Main.run("send", "--url", url(), "--account", "alice", "--password-file", passwordFile.toString(),
                "--csv", csv.toString(), "--template", "Hi {{name}}", "--from", "12345", "--interval", "100ms");

        assertThat(code).as(output.err()).isZero();
        assertThat(output.err()).contains("upload [#########################] 100%").contains("stored");
        assertThat(output.out()).contains("campaign 1: 4 rows, 3 accepted, 1 rejected")
                .contains("rejected rows and their reasons: " + csv.resolveSibling("customers.csv.rejected.csv"))
                .contains("delivered 2, failed 1, expired 0, cancelled 0 of 3 sent (")
                .contains("  failed: 1 undeliverable");
        assertThat(Files.readString(csv.resolveSibling("customers.csv.rejected.csv")))
                .isEqualTo("line,reason,row\n5,invalid number 'nonsense',\"nonsense,Dan\"\n");
    }

    @Test
    void theAccountCanBeGivenWithUserAsForASingleMessage() throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "to\n+447410000001\n");

        int code = Main.run("send", "--url", url(), "--user", "alice", "--password-file", passwordFile.toString(),
                "--csv", csv.toString(), "--template", "Hi", "--from", "12345", "--no-wait");

        assertThat(code).as(output.err()).isZero();
        assertThat(output.out()).contains("campaign 1: 1 row, 1 accepted, 0 rejected");
    }

    @Test
    void aRefusedCampaignIsOneLineWithTheServersReason() throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "number\n+447410000001\n");

        int code = Main.run("send", "--url", url(), "--account", "alice", "--password-file", passwordFile.toString(),
                "--csv", csv.toString(), "--template", "Hi", "--from", "12345");

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).contains("tern send: campaign refused: HTTP 400: CSV: the header [number] has no 'to' column");
    }

    @Test
    void withoutCredentialsItSaysWhereToPutThem() throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "to\n+447410000001\n");

        int code = Main.run("send", "--url", url(), "--csv", csv.toString(), "--template", "Hi", "--from", "1");

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).contains("tern send: no credentials: give --account with --password-file or TERN_PASSWORD");
    }
}
