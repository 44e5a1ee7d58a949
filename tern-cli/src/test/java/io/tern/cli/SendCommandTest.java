package io.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.http.TernServer;
import io.tern.http.api.ApiKeys;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.store.StoredMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tern send} against a running Tern (real HTTP, port 0): credentials from a password file,
 * the environment and a client file, the message committed when the command prints its id, and
 * clear errors for missing credentials and a refused number.
 */
class SendCommandTest {

    private static final String PASSWORD = "s3cret";

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path dir;
    TernServer tern;
    String url;

    @BeforeEach
    void start() {
        tern = TernServer.start(ConfigLoader.parse("""
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {path: '%s'}
                http: {port: 0}
                accounts:
                  - {system_id: alice, password_hash: '%s', default_region: GB}
                routes:
                  - {destination: '*', target: sim}
                """.formatted(dir.resolve("data"), AccountService.hash(PASSWORD)), dir), Clock.systemUTC());
        url = "http://127.0.0.1:" + tern.httpPort().orElseThrow();
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private int send(Map<String, String> env, String... args) {
        SendCommand cmd = new SendCommand();
        cmd.env = env::get;
        return new CommandLine(cmd).execute(args);
    }

    private StoredMessage storedFromOutput() {
        String id = output.out().lines().findFirst().orElseThrow().split(" ")[0];
        return tern.smsc().store().find(id).join().orElseThrow();
    }

    @Test
    void sendsWithAPasswordFileAndPrintsTheCommittedMessagesId() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");

        int code = send(Map.of(), "--url", url, "--user", "alice", "--password-file", pw.toString(),
                "--to", "07400 123456", "--text", "hello from the CLI", "--from", "ACME", "--client-ref", "cli-1");

        assertThat(code).as(output.err()).isZero();
        assertThat(output.out()).contains("+447400123456 1 part");
        StoredMessage m = storedFromOutput();
        assertThat(m.owner()).isEqualTo("alice");
        assertThat(m.clientRef()).isEqualTo("cli-1");
    }

    @Test
    void takesAnApiKeyFromTheEnvironmentOrAClientFile() throws Exception {
        Path data = tern.smsc().config().store().dataDir();
        ApiKeys.Created key = ApiKeys.create(data, "alice", "cli", Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            output.reset();
            return send(Map.of("TERN_API_KEY", key.token()), "--url", url, "--to", "+447400123457", "--text", "env")
                    == 0;
        });
        assertThat(storedFromOutput().owner()).isEqualTo("alice");

        output.reset();
        Path client = Files.writeString(dir.resolve("client.yaml"), "url: " + url + "\napi_key: " + key.token() + "\n");
        assertThat(send(Map.of(), "--client-config", client.toString(), "--to", "+447400123458", "--text", "file"))
                .as(output.err()).isZero();
        assertThat(storedFromOutput().destination().addr()).isEqualTo("447400123458");
    }

    @Test
    void withoutCredentialsItSaysWhereToPutThem() {
        int code = send(Map.of(), "--url", url, "--to", "+447400123459", "--text", "x");

        assertThat(code).isEqualTo(2);
        assertThat(output.err()).contains("no credentials", "TERN_API_KEY", "--password-file");
    }

    @Test
    void aServerThatIsNotThereIsNamedWithTheReason() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        int code = send(Map.of(), "--url", "http://127.0.0.1:" + closed, "--user", "alice", "--password-file",
                pw.toString(), "--to", "+447400123461", "--text", "x");

        assertThat(code).isEqualTo(1);
        assertThat(output.err()).isEqualTo("tern send: cannot reach Tern's HTTP API at http://127.0.0.1:" + closed
                + ": connection refused (is tern serve running with an http key? --url)" + System.lineSeparator());
    }

    @Test
    void aRefusedNumberIsReportedWithTheServersReason() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");

        int code = send(Map.of(), "--url", url, "--user", "alice", "--password-file", pw.toString(),
                "--to", "+447400123460,12", "--text", "x");

        assertThat(code).isEqualTo(1);
        assertThat(output.err()).startsWith("tern send: 400 Invalid request field: to[1]: ");
        assertThat(output.err()).doesNotContain("\tat ");
    }
}
