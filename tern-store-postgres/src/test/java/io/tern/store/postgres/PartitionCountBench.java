package io.tern.store.postgres;

import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.StoreConfig;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the number of partitions costs the message path of the PostgreSQL store (docs/PERFORMANCE.md,
 * "Retention by partitions"): a look-up by id alone visits every partition of message, so each extra
 * day kept would cost every outcome and receipt; written with the message's row (its submit_time
 * names the partition), as the queue manager writes them, they touch one. One store, the same
 * work per case (submit, claim, record the delivery, windows of 1,000 messages), on a fresh database that has the four
 * partitions a new store makes (default, today, tomorrow) plus {@code extra} past days, as a
 * store keeping {@code extra} days of final messages has. Prints messages/s and PostgreSQL CPU per
 * message (utime+stime of the postmaster and its children, from /proc), and the ratios to the case
 * without past days, measured in the same run. Not run by the build.
 *
 * <pre>
 * ./mvnw -B -ntp -q -o -pl tern-store-postgres -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-store-postgres/target/test-classes:tern-store-postgres/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.store.postgres.PartitionCountBench [messages=50000] [rounds=2] [extra=0,3,7,30]
 * </pre>
 */
public final class PartitionCountBench {

    private static final Instant NOW = Instant.parse("2030-03-11T12:00:00Z");
    private static final int WINDOW = 1_000;
    private static final int MAX_MESSAGES = 1_000_000;

    private PartitionCountBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Integer> extras = new ArrayList<>();
        for (String e : (args.length > 2 ? args[2] : "0,3,7,30").split(",")) {
            extras.add(Integer.parseInt(e.trim()));
        }
        if (messages < WINDOW || messages > MAX_MESSAGES || rounds < 1 || rounds > 10
                || extras.stream().anyMatch(e -> e < 0 || e > 400)) {
            throw new IllegalArgumentException("messages " + WINDOW + ".." + MAX_MESSAGES + ", rounds 1..10, extra 0..400");
        }
        Path work = Files.createTempDirectory("tern-partition-count-bench");
        System.out.printf(Locale.ROOT, "partition-count-bench: messages=%d rounds=%d extra=%s cores=%d%n", messages,
                rounds, extras, Runtime.getRuntime().availableProcessors());
        try (EmbeddedPostgres pg = TestDatabase.durableServer(work.resolve("pg"))) {
            long postmaster = Long.parseLong(Files.readAllLines(work.resolve("pg").resolve("postmaster.pid")).get(0)
                    .trim());
            // a case first whose figures are not kept: the JVM's and the server's first minutes
            runCase(pg, postmaster, "count_cold", 0, messages);
            for (int round = 1; round <= rounds; round++) {
                double[] base = null;
                List<Integer> order = new ArrayList<>(extras);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                List<double[]> results = new ArrayList<>();
                for (int extra : order) {
                    double[] r = runCase(pg, postmaster, "count_" + round + "_" + extra, extra, messages);
                    results.add(new double[] {extra, r[0], r[1]});
                }
                results.sort(java.util.Comparator.comparingDouble(r -> r[0]));
                for (double[] r : results) {
                    if (base == null) {
                        base = r;
                    }
                    System.out.printf(Locale.ROOT, "round %d: %d partitions (%d past days): %,.0f msg/s (%.2fx),"
                            + " PostgreSQL CPU %.1f µs/msg (%.2fx)%n", round, 3 + (int) r[0], (int) r[0], r[1],
                            r[1] / base[1], r[2], r[2] / base[2]);
                }
            }
        }
    }

    /** messages/s and PostgreSQL CPU µs per message. */
    private static double[] runCase(EmbeddedPostgres pg, long postmaster, String name, int extra, int messages)
            throws Exception {
        String url = TestDatabase.create(pg, name);
        try (PostgresMessageStore store = new PostgresMessageStore(new PostgresStoreConfig(url, null, null, 3, 10_000,
                1_000, "bench", StoreConfig.Partition.DAY), Clock.fixed(NOW, ZoneOffset.UTC))) {
            PostgresPartitions past = new PostgresPartitions(TestDatabase.dataSource(url), StoreConfig.Partition.DAY);
            for (int d = extra; d >= 1; d--) {
                past.createAhead(NOW.minus(Duration.ofDays(d)));
            }
            run(store, "warm", messages / 5);
            long cpu = treeCpuNanos(postmaster);
            long start = System.nanoTime();
            run(store, "m", messages);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new double[] {messages / seconds, (treeCpuNanos(postmaster) - cpu) / 1e3 / messages};
        }
    }

    /** Submit, claim and deliver {@code messages}, a window at a time. */
    private static void run(PostgresMessageStore store, String prefix, int messages) throws Exception {
        for (int done = 0; done < messages; done += WINDOW) {
            List<CompletableFuture<?>> window = new ArrayList<>(WINDOW);
            for (int i = done; i < done + WINDOW; i++) {
                window.add(store.insert(StoredMessage.submitted(prefix + i, "ACME", new StoredAddress(1, 1, "12345"),
                        new StoredAddress(1, 1, "447700900001"), "", 0, 0, 0, 0, 1,
                        "hello".getBytes(StandardCharsets.US_ASCII), new byte[0], null, "esme:BETA", NOW, null,
                        NOW.plus(Duration.ofDays(1)), null)));
            }
            CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
            window.clear();
            List<StoredMessage> claimed = store.claimDue("esme:BETA", NOW, WINDOW, NOW.plusSeconds(60))
                    .get(5, TimeUnit.MINUTES);
            for (StoredMessage m : claimed) {
                // by row, as the queue manager does
                window.add(store.recordAttempt(m, new Attempt.Delivered(NOW), null));
            }
            CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
        }
    }

    /** utime+stime of {@code pid} and its children, from /proc (ticks of 10 ms). */
    private static long treeCpuNanos(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long self = Long.parseLong(p.getFileName().toString());
                if (self == pid || Long.parseLong(f[1]) == pid) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10_000_000L;
    }
}
