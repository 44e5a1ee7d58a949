package io.tern.smsc.cdr;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.store.Address;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What call detail records cost the message path: the SQLite store's rate of messages taken through
 * their whole store life (insert, then the Delivered outcome that makes them final) by 8 producers
 * with at most 2,000 in flight, without CDRs and with them (the outbox trigger on and the CDR writer
 * draining it to a file at the same time), in alternating rounds on fresh databases in one JVM. A
 * program, not a test; prints each round and the ratio of the medians.
 *
 * <p>Usage: {@code CdrBench [messages per round] [rounds of each] [directory]}; defaults 100,000, 3,
 * a fresh temp directory.
 */
public final class CdrBench {

    private static final int PRODUCERS = 8;
    private static final int IN_FLIGHT = 2_000;
    /** Every round gives up after this long, finished or not. */
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);

    private CdrBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("tern-cdr");
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            without[r] = round(dir.resolve("off-" + r), total, false);
            with[r] = round(dir.resolve("on-" + r), total, true);
        }
        java.util.Arrays.sort(without);
        java.util.Arrays.sort(with);
        double a = without[rounds / 2];
        double b = with[rounds / 2];
        System.out.printf("median: without CDRs %.0f msg/s, with CDRs %.0f msg/s, ratio %.2f%n", a, b, b / a);
    }

    /** One round on a fresh database; messages made final per second. */
    private static double round(Path dir, int total, boolean cdrs) throws Exception {
        Files.createDirectories(dir);
        Instant now = Instant.now();
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        try (SqliteMessageStore store = new SqliteMessageStore(
                new SqliteStoreConfig(dir.resolve("bench.db"), 10_000, 1_000, 2), Clock.systemUTC())) {
            store.keepFinalOutcomes(cdrs).get(30, TimeUnit.SECONDS);
            CdrWriter writer = cdrs ? CdrWriter.start(store, new TernConfig.Cdr(dir.resolve("cdr"), 100L << 20,
                    Duration.ofDays(30), 1000, Duration.ofMillis(200)), Clock.systemUTC()) : null;
            long start = System.nanoTime();
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers[p] = new Thread(() -> {
                    for (int i = producer; i < total; i += PRODUCERS) {
                        inFlight.acquireUninterruptibly();
                        String id = String.format("%016x", i);
                        StoredMessage m = StoredMessage.submitted(id, "BENCH", new Address(5, 0, "TERN"),
                                new Address(1, 1, "4477009" + (i % 100_000)), "", 0, 0, 0, 0, 1, text, new byte[0],
                                null, "sim", now, null, now.plus(Duration.ofDays(1)), null);
                        store.insert(m)
                                .thenCompose(v -> store.recordAttempt(id, new Attempt.Delivered(Instant.now())))
                                .whenComplete((v, t) -> {
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
            boolean finished = done.await(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long completed = total - done.getCount();
            double rate = completed / seconds;
            long records = 0;
            if (writer != null) {
                long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
                while (writer.written() < completed - failed.get() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                records = writer.written();
                writer.close();
            }
            System.out.printf("%s CDRs: %d messages final in %.2f s = %.0f msg/s (failed %d%s)%s%n",
                    cdrs ? "with   " : "without", completed, seconds, rate, failed.get(),
                    finished ? "" : ", round limit reached",
                    cdrs ? ", records written " + records + " in " + String.format("%.2f", (System.nanoTime() - start) / 1e9)
                            + " s" : "");
            return rate;
        }
    }
}
