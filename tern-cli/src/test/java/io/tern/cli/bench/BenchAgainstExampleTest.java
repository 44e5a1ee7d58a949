package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.account.Account;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A newcomer's first benchmark: {@code tern bench} with its default addresses against Tern running
 * examples/tern.yaml, with the password given by {@code TERN_BENCH_PASSWORD} or {@code --password-file}
 * instead of the command line (where every user of the machine can read it).
 */
class BenchAgainstExampleTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "tern.yaml");
    /** The password of examples/tern.yaml's bcrypt hashes, as its comment says. */
    private static final String EXAMPLE_PASSWORD = "secret1";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** The defaults picocli gives a bench run that names only its system_id. */
    private static BenchCommand defaults() {
        BenchCommand bench = new BenchCommand(Map.of());
        new CommandLine(bench).parseArgs("--system-id", "acme");
        return bench;
    }

    @Test
    void theExampleRoutesAndAllowsTheBenchDefaults() {
        TernConfig config = ConfigLoader.load(EXAMPLE);
        BenchCommand bench = defaults();
        Account acme = config.accounts().stream().filter(a -> a.systemId().equals("acme")).findFirst().orElseThrow();
        Router router = new Router(config.routes(), config.accounts());

        assertThat(acme.allowsSource(bench.source)).as("source %s allowed for acme", bench.source).isTrue();
        for (String dest : List.of(bench.destPrefix + "1", bench.destPrefix + "999")) {
            assertThat(router.route("acme", dest, "")).as("route of %s", dest).contains(new RouteTarget.Sim());
        }
    }

    /** examples/tern.yaml on a free port, with its data in the test's directory. */
    private Smsc startExample() {
        TernConfig c = ConfigLoader.load(EXAMPLE);
        TernConfig.Listener l = c.listeners().get(0);
        StoreConfig s = c.store();
        return Smsc.start(c.withListeners(List.of(new TernConfig.Listener(l.host(), 0, null)))
                .withStore(new StoreConfig(dir.resolve("data"), s.retention(), s.writeQueueCapacity(),
                        s.maxBatch())), Clock.systemUTC());
    }

    private int bench(Map<String, String> env, String... args) {
        return new CommandLine(new BenchCommand(env)).execute(args);
    }

    private String summary() {
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("SUMMARY ")).findFirst()
                .orElseThrow(() -> new AssertionError("no SUMMARY line; stderr: " + err));
    }

    @Test
    void aBenchWithDefaultAddressesAndThePasswordFromTheEnvironmentIsDeliveredWithReceiptsTwice() {
        try (Smsc smsc = startExample()) {
            for (int run = 1; run <= 2; run++) {
                out.reset();
                // the second run sends the same messages again: they must be new messages, with new receipts
                int code = bench(Map.of(BenchCommand.PASSWORD_ENV, EXAMPLE_PASSWORD), "--port",
                        Integer.toString(smsc.ports().get(0)), "--system-id", "acme", "--messages", "50", "--dlr",
                        "--receipt-wait", "20s");

                assertThat(code).as("run %d; stderr: %s", run, err).isZero();
                assertThat(summary()).as("run %d", run).contains("sent=50 ok=50", "receipts=50", "complete=true");
                // Tern's receipts carry message_state as a TLV: counted by stat word, as a text-only receipt is
                assertThat(out.toString(StandardCharsets.UTF_8)).as("run %d", run)
                        .containsPattern("\\n  DELIVRD: +50\\n").doesNotContain("DELIVERED:");
            }
        }
    }

    @Test
    void thePasswordFileIsReadAndWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), EXAMPLE_PASSWORD + "\n");
        try (Smsc smsc = startExample()) {
            int code = bench(Map.of(BenchCommand.PASSWORD_ENV, "wrong"), "--port",
                    Integer.toString(smsc.ports().get(0)), "--system-id", "acme", "--messages", "10",
                    "--password-file", file.toString());

            assertThat(code).as("stderr: %s", err).isZero();
            assertThat(summary()).contains("sent=10 ok=10", "complete=true");
        }
    }

    @Test
    void aWrongPasswordFromTheEnvironmentIsRefusedByTheSmsc() {
        try (Smsc smsc = startExample()) {
            int code = bench(Map.of(BenchCommand.PASSWORD_ENV, "wrong"), "--port",
                    Integer.toString(smsc.ports().get(0)), "--system-id", "acme", "--messages", "10");

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("bind refused: ESME_RINVPASWD");
        }
    }

    @Test
    void theCommandLinePasswordWinsOverTheEnvironment() {
        BenchCommand bench = new BenchCommand(Map.of(BenchCommand.PASSWORD_ENV, "from-env"));
        new CommandLine(bench).parseArgs("--system-id", "x", "--password", "from-cli");

        assertThat(bench.password()).isEqualTo("from-cli");
    }

    @Test
    void passwordAndPasswordFileTogetherAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "x\n");

        int code = bench(Map.of(), "--system-id", "x", "--password", "a", "--password-file", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --password or --password-file, not both");
    }

    @Test
    void anUnreadablePasswordFileIsNamed() {
        int code = bench(Map.of(), "--system-id", "x", "--password-file", dir.resolve("missing").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--password-file: cannot read",
                dir.resolve("missing").toString());
    }
}
