package io.tern.smsc.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration database is the first to open a new data directory: its file is private from the start. */
class AdminStoreFilesTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path data = dir.resolve("data");

        AdminStore.open(ConfigLoader.defaults(data).store());

        // SQLite alone creates it with the umask's permissions (rw-r--r-- under 022)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tern.db"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }
}
