package io.tern.smsc.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.e2e.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CDR files rotated by size and by UTC day, compressed, kept for their retention, with an injected clock. */
class CdrFilesTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:59:00Z"));

    static byte[] line(int i) {
        return ("{\"message_id\":\"m" + i + "\"}\n").getBytes(StandardCharsets.US_ASCII);
    }

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every line of every file, rotated ones (decompressed) first in rotation order, then the active ones. */
    List<String> allLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : names()) {
            if (name.endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name)))) {
                    out.addAll(new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList());
                }
            }
        }
        for (String name : names()) {
            if (name.matches("cdr-\\d{4}-\\d{2}-\\d{2}\\.jsonl")) {
                out.addAll(Files.readAllLines(dir.resolve(name)));
            }
        }
        return out;
    }

    @Test
    void aFullFileIsRotatedCompressedAndNoLineIsLostOrSplit() throws IOException {
        clock.set(Instant.parse("2026-03-01T12:00:00Z"));
        List<String> written = new ArrayList<>();
        try (CdrFiles files = CdrFiles.open(dir, 200, 30, clock)) {
            for (int i = 0; i < 40; i++) {
                files.append(line(i));
                written.add(new String(line(i), StandardCharsets.US_ASCII).strip());
            }
        }

        assertThat(names()).contains("cdr-2026-03-01.1.jsonl.gz", "cdr-2026-03-01.2.jsonl.gz",
                "cdr-2026-03-01.jsonl");
        assertThat(names()).noneMatch(n -> n.endsWith(".tmp") || n.matches(".*\\.\\d+\\.jsonl"));
        for (String name : names()) {
            if (name.endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name)))) {
                    // a file is rotated once it has reached the limit, so it holds at most a line more
                    assertThat(in.readAllBytes().length).isBetween(200, 200 + line(99).length);
                }
            }
        }
        assertThat(allLines()).containsExactlyElementsOf(written);
    }

    @Test
    void theFileOfADayIsRotatedAtMidnightUtc() throws IOException {
        try (CdrFiles files = CdrFiles.open(dir, 1 << 20, 30, clock)) {
            files.append(line(1));
            assertThat(files.activeFile().getFileName().toString()).isEqualTo("cdr-2026-03-01.jsonl");
            clock.set(Instant.parse("2026-03-02T00:00:00Z"));
            files.append(line(2));
            assertThat(files.activeFile().getFileName().toString()).isEqualTo("cdr-2026-03-02.jsonl");
        }

        assertThat(names()).containsExactly("cdr-2026-03-01.1.jsonl.gz", "cdr-2026-03-02.jsonl");
        assertThat(allLines()).containsExactly("{\"message_id\":\"m1\"}", "{\"message_id\":\"m2\"}");
    }

    @Test
    void aFileOfAnEarlierDayIsRotatedWhenTernStartsAndTodaysIsAppendedTo() throws IOException {
        Files.write(dir.resolve("cdr-2026-02-27.jsonl"), line(1));
        Files.write(dir.resolve("cdr-2026-03-01.jsonl"), line(2));

        try (CdrFiles files = CdrFiles.open(dir, 1 << 20, 30, clock)) {
            files.append(line(3));
        }

        assertThat(names()).containsExactly("cdr-2026-02-27.1.jsonl.gz", "cdr-2026-03-01.jsonl");
        assertThat(Files.readAllLines(dir.resolve("cdr-2026-03-01.jsonl"))).hasSize(2);
    }

    @Test
    void aRotationACrashInterruptedIsFinishedOnOpen() throws IOException {
        // renamed but not compressed
        Files.write(dir.resolve("cdr-2026-02-28.1.jsonl"), line(1));
        // compressed and renamed, the plain copy not yet deleted
        Files.write(dir.resolve("cdr-2026-02-28.2.jsonl"), line(2));
        gzip(dir.resolve("cdr-2026-02-28.2.jsonl.gz"), line(2));
        // compression under way
        Files.write(dir.resolve("cdr-2026-02-28.3.jsonl"), line(3));
        Files.write(dir.resolve("cdr-2026-02-28.3.jsonl.gz.tmp"), new byte[] {31});

        CdrFiles.open(dir, 1 << 20, 30, clock).close();

        assertThat(names()).containsExactly("cdr-2026-02-28.1.jsonl.gz", "cdr-2026-02-28.2.jsonl.gz",
                "cdr-2026-02-28.3.jsonl.gz");
        assertThat(allLines()).containsExactly("{\"message_id\":\"m1\"}", "{\"message_id\":\"m2\"}",
                "{\"message_id\":\"m3\"}");
    }

    @Test
    void rotatedFilesOlderThanTheRetentionAreDeleted() throws IOException {
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        try (CdrFiles files = CdrFiles.open(dir, 1 << 20, 2, clock)) {
            for (int day = 0; day < 5; day++) {
                files.append(line(day));
                clock.advance(Duration.ofDays(1));
            }
            files.append(line(5));
        }

        // now 2026-03-06: kept are the days from 03-04 on
        assertThat(names()).containsExactly("cdr-2026-03-04.1.jsonl.gz", "cdr-2026-03-05.1.jsonl.gz",
                "cdr-2026-03-06.jsonl");
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
