package io.tern.cli.bench;

import io.tern.http.TernServer;
import io.tern.smpp.pdu.BindType;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Single messages over the HTTP API against the SMPP durable submit rate, measured in the same run
 * on the same server (docs/PERFORMANCE.md, "HTTP API"). A program, not a test: one TernServer
 * (SQLite in a fresh temporary directory, every destination to the virtual handset network, an
 * account without a throughput limit) and, in this JVM, the loads one after the other:
 *
 * <ol>
 * <li>SMPP reference: {@code tern bench}'s load generator, 4 transceivers, window 100, the same
 *     number of messages: durable submits per second (every submit_sm_resp after its commit);
 * <li>HTTP at full speed: {@code connections} keep-alive HTTP/1.1 connections (Vert.x client),
 *     one request in flight on each, each request one message to one number: 201s per second;
 * <li>HTTP paced at half that rate: each request sent at its planned time, latency from the
 *     planned time to the answer (so a stall counts for every request it delays), p50/p99/max.
 * </ol>
 *
 * <p>Each phase is bounded in messages and in time (5 minutes). A warm-up of a fifth of the
 * messages precedes each full-speed phase and is not counted.
 *
 * <p>Run: {@code java -cp ... io.tern.cli.bench.HttpApiBench [messages] [rounds] [connections] [paced-seconds]}
 */
public final class HttpApiBench {

    private static final String PASSWORD = "bench";
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int pacedSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path dir = Files.createTempDirectory("tern-http-bench");
        String yaml = """
                listeners: [{host: 127.0.0.1, port: 0}]
                store: {path: '%s'}
                http: {port: 0}
                accounts:
                  - {system_id: bench, password_hash: '%s', default_region: GB}
                routes:
                  - {destination: '*', target: sim}
                """.formatted(dir.resolve("data"), AccountService.hash(PASSWORD));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (TernServer tern = TernServer.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC())) {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setDefaultHost("127.0.0.1").setDefaultPort(tern.httpPort().orElseThrow()),
                    new PoolOptions().setHttp1MaxSize(connections));
            System.out.printf("HttpApiBench: %d messages a phase, %d round(s), %d HTTP connections, paced %d s, "
                    + "%d processors%n", messages, rounds, connections, pacedSeconds,
                    Runtime.getRuntime().availableProcessors());
            for (int round = 1; round <= rounds; round++) {
                int smppPort = tern.smsc().ports().get(0);
                smpp(smppPort, messages / 5, false);
                double smpp = smpp(smppPort, messages, true);
                full(vertx, http, messages / 5, connections, false);
                Result h = full(vertx, http, messages, connections, true);
                double rate = h.perSecond / 2;
                Paced p = paced(vertx, http, rate, (long) Math.min(messages, rate * pacedSeconds), connections * 8);
                System.out.printf("round %d: SMPP durable submit %.0f msg/s | HTTP %.0f req/s (%.2fx SMPP), "
                        + "non-201: %s | paced at %.0f req/s: %d requests, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                        + "max %.2f ms, non-201: %s%n", round, smpp, h.perSecond, h.perSecond / smpp, h.other, rate,
                        p.requests, p.latency.getValueAtPercentile(50) / 1e6, p.latency.getValueAtPercentile(99) / 1e6,
                        p.latency.getValueAtPercentile(99.9) / 1e6, p.latency.getMaxValue() / 1e6, p.other);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** tern bench's load generator against the same server: accepted submits per second. */
    private static double smpp(int port, long messages, boolean print) throws Exception {
        BenchConfig c = new BenchConfig("127.0.0.1", port, "bench", PASSWORD, BindType.TRANSCEIVER, 4, 0, 100,
                messages, 0, false, false, "Tern bench message", false, 1, "4479000000", "4470000",
                Duration.ofSeconds(30), Duration.ofSeconds(60), PHASE_LIMIT, Duration.ZERO);
        BenchResult r = new LoadGenerator(c, 0, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
        if (r.ok() != messages) {
            throw new IllegalStateException("SMPP reference: " + r.ok() + " of " + messages + " accepted: "
                    + r.statuses());
        }
        if (print) {
            System.out.printf("  SMPP: %d accepted in %.2f s%n", r.ok(), r.responseNanos() / 1e9);
        }
        return r.tps();
    }

    private record Result(double perSecond, Map<Integer, Long> other) {
    }

    private record Paced(long requests, Histogram latency, Map<Integer, Long> other) {
    }

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("bench:" + PASSWORD).getBytes(StandardCharsets.US_ASCII));

    private static Buffer body(long i) {
        return Buffer.buffer("{\"from\":\"ACME\",\"to\":\"+447400" + (1_000_000 + i % 1_000_000 + "").substring(1)
                + "\",\"text\":\"Tern bench message\"}");
    }

    private static RequestOptions post() {
        return new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/messages")
                .putHeader("Authorization", AUTH).putHeader("Content-Type", "application/json");
    }

    /** {@code messages} requests, {@code connections} in flight; 201s per second ({@code print}: show the span). */
    private static Result full(Vertx vertx, HttpClient http, long messages, int connections, boolean print)
            throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] sent = {0};
        long[] answered = {0};
        long[] created = {0};
        Map<Integer, Long> other = new TreeMap<>();
        long start = System.nanoTime();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sent[0] >= messages || System.nanoTime() - start > PHASE_LIMIT.toNanos()) {
                return;
            }
            long i = sent[0]++;
            http.request(post()).compose(req -> req.send(body(i))).compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        int status = ar.succeeded() ? ar.result() : -1;
                        if (status == 201) {
                            created[0]++;
                        } else {
                            other.merge(status, 1L, Long::sum);
                        }
                        if (++answered[0] == messages || System.nanoTime() - start > PHASE_LIMIT.toNanos()
                                && answered[0] == sent[0]) {
                            done.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
        };
        // the client's one event loop runs every callback: the counters need no locks
        for (int k = 0; k < connections; k++) {
            vertx.runOnContext(v -> next[0].run());
        }
        done.get(PHASE_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (print) {
            System.out.printf("  HTTP: %d created in %.2f s%n", created[0], seconds);
        }
        return new Result(created[0] / seconds, other);
    }

    /** {@code count} requests, request {@code i} planned at {@code i / rate} s; latency from the plan. */
    private static Paced paced(Vertx vertx, HttpClient http, double rate, long count, int maxInFlight)
            throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Map<Integer, Long> other = new TreeMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] sent = {0};
        long[] answered = {0};
        long[] inFlight = {0};
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        double intervalNanos = 1e9 / rate;
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            if (now - start > PHASE_LIMIT.toNanos()) {
                vertx.cancelTimer(id);
                done.complete(null);
                return;
            }
            while (sent[0] < count && inFlight[0] < maxInFlight && start + (long) (sent[0] * intervalNanos) <= now) {
                long i = sent[0]++;
                long planned = start + (long) (i * intervalNanos);
                inFlight[0]++;
                http.request(post()).compose(req -> req.send(body(i + 500_000)))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()))
                        .onComplete(ar -> {
                            inFlight[0]--;
                            latency.recordValue(Math.min(System.nanoTime() - planned, latency.getHighestTrackableValue()));
                            int status = ar.succeeded() ? ar.result() : -1;
                            if (status != 201) {
                                other.merge(status, 1L, Long::sum);
                            }
                            if (++answered[0] == count) {
                                vertx.cancelTimer(id);
                                done.complete(null);
                            }
                        });
            }
        });
        done.get(PHASE_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
        return new Paced(answered[0], latency, other);
    }
}
