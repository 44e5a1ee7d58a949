package io.tern.cli.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.Campaign;
import io.tern.smsc.campaign.CampaignSpec;
import io.tern.smsc.campaign.CampaignStatus;
import io.tern.smsc.campaign.Campaigns;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.server.SmscEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The campaign benchmark of docs/PERFORMANCE.md ("Campaigns"), a program, not a test: one Tern in
 * this JVM (fresh SQLite data directory, every destination to the virtual handset network, which
 * delivers at once), then
 * <ol>
 * <li>a warm-up of the SMPP path: {@code tern bench}'s load generator (4 transceivers, window 100, no
 * receipts) submitting {@code SMPP} messages;</li>
 * <li>a campaign of {@code ROWS} rows from a CSV file: time until {@code create} returns (every
 * row committed: what the 201 waits for), and the heap's growth meanwhile (peak used, and peak
 * live after a collection, over the baseline after a full GC);</li>
 * <li>its sending, in rounds that alternate with the reference, so that both see the same load on a
 * shared machine: the campaign runs until 100,000 more messages are delivered (delivered over
 * elapsed; deliveries counted as the handset network reports them, checked every 10 ms, not by
 * reading the campaign's counts, which scans its messages), is paused, the store drained; then the reference, the SMPP durable submit rate (OK
 * submit_sm_resp a second, {@code SMPP}/4 messages); until the campaign is done.</li>
 * </ol>
 * Usage: {@code CampaignBench [ROWS [SMPP [upload-only|full [STORES]]]]} (defaults 1,000,000 and
 * 200,000; {@code upload-only} stops after the upload, e.g. to run it in a small heap). STORES is a
 * comma-separated list of store types run one after the other on the same CSV, each on a fresh
 * store, e.g. {@code sqlite,postgresql,sqlite,postgresql} (default {@code sqlite}); PostgreSQL is an
 * embedded one (io.zonky.test, {@code synchronous_commit=on}) started for the run; with more than
 * one store, a first upload on the first store warms the JIT up and is not counted, and the last
 * line gives each store's mean upload time and its ratio to the first store's. Every phase is bounded
 * in time.
 */
public final class CampaignBench {

    private static final Duration PHASE_LIMIT = Duration.ofMinutes(30);
    /** Campaign messages delivered per round of the alternation. */
    private static final long SEGMENT = 100_000;

    private CampaignBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long smpp = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        boolean uploadOnly = args.length > 2 && args[2].equals("upload-only");
        List<String> stores = List.of((args.length > 3 ? args[3] : "sqlite").split(","));
        Path dir = Files.createTempDirectory("campaign-bench");
        Path csv = dir.resolve("campaign.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("to,name,code\n");
            for (int i = 1; i <= rows; i++) {
                w.write("+4474" + (10_000_000 + i) + ",Customer " + i + "," + (100_000 + i % 900_000) + "\n");
            }
        }
        System.out.printf(Locale.ROOT, "csv: %d rows, %.1f MB; load average %s%n", rows, Files.size(csv) / 1e6,
                loadAverage());
        EmbeddedPostgres pg = stores.contains("postgresql")
                ? EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start() : null;
        try {
            Map<String, List<Double>> durable = new LinkedHashMap<>();
            List<String> runs = new ArrayList<>(stores);
            if (stores.size() > 1) {
                runs.add(0, stores.get(0));
            }
            for (int i = 0; i < runs.size(); i++) {
                String store = runs.get(i);
                boolean warmUp = runs.size() > stores.size() && i == 0;
                String storeYaml;
                if (store.equals("sqlite")) {
                    storeYaml = "store: {path: '" + dir.resolve("data-" + i) + "'}";
                } else if (store.equals("postgresql")) {
                    String db = "campaign_bench_" + i;
                    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                        st.execute("DROP DATABASE IF EXISTS " + db);
                        st.execute("CREATE DATABASE " + db);
                    }
                    storeYaml = "store: {type: postgresql, url: '" + pg.getJdbcUrl("postgres", db)
                            + "', user: postgres, path: '" + dir.resolve("data-" + i) + "'}";
                } else {
                    throw new IllegalArgumentException("store: sqlite or postgresql, not " + store);
                }
                System.out.printf(Locale.ROOT, "== %s (run %d of %d%s)%n", store, i + 1, runs.size(),
                        warmUp ? ", warm-up, not counted" : "");
                double seconds = run(storeYaml, csv, rows, smpp, uploadOnly);
                if (!warmUp) {
                    durable.computeIfAbsent(store, k -> new ArrayList<>()).add(seconds);
                }
            }
            double first = mean(durable.values().iterator().next());
            StringBuilder result = new StringBuilder("RESULT-STORES rows=" + rows);
            durable.forEach((store, times) -> result.append(String.format(Locale.ROOT,
                    " %s_durable_s=%.2f (%s) %s_ratio=%.2f", store, mean(times), times, store, mean(times) / first)));
            System.out.println(result);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** One Tern on the store {@code storeYaml} describes: the upload of {@code csv}, then (unless upload-only) its sending; the upload's seconds. */
    private static double run(String storeYaml, Path csv, int rows, long smpp, boolean uploadOnly) throws Exception {
        long reference = smpp / 4;
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        String yaml = """
                listeners: [{host: 127.0.0.1, port: 0}]
                %s
                accounts:
                  - {system_id: bench, password_hash: '%s', max_binds: 8}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '*', behaviour: deliver}
                """.formatted(storeYaml, hash);
        // deliveries to the handset network, counted as they happen: the rounds end on this count, so
        // that the bench does not read the campaign's counts (a scan of its messages) many times a second
        java.util.concurrent.atomic.LongAdder handsetDeliveries = new java.util.concurrent.atomic.LongAdder();
        SmscEvents events = new SmscEvents() {
            @Override
            public void delivered(String channel, String outcome) {
                if (outcome.equals("delivered")) {
                    handsetDeliveries.increment();
                }
            }
        };
        try (Smsc smsc = Smsc.start(ConfigLoader.parse(yaml, Path.of(".")), Clock.systemUTC(), events)) {
            int port = smsc.ports().get(0);
            if (!uploadOnly) {
                smppReference(port, smpp, "4470"); // warm-up of the SMPP path, not counted
                drain(smsc);
            }

            Campaigns campaigns = smsc.campaigns();
            System.gc();
            long baselineUsed = used();
            long baselineLive = liveAfterGc();
            AtomicLong peakUsed = new AtomicLong();
            AtomicLong peakLive = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakUsed.accumulateAndGet(used(), Math::max);
                    peakLive.accumulateAndGet(liveAfterGc(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.start();
            long t0 = System.nanoTime();
            Campaign c;
            try (InputStream in = Files.newInputStream(csv)) {
                c = campaigns.create("bench", CampaignSpec.of("12345", "Hello {{name}}, your code is {{code}}"), in);
            }
            long durable = System.nanoTime() - t0;
            sampler.interrupt();
            sampler.join();
            System.out.printf(Locale.ROOT, "campaign %d: %d accepted, %d rejected; durable (201) after %.2f s"
                    + " (%.0f rows/s)%n", c.id(), c.accepted(), c.rejected(), durable / 1e9, rows / (durable / 1e9));
            System.out.printf(Locale.ROOT, "heap during upload: peak used %.1f MB over the baseline %.1f MB;"
                    + " peak live after GC %.1f MB over %.1f MB%n", (peakUsed.get() - baselineUsed) / 1e6,
                    baselineUsed / 1e6, (peakLive.get() - baselineLive) / 1e6, baselineLive / 1e6);

            if (uploadOnly) {
                System.out.printf(Locale.ROOT, "RESULT rows=%d durable_s=%.2f heap_peak_used_mb=%.1f"
                        + " heap_peak_live_mb=%.1f max_heap_mb=%d load=%s%n", rows, durable / 1e9,
                        (peakUsed.get() - baselineUsed) / 1e6, (peakLive.get() - baselineLive) / 1e6,
                        Runtime.getRuntime().maxMemory() >> 20, loadAverage());
                return durable / 1e9;
            }
            // Sending, in rounds that alternate with the reference so that both see the same load: the
            // campaign runs until SEGMENT more messages are delivered, is paused and drained, then the
            // SMPP reference runs REFERENCE messages and is drained, and so on until the campaign is done.
            long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            long campaignMessages = 0;
            double campaignSeconds = 0;
            double referenceSum = 0;
            int rounds = 0;
            CampaignStatus s = campaigns.status("bench", c.id()).join().orElseThrow();
            while (!s.done() && System.nanoTime() < deadline) {
                long left = c.accepted() - s.delivered();
                if (left <= 0) {
                    // every message delivered: the campaign is about to be counted finished, once it
                    // is SENT (a pause may have come between its last batch and the end of its pass)
                    campaigns.resume("bench", c.id()).exceptionally(e -> null).join();
                    Thread.sleep(500);
                    s = campaigns.status("bench", c.id()).join().orElseThrow();
                    continue;
                }
                long from = handsetDeliveries.sum();
                long t = System.nanoTime();
                if (rounds > 0) {
                    campaigns.resume("bench", c.id()).exceptionally(e -> null).join();
                }
                while (handsetDeliveries.sum() - from < Math.min(SEGMENT, left) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                double seconds = (System.nanoTime() - t) / 1e9;
                long delivered = handsetDeliveries.sum() - from;
                // the last rows may have gone meanwhile: a SENT campaign cannot be paused, and need not be
                campaigns.pause("bench", c.id()).exceptionally(e -> null).join();
                drain(smsc);
                s = campaigns.status("bench", c.id()).join().orElseThrow();
                double ref = smppReference(port, reference, "447" + (rounds % 10));
                drain(smsc);
                rounds++;
                campaignMessages += delivered;
                campaignSeconds += seconds;
                referenceSum += ref;
                System.out.printf(Locale.ROOT, "round %d: campaign %d msg in %.1f s = %.0f msg/s; SMPP %.0f msg/s;"
                        + " ratio %.2f; load %s%n", rounds, delivered, seconds, delivered / seconds, ref,
                        delivered / seconds / ref, loadAverage());
                s = campaigns.status("bench", c.id()).join().orElseThrow();
            }
            double campaignTps = campaignMessages / campaignSeconds;
            double referenceTps = referenceSum / rounds;
            System.out.printf(Locale.ROOT, "campaign: %d delivered of %d%s%n", s.delivered(), c.accepted(),
                    s.done() ? "" : " (NOT DONE: phase limit reached)");
            System.out.printf(Locale.ROOT, "RESULT rows=%d durable_s=%.2f heap_peak_used_mb=%.1f heap_peak_live_mb=%.1f"
                    + " campaign_tps=%.0f smpp_tps=%.0f ratio=%.2f rounds=%d load=%s%n", rows, durable / 1e9,
                    (peakUsed.get() - baselineUsed) / 1e6, (peakLive.get() - baselineLive) / 1e6, campaignTps,
                    referenceTps, campaignTps / referenceTps, rounds, loadAverage());
            return durable / 1e9;
        }
    }

    /** submit_sm_resp OK per second over 4 transceivers, window 100, after a 5 s warm-up. */
    private static double smppReference(int port, long messages, String destPrefix) throws InterruptedException {
        BenchConfig config = new BenchConfig("127.0.0.1", port, "bench", "secret", BindType.TRANSCEIVER, 4, 0, 100,
                messages, 0, false, false, "Hello Customer 1234, your code is 123456", false, 1, "12345", destPrefix,
                Duration.ofSeconds(30), Duration.ofSeconds(30), PHASE_LIMIT, Duration.ofSeconds(5));
        BenchResult r = new LoadGenerator(config, 0, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
        System.out.printf(Locale.ROOT, "SMPP reference: %d of %d OK, %.0f msg/s%n", r.ok(), r.sent(), r.tps());
        return r.tps();
    }

    /** Waits (bounded) until the store has no pending message, so that phases do not overlap. */
    private static void drain(Smsc smsc) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<MessageState, Long> states = smsc.store().countByState().join();
            if (states.getOrDefault(MessageState.ENROUTE, 0L) + states.getOrDefault(MessageState.SCHEDULED, 0L) == 0) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use right after the last collection of each pool: the live data, garbage left out. */
    private static long liveAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                sum += p.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
