package io.tern.smsc.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * What the message table's indexes cost the store writer: the full loop's three writes per message
 * (inserted leased, delivered with the receipt leased, receipt handed over), window 400, in a fresh
 * store with every index, and in one where the indexes named on the command line were dropped after
 * the migrations; the two alternate, which goes first changing every round. Prints the writer
 * thread's CPU per message. A program, not a test: the store without those indexes is for measuring
 * only (they serve the scheduler, expiry, cancel_sm and retention).
 *
 * <p>Usage: {@code IndexCostBench messages rounds index[,index...]}, e.g.
 * {@code IndexCostBench 100000 4 message_match,message_expiry}.
 */
public final class IndexCostBench {
    public static void main(String[] args) throws Exception {
        int total = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String[] drops = args.length > 2 ? args[2].split(",") : new String[0];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            for (boolean drop : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                Path dir = Files.createTempDirectory("tern-index-bench");
                try (SqliteMessageStore store = new SqliteMessageStore(
                        new SqliteStoreConfig(dir.resolve("bench.db"), 10_000, 2_000, 2), Clock.systemUTC())) {
                    if (drop) {
                        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bench.db"));
                                Statement s = c.createStatement()) {
                            for (String d : drops) {
                                s.execute("DROP INDEX " + d);
                            }
                        }
                    }
                    Thread writer = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("tern-store-writer")).findFirst().orElseThrow();
                    byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
                    Instant now = Instant.now();
                    long cpu0 = threads.getThreadCpuTime(writer.getId());
                    long t0 = System.nanoTime();
                    Semaphore room = new Semaphore(400);
                    List<CompletableFuture<?>> last = new ArrayList<>();
                    for (int i = 0; i < total; i++) {
                        String id = String.format("%016x", i);
                        StoredMessage m = StoredMessage.submitted(id, "BENCH", new StoredAddress(5, 0, "TERN"),
                                new StoredAddress(1, 1, "4477009" + (i % 100_000)), "", 0, 0, 0, 0, 1, text,
                                new byte[0], null, "sim:handsets", now, null, now.plus(Duration.ofDays(1)), null);
                        room.acquireUninterruptibly();
                        Instant lease = Instant.now().plusSeconds(60);
                        CompletableFuture<?> f = store.insertLeased(m, lease)
                                .thenCompose(v -> store.recordAttempt(id, new Attempt.Delivered(Instant.now()), lease))
                                .thenCompose(r -> store.recordReceiptAttempt(id, new ReceiptAttempt.Sent(Instant.now())))
                                .whenComplete((v, e) -> {
                                    if (e != null) {
                                        e.printStackTrace();
                                    }
                                    room.release();
                                });
                        if (i >= total - 400) {
                            last.add(f);
                        }
                    }
                    CompletableFuture.allOf(last.toArray(new CompletableFuture[0])).join();
                    long cpu = threads.getThreadCpuTime(writer.getId()) - cpu0;
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "round %d %s writer_cpu_us=%.2f per_s=%.0f%n", round,
                            drop ? "dropped" : "all    ", cpu / 1e3 / total, total / s);
                }
            }
        }
    }
}
