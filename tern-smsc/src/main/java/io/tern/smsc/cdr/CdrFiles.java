package io.tern.smsc.cdr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The CDR files of one directory: records are appended to {@code cdr-DAY.jsonl} (DAY the UTC date),
 * which is rotated when it reaches its size limit and when the day changes: renamed to
 * {@code cdr-DAY.N.jsonl}, then compressed to {@code cdr-DAY.N.jsonl.gz} and the plain copy removed.
 * Each step is a rename or a new file, so a crash at any point leaves every record in a file;
 * {@link #open} finishes an interrupted rotation. Rotated files older than the retention are
 * deleted. Not thread-safe: the CDR writer's thread owns it.
 */
final class CdrFiles implements AutoCloseable {

    private static final Pattern ACTIVE = Pattern.compile("cdr-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
    private static final Pattern ROTATED = Pattern.compile("cdr-(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.jsonl(\\.gz)?");

    private final Path directory;
    private final long maxFileSize;
    private final int retentionDays;
    private final Clock clock;
    private LocalDate day;
    private FileChannel channel;
    private long size;

    private CdrFiles(Path directory, long maxFileSize, int retentionDays, Clock clock) {
        this.directory = directory;
        this.maxFileSize = maxFileSize;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    /**
     * Opens the directory (creating it): rotations a crash interrupted are finished, a file of an
     * earlier day is rotated, today's file is appended to.
     */
    static CdrFiles open(Path directory, long maxFileSize, int retentionDays, Clock clock) throws IOException {
        Files.createDirectories(directory);
        CdrFiles files = new CdrFiles(directory, maxFileSize, retentionDays, clock);
        files.recover();
        return files;
    }

    private void recover() throws IOException {
        LocalDate today = today();
        for (Path p : list()) {
            if (p.getFileName().toString().endsWith(".tmp")) {
                Files.delete(p); // a compression that did not finish: its plain file is still there
            }
        }
        for (Path p : list()) {
            String name = p.getFileName().toString();
            Matcher active = ACTIVE.matcher(name);
            Matcher rotated = ROTATED.matcher(name);
            if (active.matches() && !LocalDate.parse(active.group(1)).equals(today)) {
                compress(rename(p, LocalDate.parse(active.group(1))));
            } else if (rotated.matches() && rotated.group(3) == null) {
                Path gz = p.resolveSibling(name + ".gz");
                if (Files.exists(gz)) {
                    Files.delete(p); // compressed and renamed before the crash: the plain copy is left over
                } else {
                    compress(p);
                }
            }
        }
        deleteExpired();
    }

    /** Appends {@code records} (whole lines) and syncs them to disk, rotating first when due. */
    void append(byte[] records) throws IOException {
        LocalDate today = today();
        if (channel != null && (!today.equals(day) || size >= maxFileSize)) {
            rotate();
        }
        if (channel == null) {
            day = today;
            channel = FileChannel.open(activeFile(today), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            size = channel.size();
            syncDirectory();
            if (size >= maxFileSize) {
                rotate();
                append(records);
                return;
            }
        }
        ByteBuffer b = ByteBuffer.wrap(records);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            // no half line stays behind to break the next record (the disk filled up mid-write)
            channel.truncate(size);
            throw e;
        }
        size += records.length;
    }

    /** The file records are appended to now, for tests and operators. */
    Path activeFile() {
        return activeFile(day != null ? day : today());
    }

    private Path activeFile(LocalDate d) {
        return directory.resolve("cdr-" + d + ".jsonl");
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        compress(rename(activeFile(day), day));
        deleteExpired();
    }

    /** Renames the active file of {@code d} to the next free rotated name of that day. */
    private Path rename(Path active, LocalDate d) throws IOException {
        int n = 0;
        for (Path p : list()) {
            Matcher m = ROTATED.matcher(p.getFileName().toString());
            if (m.matches() && LocalDate.parse(m.group(1)).equals(d)) {
                n = Math.max(n, Integer.parseInt(m.group(2)));
            }
        }
        Path target = directory.resolve("cdr-" + d + "." + (n + 1) + ".jsonl");
        Files.move(active, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        return target;
    }

    /** {@code plain} to {@code plain.gz}, synced before the rename that makes it visible; then plain goes. */
    private void compress(Path plain) throws IOException {
        Path tmp = plain.resolveSibling(plain.getFileName() + ".gz.tmp");
        try (InputStream in = Files.newInputStream(plain);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        }
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, plain.resolveSibling(plain.getFileName() + ".gz"), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        Files.delete(plain);
    }

    /** Makes the directory's entries (a new file, a rename) survive a power loss, not only a crash. */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Deletes rotated files of days that ended more than the retention ago. */
    private void deleteExpired() throws IOException {
        LocalDate oldestKept = today().minusDays(retentionDays);
        for (Path p : list()) {
            Matcher m = ROTATED.matcher(p.getFileName().toString());
            if (m.matches() && m.group(3) != null && LocalDate.parse(m.group(1)).isBefore(oldestKept)) {
                Files.delete(p);
            }
        }
    }

    private List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "cdr-*")) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
