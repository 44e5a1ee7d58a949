package io.tern.smsc.cdr;

import io.tern.smsc.config.TernConfig;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.SqliteStoreConfig;
import io.tern.smsc.store.StoredAddress;
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
        double[][] rates = new double[Mode.values().length][rounds];
        double[][] cpu = new double[Mode.values().length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (Mode m : Mode.values()) {
                double[] result = round(dir.resolve(m + "-" + r), total, m);
                rates[m.ordinal()][r] = result[0];
                cpu[m.ordinal()][r] = result[1];
            }
        }
        double[] rate = medians(rates);
        double[] writer = medians(cpu);
        System.out.printf("median rate: without CDRs %.0f msg/s; outbox only %.0f msg/s (%.2fx); with CDRs %.0f msg/s"
                + " (%.2fx)%n", rate[0], rate[1], rate[1] / rate[0], rate[2], rate[2] / rate[0]);
        System.out.printf("median store-writer CPU per message: without CDRs %.1f us; outbox only %.1f us (%.2fx);"
                + " with CDRs %.1f us (%.2fx)%n", writer[0], writer[1], writer[1] / writer[0], writer[2],
                writer[2] / writer[0]);
    }

    private static double[] medians(double[][] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i].clone();
            java.util.Arrays.sort(v);
            out[i] = v[v.length / 2];
        }
        return out;
    }

    /** CPU time of the store's writer threads so far: what the message path pays per commit, whatever the load. */
    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("tern-store-writer")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** Without CDRs; with the outbox filled but nobody writing records; with the CDR writer. */
    private enum Mode { OFF, OUTBOX, CDR }

    /** One round on a fresh database: messages made final per second, and store-writer CPU µs per message. */
    private static double[] round(Path dir, int total, Mode mode) throws Exception {
        boolean cdrs = mode == Mode.CDR;
        Files.createDirectories(dir);
        Instant now = Instant.now();
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        try (SqliteMessageStore store = new SqliteMessageStore(
                new SqliteStoreConfig(dir.resolve("bench.db"), 10_000, 1_000, 2), Clock.systemUTC())) {
            store.keepFinalOutcomes(mode != Mode.OFF).get(30, TimeUnit.SECONDS);
            CdrWriter writer = cdrs ? CdrWriter.start(store, new TernConfig.Cdr(dir.resolve("cdr"), 100L << 20,
                    Duration.ofDays(30), 1000, Duration.ofMillis(200)), Clock.systemUTC()) : null;
            long cpuBefore = writerCpuNanos();
            long start = System.nanoTime();
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers[p] = new Thread(() -> {
                    for (int i = producer; i < total; i += PRODUCERS) {
                        inFlight.acquireUninterruptibly();
                        String id = String.format("%016x", i);
                        StoredMessage m = StoredMessage.submitted(id, "BENCH", new StoredAddress(5, 0, "TERN"),
                                new StoredAddress(1, 1, "4477009" + (i % 100_000)), "", 0, 0, 0, 0, 1, text, new byte[0],
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
            double cpuMicros = (writerCpuNanos() - cpuBefore) / 1e3 / completed;
            long records = 0;
            if (writer != null) {
                long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
                while (writer.written() < completed - failed.get() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                records = writer.written();
                writer.close();
            }
            System.out.printf("%-6s: %d messages final in %.2f s = %.0f msg/s, store writer %.1f us CPU each (failed %d%s)%s%n",
                    mode, completed, seconds, rate, cpuMicros, failed.get(),
                    finished ? "" : ", round limit reached",
                    cdrs ? ", records written " + records + " in " + String.format("%.2f", (System.nanoTime() - start) / 1e9)
                            + " s" : "");
            return new double[] {rate, cpuMicros};
        }
    }
}
