package io.tern.smsc.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the SQLite store's acknowledged insert rate under group commit: 8 producers with at most
 * 2,000 inserts in flight, as many SMPP sessions with their windows would. A program, not a test.
 *
 * <p>Usage: {@code StoreBench [messages] [directory]}; defaults 200,000 and a fresh temp directory.
 */
public final class StoreBench {

    private static final int PRODUCERS = 8;
    private static final int IN_FLIGHT = 2_000;

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("tern-bench");
        SqliteStoreConfig config = new SqliteStoreConfig(dir.resolve("bench.db"), 10_000, 1_000, 2);
        Instant now = Instant.now();
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);

        try (SqliteMessageStore store = new SqliteMessageStore(config, Clock.systemUTC())) {
            long commitsBefore = store.commits();
            long start = System.nanoTime();
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers[p] = new Thread(() -> {
                    for (int i = producer; i < total; i += PRODUCERS) {
                        inFlight.acquireUninterruptibly();
                        StoredMessage m = StoredMessage.submitted(String.format("%016x", i), "BENCH",
                                new StoredAddress(5, 0, "TERN"), new StoredAddress(1, 1, "4477009" + (i % 100_000)), "",
                                0, 0, 0, 0, 1, text, new byte[0], null, "esme:BENCH", now, null,
                                now.plus(Duration.ofDays(1)), null);
                        store.insert(m).whenComplete((v, t) -> {
                            if (t != null) {
                                failed.incrementAndGet();
                            }
                            inFlight.release();
                            done.countDown();
                        });
                    }
                }, "producer-" + p);
                producers[p].start();
            }
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            long commits = store.commits() - commitsBefore;
            System.out.printf("messages %,d in %.2f s (%d producers, %,d in flight, %s)%n", total, seconds,
                    PRODUCERS, IN_FLIGHT, config);
            System.out.printf("inserts/s %,.0f  commits/s %,.0f  rows/commit %.0f  failed %,d%n",
                    (total - failed.get()) / seconds, commits / seconds, (double) total / commits, failed.get());
        }
    }
}
