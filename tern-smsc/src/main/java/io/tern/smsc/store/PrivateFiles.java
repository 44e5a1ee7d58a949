package io.tern.smsc.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and its files for Tern's user only, 0700 and 0600 whatever the umask: they hold
 * every message's text and addresses and the generated account's password hash. Files are created
 * with these permissions (never readable by others, not even for an instant) and set to them
 * explicitly afterwards, which also tightens a directory left by an older Tern. On a file system
 * without POSIX permissions it only creates.
 */
public final class PrivateFiles {

    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} if absent (missing parents get the usual permissions) and makes it 0700. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                if (posix(dir.toAbsolutePath().getParent())) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // created meanwhile, or a file of that name: set() below or the caller's next step says so
            }
        }
        set(dir, DIRECTORY);
    }

    /** Creates {@code file} empty if absent, and makes it 0600. */
    public static void createFile(Path file) throws IOException {
        try {
            if (posix(file.toAbsolutePath().getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is, only its permissions change
        }
        set(file, FILE);
    }

    /** Makes {@code file} 0600 if it exists (SQLite's -wal and -shm come and go). */
    public static void restrict(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            set(file, FILE);
        }
    }

    /** Writes {@code text} to {@code file}, created 0600 before anything is written. */
    public static void writeString(Path file, String text) throws IOException {
        createFile(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private static boolean posix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static void set(Path path, Set<PosixFilePermission> wanted) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> was = view.readAttributes().permissions();
        if (!was.equals(wanted)) {
            view.setPermissions(wanted);
            log.info("{} was {}, now {}: readable by this user only", path, PosixFilePermissions.toString(was),
                    PosixFilePermissions.toString(wanted));
        }
    }
}
