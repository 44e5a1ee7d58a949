package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running SMSC's data directory is its user's only (issue 15, defect 7): the directory 0700,
 * the database, its WAL and shared-memory files and the lock 0600, also when an older Tern (or a
 * umask of 000) left the directory open to everyone.
 */
class DataDirectoryPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void theDataDirectoryAndEveryFileInItAreReadableByTernsUserOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

        try (TestSmsc tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '44*', behaviour: deliver}
                """)) {
            Esme alice = tern.bind("alice", BindType.BIND_TRX);
            alice.submit("12345", "447700900001", "private", 1);
            alice.nextReceipt();
            // tern status reads this one; written every two seconds from start
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.exists(data.resolve("status.json")));

            assertThat(PrivateFilesModes.of(data)).isEqualTo(Map.of(
                    "status.json", "rw-------",
                    ".", "rwx------",
                    "tern.db", "rw-------",
                    "tern.db-wal", "rw-------",
                    "tern.db-shm", "rw-------",
                    "tern.lock", "rw-------"));
        }
    }

    /** The mode of a directory and of every file in it, by name. */
    private static final class PrivateFilesModes {
        static Map<String, String> of(Path dir) throws Exception {
            Map<String, String> modes = new TreeMap<>();
            modes.put(".", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    modes.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                }
            }
            return modes;
        }
    }
}
