package io.tern.interop;

import io.tern.smsc.account.AccountService;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14's backlog target: with millions of messages queued for an ESME that is not bound, how
 * long {@code tern serve} takes to start and how much memory it holds. A program, not a test.
 *
 * <p>It fills a fresh data directory through the SQLite store (every message for
 * {@code esme:backlog}, an account that never binds), then starts {@code tern serve} on it in a
 * child JVM with the JDK's default options, as a user would, and prints: the time from the process
 * start to its listening line, its resident memory (VmRSS) then and after {@code idleSeconds} of
 * idling with the backlog, and the CPU it used while idle (status file, metrics and due scans over
 * the backlog).
 *
 * <pre>
 * java -cp tern-interop/target/test-classes:tern-interop/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.interop.BacklogBench [messages=5000000] [idleSeconds=30]
 * </pre>
 */
public final class BacklogBench {

    private static final String PASSWORD = "backlog1";
    private static final int BATCH = 10_000;

    private BacklogBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("tern-backlog-bench");
        Path data = dir.resolve("data");
        Files.createDirectories(data);

        long fillStarted = System.nanoTime();
        fill(data, total);
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
        long dbBytes = Files.size(data.resolve("tern.db"));
        System.out.printf(Locale.ROOT, "backlog-bench: filled messages=%d in %.1f s (%.0f msg/s), tern.db %.0f MB, dir=%s%n",
                total, fillSeconds, total / fillSeconds, dbBytes / 1e6, dir);

        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, String.join("\n",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "store: {path: '" + data.toAbsolutePath() + "'}",
                "accounts:",
                "  - {system_id: backlog, password_hash: '" + AccountService.hash(PASSWORD) + "'}",
                ""));
        long started = System.nanoTime();
        TernProcess tern = TernProcess.start(config, dir.resolve("tern-serve.log"), Duration.ofMinutes(5), List.of());
        try {
            double startSeconds = (System.nanoTime() - started) / 1e9;
            long rssAtStart = rssKb(tern.pid());
            long cpuBefore = cpuTicks(tern.pid());
            long idleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleSeconds);
            long maxRss = rssAtStart;
            while (System.nanoTime() < idleUntil) {
                Thread.sleep(1_000); // sampling memory once a second, not waiting for an outcome
                maxRss = Math.max(maxRss, rssKb(tern.pid()));
            }
            long cpuIdle = cpuTicks(tern.pid()) - cpuBefore;
            System.out.printf(Locale.ROOT, "backlog-bench: messages=%d start_s=%.2f rss_at_start_mb=%.0f"
                    + " rss_max_idle_mb=%.0f idle_s=%d idle_cpu_s=%.2f (%.1f %% of a core)%n", total, startSeconds,
                    rssAtStart / 1024.0, maxRss / 1024.0, idleSeconds, cpuIdle / 100.0,
                    cpuIdle / 100.0 / idleSeconds * 100);
        } finally {
            tern.close();
        }
    }

    private static void fill(Path data, int total) throws Exception {
        Instant now = Instant.now();
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        try (SqliteMessageStore store = new SqliteMessageStore(
                new SqliteStoreConfig(data.resolve("tern.db"), 100, BATCH, 2), Clock.systemUTC())) {
            List<StoredMessage> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < total; i++) {
                batch.add(StoredMessage.submitted(String.format("%016x", 0x100000000000L + i), "backlog",
                        new StoredAddress(5, 0, "TERN"), new StoredAddress(1, 1, "4477009" + (i % 100_000)), "", 0, 0,
                        0, 0, 1, text, new byte[0], null, "esme:backlog", now, null, now.plus(Duration.ofDays(2)),
                        null));
                if (batch.size() == BATCH) {
                    store.insertAll(batch).join();
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                store.insertAll(batch).join();
            }
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** utime+stime of the process, in clock ticks (USER_HZ 100). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
