package io.tern.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a user gets it: unpacked with tar, {@code bin/tern --version}, and the
 * README's quick start from it ({@code bin/tern serve --config examples/tern.yaml}, then a bench
 * run with the example's account).
 */
class TarballIT {

    private static final String VERSION = System.getProperty("tern.project.version");
    private static final Path TARBALL = Path.of(System.getProperty("tern.tarball", "missing"));

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void unpack() {
        assertThat(TARBALL).as("built by the package phase").isRegularFile();
        Processes.run(dir, List.of("tar", "-xzf", TARBALL.toString(), "-C", dir.toString())).ok();
        home = dir.resolve("tern-" + VERSION);
    }

    @Test
    void holdsTheLauncherTheJarTheExampleTheDocsAndTheLicense() throws Exception {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/tern"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(home.resolve("lib/tern.jar")).isRegularFile();
        assertThat(home.resolve("examples/tern.yaml")).isRegularFile();
        assertThat(home.resolve("docs/configuration.md")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("docs/grafana-tern.json")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void binTernVersionPrintsTheProjectVersion() {
        Processes.Result r = Processes.run(dir, List.of(home.resolve("bin/tern").toString(), "--version")).ok();

        assertThat(r.stdout().lines().findFirst()).contains("tern " + VERSION);
    }

    @Test
    void binTernWorksThroughASymlinkElsewhere() throws Exception {
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("links")).resolve("tern"),
                home.resolve("bin/tern"));

        Processes.Result r = Processes.run(dir, List.of(link.toString(), "serve", "--version")).ok();

        assertThat(r.stdout()).startsWith("tern " + VERSION);
    }

    @Test
    void theQuickStartRunsFromTheTarball() throws Exception {
        int port = Processes.freePort();
        Path data = dir.resolve("quick-start-data");
        Path log = dir.resolve("serve.log");
        Process serve = Processes.start(List.of(home.resolve("bin/tern").toString(), "serve", "--config",
                home.resolve("examples/tern.yaml").toString(), "--data", data.toString(), "--port",
                Integer.toString(port))).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !serve.isAlive() || Processes.accepts(port));
            assertThat(serve.isAlive()).as("serve running; its output: %s", Files.readString(log)).isTrue();

            Processes.Result bench = Processes.run(dir, Map.of("TERN_BENCH_PASSWORD", "secret1"),
                    List.of(home.resolve("bin/tern").toString(), "bench", "--port", Integer.toString(port),
                            "--system-id", "acme", "--messages", "20", "--dlr")).ok();
            assertThat(bench.stdout()).contains("sent=20 ok=20", "receipts=20", "complete=true");
        } finally {
            assertThat(Processes.terminate(serve)).as("exit code after SIGTERM").isZero();
        }
        // --data wins over the example's store.path (tern-data beside the file)
        assertThat(data.resolve("tern.db")).isRegularFile();
        assertThat(home.resolve("examples/tern-data")).doesNotExist();
    }
}
