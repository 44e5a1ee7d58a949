package io.tern.smsc.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The retention purge against the writes queued behind it: a store holding {@code old} final
 * messages past the retention (delivered with a receipt handed over, one history row each), then
 * the purge started while a client inserts one message a millisecond; prints how long the purge
 * took, the inserts' latency during it (p50, p99, max) and the WAL's size after it. A program, not
 * a test.
 *
 * <p>Usage: {@code PurgeStallBench [old=200000] [rounds=2]}.
 */
public final class PurgeStallBench {

    private PurgeStallBench() {
    }

    public static void main(String[] args) throws Exception {
        int old = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        for (int round = 1; round <= rounds; round++) {
            Path dir = Files.createTempDirectory("tern-purge-bench");
            try (SqliteMessageStore store = new SqliteMessageStore(
                    new SqliteStoreConfig(dir.resolve("bench.db"), 100_000, 2_000, 2), Clock.systemUTC())) {
                Instant then = Instant.now().minus(Duration.ofDays(4));
                List<StoredMessage> batch = new ArrayList<>();
                for (int i = 0; i < old; i++) {
                    batch.add(message(String.format("o%015x", i), text, then));
                    if (batch.size() == 1000 || i == old - 1) {
                        store.insertAll(batch).join();
                        batch.clear();
                    }
                }
                Semaphore room = new Semaphore(400);
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < old; i++) {
                    String id = String.format("o%015x", i);
                    room.acquireUninterruptibly();
                    all.add(store.recordAttempt(id, new Attempt.Delivered(then), then.plusSeconds(60))
                            .thenCompose(r -> store.recordReceiptAttempt(id, new ReceiptAttempt.Sent(then)))
                            .whenComplete((v, e) -> room.release()));
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();

                long commits = store.commits();
                long started = System.nanoTime();
                CompletableFuture<Integer> purge = store.purgeFinalBefore(Instant.now().minus(Duration.ofDays(3)));
                List<Long> latencies = new ArrayList<>();
                List<CompletableFuture<?>> inserts = new ArrayList<>();
                int n = 0;
                while (!purge.isDone() || n < 100) {
                    long t = System.nanoTime();
                    inserts.add(store.insert(message(String.format("n%015x", n++), text, Instant.now()))
                            .thenRun(() -> {
                                synchronized (latencies) {
                                    latencies.add(System.nanoTime() - t);
                                }
                            }));
                    Thread.sleep(1);
                }
                int purged = purge.join();
                double took = (System.nanoTime() - started) / 1e9;
                CompletableFuture.allOf(inserts.toArray(new CompletableFuture[0])).join();
                long[] l;
                synchronized (latencies) {
                    l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                }
                System.out.printf(Locale.ROOT, "purge-stall-bench: round %d purged=%d of %d in %.2f s, %d commits;"
                        + " %d inserts meanwhile: p50 %.2f ms p99 %.2f ms max %.2f ms; wal %.1f MB%n", round, purged,
                        old, took, store.commits() - commits, l.length, l[l.length / 2] / 1e6,
                        l[(int) (l.length * 0.99)] / 1e6, l[l.length - 1] / 1e6,
                        Files.size(dir.resolve("bench.db-wal")) / 1e6);
            }
        }
    }

    private static StoredMessage message(String id, byte[] text, Instant at) {
        return StoredMessage.submitted(id, "BENCH", new StoredAddress(5, 0, "TERN"),
                new StoredAddress(1, 1, "447700900" + id.hashCode() % 1000), "", 0, 0, 0, 0, 1, text, new byte[0], null,
                "esme:BENCH", at, null, at.plus(Duration.ofDays(1)), null);
    }
}
