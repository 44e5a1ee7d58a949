package io.tern.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's permissions (issue 15, defect 7). Files left by a umask of 000 (0777 and
 * 0666) stand for any umask: whatever it was, the result must be 0700 and 0600.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDirectoryAndItsMissingParentsAreCreatedAndTheDirectoryIsPrivate() throws Exception {
        Path data = dir.resolve("a/b/data");

        PrivateFiles.createDirectory(data);

        assertThat(data).isDirectory();
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryOpenToEveryoneIsMadePrivate() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

        PrivateFiles.createDirectory(data);

        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void filesAreCreatedPrivateAndExistingOnesKeepTheirContentAndBecomePrivate() throws Exception {
        Path fresh = dir.resolve("fresh");
        Path old = Files.writeString(dir.resolve("old"), "kept");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw-rw-"));

        PrivateFiles.createFile(fresh);
        PrivateFiles.createFile(old);
        PrivateFiles.restrict(dir.resolve("absent"));

        assertThat(mode(fresh)).isEqualTo("rw-------");
        assertThat(mode(old)).isEqualTo("rw-------");
        assertThat(old).hasContent("kept");
        assertThat(dir.resolve("absent")).doesNotExist();
    }

    @Test
    void writtenFilesArePrivate() throws Exception {
        Path file = dir.resolve("generated-account.txt");

        PrivateFiles.writeString(file, "$2a$10$hash\n");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(file).hasContent("$2a$10$hash");
    }
}
