package io.tern.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package: its file list, modes, conffiles and control fields as dpkg-deb reads them;
 * its systemd unit; and, as root where dpkg is installed, a real install: the tern user, the data
 * directory, Tern started from the installed files as that user (not through systemctl, which a CI
 * container does not run), a benchmark against the installed example configuration, and a purge
 * that leaves nothing behind.
 */
class DebianPackageIT {

    private static final Path DEB = Path.of(System.getProperty("tern.deb", "missing"));
    private static final String VERSION = System.getProperty("tern.project.version");
    /** One line of {@code dpkg-deb -c}: mode, owner/group, size, date, time, path. */
    private static final Pattern ENTRY = Pattern.compile("(\\S+)\\s+(\\S+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\./(.*)");

    @TempDir
    static Path dir;

    private record Entry(String mode, String owner) {
    }

    static Map<String, Entry> entries;

    @BeforeAll
    static void list() {
        assertThat(DEB).as("built by the package phase").isRegularFile();
        assumeTrue(Processes.onPath("dpkg-deb"), "dpkg-deb is not installed");
        entries = Processes.run(dir, List.of("dpkg-deb", "-c", DEB.toString())).ok().stdout().lines()
                .map(ENTRY::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(3), m -> new Entry(m.group(1), m.group(2))));
    }

    @Test
    void installsTheLauncherTheJarTheConfigurationTheUnitAndThePrivateDataDirectory() {
        assertThat(entries).containsEntry("usr/bin/tern", new Entry("-rwxr-xr-x", "root/root"))
                .containsEntry("usr/share/tern/tern.jar", new Entry("-rw-r--r--", "root/root"))
                .containsEntry("etc/tern/tern.yaml", new Entry("-rw-r-----", "root/root"))
                .containsEntry("lib/systemd/system/tern.service", new Entry("-rw-r--r--", "root/root"))
                .containsEntry("var/lib/tern/", new Entry("drwx------", "root/root"))
                .containsEntry("usr/share/doc/tern/copyright", new Entry("-rw-r--r--", "root/root"))
                .containsKeys("usr/share/doc/tern/README.md", "usr/share/doc/tern/docs/operations.md");
    }

    @Test
    void controlFieldsNameThePackageItsVersionAndItsJavaRuntime() {
        String control = Processes.run(dir, List.of("dpkg-deb", "-f", DEB.toString())).ok().stdout();

        assertThat(control).contains("Package: tern\n", "Version: " + VERSION.replace('-', '~') + "\n",
                "Architecture: all\n", "Section: net\n");
        assertThat(control.lines().filter(l -> l.startsWith("Depends: "))).singleElement().asString()
                .contains("java17-runtime-headless");
    }

    @Test
    void theConfigurationIsAConffileAndTheMaintainerScriptsAreExecutable() {
        String conffiles = Processes.run(dir, List.of("dpkg-deb", "-I", DEB.toString(), "conffiles")).ok().stdout();
        String info = Processes.run(dir, List.of("dpkg-deb", "-I", DEB.toString())).ok().stdout();

        assertThat(conffiles.lines()).containsExactly("/etc/tern/tern.yaml");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            // dpkg-deb -I marks executable control members with a '*'
            assertThat(info).containsPattern("\\*\\s+" + script + "\\s+#!/bin/sh");
        }
    }

    @Test
    void theUnitRunsTernAsTernWithTheDataDirectoryAndTheSandbox() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("unpacked"));
        Processes.run(dir, List.of("dpkg-deb", "-x", DEB.toString(), tree.toString())).ok();

        List<String> unit = Files.readAllLines(tree.resolve("lib/systemd/system/tern.service"));

        assertThat(unit).contains("User=tern",
                "ExecStart=/usr/bin/tern serve --config /etc/tern/tern.yaml --data /var/lib/tern",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "ReadWritePaths=/var/lib/tern", "CapabilityBoundingSet=", "WantedBy=multi-user.target");
        assertThat(unit).noneMatch(l -> l.startsWith("MemoryDenyWriteExecute"));
    }

    @Test
    void installedTernRunsAsTheTernUserAndThePurgeLeavesNothing() throws Exception {
        assumeTrue(Processes.isRoot(), "installing a package needs root");
        assumeTrue(Processes.onPath("dpkg") && Processes.onPath("runuser"), "dpkg or runuser is not installed");
        // never touch an installation this test did not make
        String status = Processes.run(dir, List.of("dpkg-query", "-W", "-f=${Status}", "tern")).stdout();
        assumeTrue(status.isEmpty() || status.endsWith(" not-installed"), "a tern package is on this machine: "
                + status);
        boolean userExisted = Processes.run(dir, List.of("getent", "passwd", "tern")).exitCode() == 0;
        boolean groupExisted = Processes.run(dir, List.of("getent", "group", "tern")).exitCode() == 0;
        List<Process> started = new ArrayList<>();
        try {
            install();

            assertThat(Processes.run(dir, List.of("dpkg-query", "-W", "-f=${Status} ${Version}", "tern")).ok()
                    .stdout()).isEqualTo("install ok installed " + VERSION.replace('-', '~'));
            assertThat(Processes.run(dir, List.of("getent", "passwd", "tern")).ok().stdout())
                    .contains(":/var/lib/tern:/usr/sbin/nologin");
            PosixFileAttributes data = Files.readAttributes(Path.of("/var/lib/tern"), PosixFileAttributes.class);
            assertThat(data.owner().getName()).isEqualTo("tern");
            assertThat(PosixFilePermissions.toString(data.permissions())).isEqualTo("rwx------");
            PosixFileAttributes conf = Files.readAttributes(Path.of("/etc/tern/tern.yaml"),
                    PosixFileAttributes.class);
            assertThat(conf.group().getName()).isEqualTo("tern");
            assertThat(PosixFilePermissions.toString(conf.permissions())).isEqualTo("rw-r-----");
            assertThat(Processes.run(dir, List.of("/usr/bin/tern", "--version")).ok().stdout())
                    .startsWith("tern " + VERSION);

            int port = Processes.freePort();
            Path log = dir.resolve("serve.log");
            // the unit's command line, plus a free port
            Process serve = Processes.start(List.of("runuser", "-u", "tern", "--", "/usr/bin/tern", "serve",
                    "--config", "/etc/tern/tern.yaml", "--data", "/var/lib/tern", "--port", Integer.toString(port)))
                    .directory(Path.of("/").toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            started.add(serve);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !serve.isAlive() || Processes.accepts(port));
            assertThat(serve.isAlive()).as("serve running; its output: %s", Files.readString(log)).isTrue();

            Processes.Result bench = Processes.run(dir, Map.of("TERN_BENCH_PASSWORD", "secret1"),
                    List.of("/usr/bin/tern", "bench", "--port", Integer.toString(port), "--system-id", "acme",
                            "--messages", "20", "--dlr")).ok();
            assertThat(bench.stdout()).contains("sent=20 ok=20", "receipts=20", "complete=true");

            // a second Tern as tern on a directory it may not write: one line naming it, no stack trace
            Processes.Result readOnly = Processes.run(dir, List.of("runuser", "-u", "tern", "--", "/usr/bin/tern",
                    "serve", "--config", "/etc/tern/tern.yaml", "--data", "/usr/share/tern", "--port", "0"));
            assertThat(readOnly.exitCode()).isEqualTo(1);
            assertThat(readOnly.stderr()).doesNotContain("Exception", "\tat ")
                    .contains("tern: cannot start: data directory /usr/share/tern is not usable: cannot make it"
                            + " private (0700): operation not permitted");

            assertThat(Processes.terminate(serve)).as("exit code after SIGTERM; output: %s", Files.readString(log))
                    .isZero();
            assertThat(Path.of("/var/lib/tern/tern.db")).isRegularFile();
            assertThat(Files.getOwner(Path.of("/var/lib/tern/tern.db")).getName()).isEqualTo("tern");
            assertThat(Path.of("/etc/tern/tern-data")).doesNotExist();

            Processes.run(dir, List.of("dpkg", "--purge", "tern")).ok();

            assertThat(Path.of("/usr/bin/tern")).doesNotExist();
            assertThat(Path.of("/usr/share/tern")).doesNotExist();
            assertThat(Path.of("/var/lib/tern")).doesNotExist();
            assertThat(Path.of("/etc/tern")).doesNotExist();
            assertThat(Path.of("/lib/systemd/system/tern.service")).doesNotExist();
        } finally {
            for (Process p : started) {
                if (p.isAlive()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            Processes.run(dir, List.of("dpkg", "--purge", "tern"));
            if (!userExisted) {
                Processes.run(dir, List.of("userdel", "tern"));
            }
            if (!groupExisted) {
                Processes.run(dir, List.of("groupdel", "tern"));
            }
        }
        assertThat(Processes.run(dir, List.of("getent", "passwd", "tern")).exitCode())
                .as("the tern user is gone again").isEqualTo(userExisted ? 0 : 2);
    }

    /** dpkg -i; where the Java runtime is not a Debian package (a JDK unpacked by hand), --force-depends. */
    private static void install() {
        Processes.Result r = Processes.run(dir, List.of("dpkg", "-i", DEB.toString()));
        if (r.exitCode() != 0 && r.stderr().contains("dependency problems")) {
            Processes.run(dir, List.of("dpkg", "--purge", "tern"));
            r = Processes.run(dir, List.of("dpkg", "-i", "--force-depends", DEB.toString()));
        }
        r.ok();
    }
}
