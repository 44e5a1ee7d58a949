package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The store writer's work for the upstream half of forwarding, without sockets: messages stored,
 * each recorded as forwarded (history row and upstream link), then one DELIVRD receipt per message
 * applied through its upstream id with the ESME's receipt leased, as {@code UpstreamInbound} does.
 * Then forwards with their receipts queued right behind them, and deliveries to the handset network
 * as the reference. Prints the writer thread's CPU per receipt (less disturbed by a busy machine than
 * a rate). A program, not a test; it uses only the {@link MessageStore} API.
 *
 * <p>Usage: {@code UpstreamReceiptBench [messages=100000] [rounds=3] [window=400]}: receipts are sent
 * {@code window} at a time, as two connector sessions with the upstream's window of 100 would.
 */
public final class UpstreamReceiptBench {

    private UpstreamReceiptBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            Path dir = Files.createTempDirectory("tern-upstream-bench");
            try (SqliteMessageStore store = new SqliteMessageStore(
                    new SqliteStoreConfig(dir.resolve("bench.db"), 10_000, 1_000, 2), Clock.systemUTC())) {
                Instant now = Instant.now();
                insert(store, "%016x", "connector:up", total);
                Thread writer = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("tern-store-writer")).findFirst().orElseThrow();
                long forwardCpu = threads.getThreadCpuTime(writer.getId());
                long started = System.nanoTime();
                run(total, window, i -> store.recordAttempt(String.format("%016x", i), new Attempt.Forwarded(
                        Instant.now(), "up", Integer.toString(i), true, now.plus(Duration.ofDays(1))), null));
                long receiptCpu = threads.getThreadCpuTime(writer.getId());
                long forwarded = System.nanoTime();
                Instant lease = Instant.now().plusSeconds(60);
                long[] leased = new long[1];
                // half matched through the store by upstream id (after a restart, or past the
                // connector's in-memory index), half by message id (the connector's usual path)
                int half = total / 2;
                run(half, window, i -> store.recordUpstreamReceipt("up", Integer.toString(i),
                        new Attempt.Reported(Instant.now(), MessageState.DELIVERED, 0), lease).thenAccept(r -> {
                            if (r.message() != null) {
                                synchronized (leased) {
                                    leased[0]++;
                                }
                            }
                        }));
                long byIdCpu = threads.getThreadCpuTime(writer.getId());
                long byUpstreamId = System.nanoTime();
                run(total - half, window, i -> store.recordAttempt(String.format("%016x", half + i),
                        new Attempt.Reported(Instant.now(), MessageState.DELIVERED, 0), lease));
                long end = threads.getThreadCpuTime(writer.getId());
                long received = System.nanoTime();
                System.out.printf(Locale.ROOT, "upstream-receipt-bench: round %d messages=%d window=%d"
                        + " forward writer_cpu_us=%.2f per_s=%.0f receipt_by_upstream_id writer_cpu_us=%.2f per_s=%.0f"
                        + " leased=%d receipt_by_message_id writer_cpu_us=%.2f per_s=%.0f%n",
                        round, total, window, (receiptCpu - forwardCpu) / 1e3 / total,
                        total / ((forwarded - started) / 1e9), (byIdCpu - receiptCpu) / 1e3 / half,
                        half / ((byUpstreamId - forwarded) / 1e9), leased[0], (end - byIdCpu) / 1e3 / (total - half),
                        (total - half) / ((received - byUpstreamId) / 1e9));
                together(store, total, window, threads, writer, round);
                deliveredBaseline(store, total, window, threads, writer, round);
            }
        }
    }

    /** Stores {@code total} messages for {@code target}, ids {@code idFormat} of 0.., in batches of 1,000. */
    private static void insert(SqliteMessageStore store, String idFormat, String target, int total) {
        Instant now = Instant.now();
        byte[] text = "Your code is 123456. It expires in 10 minutes.".getBytes(StandardCharsets.US_ASCII);
        List<StoredMessage> batch = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            batch.add(StoredMessage.submitted(String.format(idFormat, i), "BENCH", new StoredAddress(5, 0, "TERN"),
                    new StoredAddress(1, 1, "4477009" + (i % 100_000)), "", 0, 0, 0, 0, 1, text, new byte[0], null,
                    target, now, null, now.plus(Duration.ofDays(1)), null));
            if (batch.size() == 1000) {
                store.insertAll(batch).join();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.insertAll(batch).join();
        }
    }

    /**
     * Each forward with its receipt queued right behind it ({@link MessageStore#recordAttemptAfter}), as
     * when an upstream sends the receipt right after its submit_sm_resp: taken in one transaction, the
     * receipt is written by the forward's own UPDATE. To compare with forward + receipt_by_message_id.
     */
    private static void together(SqliteMessageStore store, int total, int window, ThreadMXBean threads,
            Thread writer, int round) {
        insert(store, "p%015x", "connector:up", total);
        Instant now = Instant.now();
        Instant lease = now.plusSeconds(60);
        long cpu = threads.getThreadCpuTime(writer.getId());
        long started = System.nanoTime();
        run(total, window, i -> {
            String id = String.format("p%015x", i);
            CompletableFuture<UpdateResult> forward = store.recordAttempt(id, new Attempt.Forwarded(Instant.now(), "up",
                    "p" + i, true, now.plus(Duration.ofDays(1))), null);
            return store.recordAttemptAfter(forward, id,
                    new Attempt.Reported(Instant.now(), MessageState.DELIVERED, 0), lease);
        });
        long end = threads.getThreadCpuTime(writer.getId());
        System.out.printf(Locale.ROOT, "upstream-receipt-bench: round %d forward_and_receipt writer_cpu_us=%.2f"
                + " per_s=%.0f%n", round, (end - cpu) / 1e3 / total, total / ((System.nanoTime() - started) / 1e9));
    }

    /** The same number of messages, each recorded delivered by the handset network: the reference. */
    private static void deliveredBaseline(SqliteMessageStore store, int total, int window, ThreadMXBean threads,
            Thread writer, int round) {
        insert(store, "d%015x", "sim:handsets", total);
        Instant lease = Instant.now().plusSeconds(60);
        long cpu = threads.getThreadCpuTime(writer.getId());
        long started = System.nanoTime();
        run(total, window, i -> store.recordAttempt(String.format("d%015x", i), new Attempt.Delivered(Instant.now()),
                lease));
        long end = threads.getThreadCpuTime(writer.getId());
        System.out.printf(Locale.ROOT, "upstream-receipt-bench: round %d delivered writer_cpu_us=%.2f per_s=%.0f%n",
                round, (end - cpu) / 1e3 / total, total / ((System.nanoTime() - started) / 1e9));
    }

    /** Runs {@code op(0..total-1)} with at most {@code window} in flight; waits for all. */
    private static void run(int total, int window, java.util.function.IntFunction<CompletableFuture<?>> op) {
        java.util.concurrent.Semaphore room = new java.util.concurrent.Semaphore(window);
        List<CompletableFuture<?>> last = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            room.acquireUninterruptibly();
            CompletableFuture<?> f = op.apply(i).whenComplete((v, e) -> room.release());
            if (i >= total - window) {
                last.add(f);
            }
        }
        CompletableFuture.allOf(last.toArray(new CompletableFuture[0])).join();
    }
}
