package io.tern.http;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jsmpp.bean.BindType;

/**
 * What the dashboard's overview costs, against the Prometheus scrape that already runs on the same
 * data: a running Tern with its SQLite store takes {@code messages} SMPP submits (so the counters
 * exist and move), then {@link TernMetrics#overview()} and {@link TernMetrics#scrape()} are timed
 * alternately, {@code calls} each. Prints the time per call of each and their ratio. A program, not
 * a test.
 *
 * <p>Usage: {@code OverviewBench [messages=2000] [calls=2000]}.
 */
public final class OverviewBench {

    private OverviewBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dir = Files.createTempDirectory("tern-overview-bench");
        try (TestServer tern = TestServer.startAdministered(dir, AdminApiTest.BODY)) {
            TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
            for (int i = 0; i < messages; i++) {
                alice.submit("1234", "4477001" + String.format("%05d", i), "bench", 0);
            }
            TernMetrics metrics = tern.server.metrics().orElseThrow();
            long overviewNanos = 0;
            long scrapeNanos = 0;
            long sink = 0;
            for (int round = 0; round < 2; round++) {
                overviewNanos = 0;
                scrapeNanos = 0;
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    sink += metrics.overview().encode().length();
                    long t1 = System.nanoTime();
                    sink += metrics.scrape().length();
                    long t2 = System.nanoTime();
                    overviewNanos += t1 - t0;
                    scrapeNanos += t2 - t1;
                }
            }
            System.out.printf("overview: %.1f us/call, Prometheus scrape (reference): %.1f us/call, ratio %.3f"
                    + " (%d calls each after a warm-up round, %d messages submitted; %d)%n",
                    overviewNanos / 1e3 / calls, scrapeNanos / 1e3 / calls, (double) overviewNanos / scrapeNanos,
                    calls, messages, sink % 10);
        }
    }
}
