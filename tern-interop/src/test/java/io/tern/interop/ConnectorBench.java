package io.tern.interop;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.ListenerConfig;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.account.AccountService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwarding through an upstream connector against delivering to the virtual handset network,
 * measured in the same run (issue 10's target: at least 0.8× the handset network's throughput and
 * receipts/s). Not run by the build; prints the figures.
 *
 * <p>Each case is a fresh {@code tern serve} (JDK defaults, fresh data directory) in a child JVM
 * and {@code tern bench} in another, 4 transceivers with window 100 and {@code --dlr}, first a
 * warm-up run, then the measured run with {@code --cpu-pid} on Tern: submit msg/s, receipts/s
 * (first submit to last receipt) and Tern's CPU (utime+stime from /proc) per message.
 *
 * <ul>
 *   <li>{@code handset}: every destination delivered by Tern's virtual handset network;
 *   <li>{@code connector}: every destination routed to {@code connector:up}, a transceiver
 *       connector (2 sessions, window 100) to an in-memory upstream in this JVM (Tern's
 *       {@link SmppServer}, answering each submit_sm at once with a fresh id and sending a DELIVRD
 *       receipt on the same session, as the reference servers do). The upstream counts the
 *       submit_sm it receives: forwarded msg/s is that count over the time from the bench's first
 *       submit to the last submit_sm at the upstream.
 * </ul>
 *
 * The two cases alternate (handset first in odd rounds, connector first in even ones). With
 * {@code jfrDir} each Tern runs with a flight recording ({@code settings=profile}) written there;
 * {@code -Dtern.bench.jvm="..."} adds options to Tern's JVM (e.g. {@code -XX:+PrintCompilation});
 * {@code -Dtern.bench.commit-delay=1ms} sets Tern's {@code store.commit_delay} (else Tern's default).
 * By default the upstream sends each receipt after its submit_sm_resp (as the jSMPP reference
 * server does, and as a real SMSC does, later still); {@code receipt-first} writes the receipt
 * before the response on the same session, as {@code io.tern.cli.bench.EchoServer} does, so
 * that most receipts reach Tern before it has recorded the upstream's id and are kept until then.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl tern-interop -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-interop/target/test-classes:tern-interop/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.interop.ConnectorBench [messages=200000] [rounds=3] [warmUp=300000] [jfrDir|-] \
 *     [receipt-first|receipt-after] [connectorSessions=2]
 * java ... io.tern.interop.ConnectorBench upstream-alone [messages=200000] [warmUp=300000]
 * </pre>
 */
public final class ConnectorBench {

    private static final String PASSWORD = "bench123";
    private static final Duration READY = Duration.ofSeconds(60);
    /** The connector's binds (each a transceiver with window 100). */
    private static int connectorSessions = 2;

    private ConnectorBench() {
    }

    /** What one measured run printed, and the upstream's count for the connector case. */
    record Run(String kind, int round, Map<String, String> summary, long upstreamSubmits, double forwardedPerSecond) {

        double tps() {
            return Double.parseDouble(summary.get("tps"));
        }

        double receiptTps() {
            return Double.parseDouble(summary.get("receipt_tps"));
        }

        double cpuPerMessage() {
            return Double.parseDouble(summary.get("cpu_us_per_msg"));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("upstream-alone")) {
            upstreamAlone(args.length > 1 ? Integer.parseInt(args[1]) : 200_000,
                    args.length > 2 ? Integer.parseInt(args[2]) : 300_000);
            return;
        }
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        Path jfr = args.length > 3 && !args[3].equals("-") ? Path.of(args[3]) : null;
        boolean receiptFirst = args.length > 4 && args[4].equals("receipt-first");
        connectorSessions = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        Path work = Files.createTempDirectory("tern-connector-bench");
        System.out.printf("connector-bench: messages=%d rounds=%d warm_up=%d upstream receipts %s work=%s cores=%d%n",
                messages, rounds, warmUp, receiptFirst ? "before submit_sm_resp" : "after submit_sm_resp", work,
                Runtime.getRuntime().availableProcessors());
        List<Run> runs = new ArrayList<>();
        try (Upstream upstream = new Upstream(receiptFirst)) {
            for (int round = 1; round <= rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of("handset", "connector") : List.of("connector", "handset");
                for (String kind : order) {
                    Run r = runCase(kind, round, messages, warmUp, work, upstream, jfr);
                    runs.add(r);
                    System.out.println("connector-bench: " + line(r));
                }
            }
        }
        System.out.println();
        System.out.println("| round | case | submit msg/s | forwarded msg/s (upstream) | receipts/s | receipts | Tern CPU µs/msg |"
                + " submit p99 ms | receipt p50 / p99 ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %s | %,.0f | %s of %s | %.2f | %s | %s / %s |%n",
                    r.round(), r.kind(), r.tps(),
                    r.kind().equals("connector") ? String.format(Locale.ROOT, "%,.0f", r.forwardedPerSecond()) : "—",
                    r.receiptTps(), r.summary().get("receipts"), r.summary().get("ok"), r.cpuPerMessage(),
                    r.summary().get("p99_ms"), r.summary().get("receipt_p50_ms"), r.summary().get("receipt_p99_ms"));
        }
        System.out.println();
        for (int round = 1; round <= rounds; round++) {
            int rr = round;
            Run h = runs.stream().filter(r -> r.round() == rr && r.kind().equals("handset")).findFirst().orElseThrow();
            Run c = runs.stream().filter(r -> r.round() == rr && r.kind().equals("connector")).findFirst()
                    .orElseThrow();
            // the handset network delivers each message as it is accepted: its delivered msg/s is its submit msg/s
            System.out.printf(Locale.ROOT, "connector-bench: round %d ratios connector/handset: submit %.2fx"
                    + " forwarded/delivered %.2fx receipts/s %.2fx cpu/msg %.2fx%n", round, c.tps() / h.tps(),
                    c.forwardedPerSecond() / h.tps(), c.receiptTps() / h.receiptTps(),
                    c.cpuPerMessage() / h.cpuPerMessage());
        }
    }

    /**
     * The upstream on its own: {@code tern bench} straight against it, with the load the connector
     * case puts on it (receipts after each submit_sm_resp), to show what it sustains on this machine
     * without Tern in between. Its CPU is this JVM's (the runner does nothing else meanwhile).
     */
    private static void upstreamAlone(int messages, int warmUp) throws Exception {
        try (Upstream upstream = new Upstream(false)) {
            long self = ProcessHandle.current().pid();
            bench(upstream.port(), self, warmUp, "4476", false);
            upstream.reset();
            Map<String, String> summary = bench(upstream.port(), self, messages, "4474", true);
            System.out.println("connector-bench: upstream alone: " + String.join(" ", summary.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
    }

    /** USER_HZ of /proc/PID/task/TID/stat: 100 on Linux. */
    private static final long TICKS_PER_SECOND = 100;

    /** utime+stime per thread name (digits folded, so the event loops add up), from /proc. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        Path dir = Path.of("/proc", Long.toString(pid), "task");
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(dir)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N")
                            .replaceAll("[^A-Za-z0-9_-]", "_");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static String line(Run r) {
        return r.kind() + " round " + r.round() + ": " + String.join(" ", r.summary().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList())
                + (r.kind().equals("connector") ? String.format(Locale.ROOT, " upstream_submits=%d forwarded_tps=%.0f",
                        r.upstreamSubmits(), r.forwardedPerSecond()) : "");
    }

    private static Run runCase(String kind, int round, int messages, int warmUp, Path work, Upstream upstream,
            Path jfr) throws Exception {
        Path dir = work.resolve(kind + "-" + round);
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, config(kind, dir.resolve("data"), upstream.port()));
        List<String> jvm = new ArrayList<>();
        // e.g. -XX:+PrintCompilation: options of Tern's JVM, for a look at what it does under load
        String extra = System.getProperty("tern.bench.jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        if (jfr != null) {
            Files.createDirectories(jfr);
            jvm.add("-XX:StartFlightRecording=filename=" + jfr.resolve(kind + "-" + round + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        TernProcess tern = TernProcess.start(config, dir.resolve("tern-serve.log"), READY, jvm);
        try {
            if (kind.equals("connector")) {
                upstream.awaitBound(connectorSessions, Duration.ofSeconds(30));
            }
            if (warmUp > 0) {
                bench(tern.port(), tern.pid(), warmUp, "4476", false);
            }
            upstream.reset();
            Map<String, Long> before = threadTicks(tern.pid());
            Map<String, String> summary = bench(tern.port(), tern.pid(), messages, "4474", true);
            // CPU per thread over the measured run: less disturbed by other work on the machine than rates
            threadTicks(tern.pid()).forEach((name, ticks) -> summary.put("cpu_us_per_msg_" + name,
                    String.format(Locale.ROOT, "%.1f", (ticks - before.getOrDefault(name, 0L)) * 1e6
                            / TICKS_PER_SECOND / messages)));
            long forwarded = upstream.submits.get();
            long answered = upstream.receiptsAnswered.get();
            summary.put("upstream_receipt_answer_ms", String.format(Locale.ROOT, "%.1f",
                    answered == 0 ? 0 : upstream.receiptAnswerNanos.get() / 1e6 / answered));
            double seconds = (upstream.lastSubmitNanos.get() - upstream.firstSubmitNanos.get()) / 1e9;
            // the bench's first submit precedes the upstream's first submit_sm by one hop; the span
            // from the upstream's first to its last submit_sm is what the connector sustained
            return new Run(kind, round, summary, forwarded, seconds > 0 ? forwarded / seconds : 0);
        } finally {
            tern.close();
        }
    }

    private static String config(String kind, Path data, int upstreamPort) {
        String hash = AccountService.hash(PASSWORD);
        List<String> lines = new ArrayList<>(List.of(
                "listeners:",
                "  - host: 127.0.0.1",
                "    port: 0",
                "store:",
                "  path: '" + data.toAbsolutePath() + "'",
                "accounts:",
                "  - system_id: bench",
                "    password_hash: '" + hash + "'",
                "handsets:",
                "  - {numbers: '*', behaviour: deliver}"));
        String commitDelay = System.getProperty("tern.bench.commit-delay");
        if (commitDelay != null) {
            lines.add(lines.indexOf("accounts:"), "  commit_delay: " + commitDelay);
        }
        if (kind.equals("connector")) {
            lines.addAll(List.of(
                    "connectors:",
                    "  - {name: up, host: 127.0.0.1, port: " + upstreamPort + ", system_id: tern, password: up123,",
                    "     bind: trx, sessions: " + connectorSessions + ", window: 100}",
                    "routes:",
                    "  - {destination: '*', target: 'connector:up'}"));
        } else {
            lines.addAll(List.of(
                    "routes:",
                    "  - {destination: '*', target: sim}"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** Runs {@code tern bench} against Tern in a child JVM; returns its SUMMARY line's keys. */
    static Map<String, String> bench(TernProcess tern, int messages, String prefix, boolean measured)
            throws IOException, InterruptedException {
        return bench(tern.port(), tern.pid(), messages, prefix, measured);
    }

    /** Runs {@code tern bench} in a child JVM against {@code port}; returns its SUMMARY line's keys. */
    private static Map<String, String> bench(int port, long pid, int messages, String prefix, boolean measured)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", TernProcess.testClasspath(), "io.tern.cli.Main",
                "bench", "--port", Integer.toString(port), "--system-id", "bench", "--password", PASSWORD,
                "--sessions", "4", "--window", "100", "--messages", Integer.toString(messages), "--dlr",
                "--receipt-wait", "120s", "--max-duration", "5m", "--dest-prefix", prefix));
        if (measured) {
            cmd.addAll(List.of("--cpu-pid", Long.toString(pid)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return TernProcess.benchSummary(p, Duration.ofMinutes(6));
    }

    /**
     * The in-memory upstream: Tern's {@link SmppServer} answering every submit_sm at once with a
     * fresh id and, when asked, a DELIVRD receipt sent right after on the same session (the
     * handler's answer is written with the read batch; the receipt goes through {@code send}).
     */
    static final class Upstream implements AutoCloseable {

        private final SmppServer server;
        private final AtomicLong ids = new AtomicLong();
        final AtomicLong submits = new AtomicLong();
        final AtomicLong firstSubmitNanos = new AtomicLong();
        final AtomicLong lastSubmitNanos = new AtomicLong();
        /** deliver_sm (receipts) answered by Tern, and the sum of their send-to-answer times. */
        final AtomicLong receiptsAnswered = new AtomicLong();
        final AtomicLong receiptAnswerNanos = new AtomicLong();
        private final java.util.Set<io.tern.smpp.session.SmppSession> bound =
                java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final int port;

        /** Sends the receipts when they go after the response: a hop off the event loop, back onto it. */
        private final java.util.concurrent.ExecutorService after;

        Upstream(boolean receiptFirst) {
            this.after = receiptFirst ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "upstream-receipts");
                t.setDaemon(true);
                return t;
            });
            SmppRequestHandler handler = (session, request) -> {
                if (request instanceof SubmitSm s) {
                    long now = System.nanoTime();
                    if (submits.getAndIncrement() == 0) {
                        firstSubmitNanos.set(now);
                    }
                    lastSubmitNanos.set(now);
                    String id = Long.toString(ids.incrementAndGet());
                    if ((s.registeredDelivery() & 0x03) != 0) {
                        DeliverSm receipt = receipt(s, id);
                        Runnable send = () -> {
                            long sent = System.nanoTime();
                            session.send(receipt).whenComplete((r, e) -> {
                                receiptAnswerNanos.addAndGet(System.nanoTime() - sent);
                                receiptsAnswered.incrementAndGet();
                            });
                        };
                        if (after == null) {
                            send.run(); // on the event loop: written before the response
                        } else {
                            // queued to the event loop from another thread: runs after this read
                            // batch, whose responses are flushed at its end
                            after.execute(send);
                        }
                    }
                    return CompletableFuture.<PduResponse>completedFuture(
                            new SubmitSmResp(s.sequenceNumber(), CommandStatus.ESME_ROK, id));
                }
                return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK));
            };
            SessionListener listener = new SessionListener() {
                @Override
                public void onBound(io.tern.smpp.session.SmppSession s) {
                    bound.add(s);
                }

                @Override
                public void onClosed(io.tern.smpp.session.SmppSession s) {
                    bound.remove(s);
                }
            };
            SmppServerConfig config = new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0)), "UPSTREAM",
                    SessionConfig.DEFAULTS.withMaxInflightInbound(10_000).withMaxPendingSends(100_000), 2);
            this.server = new SmppServer(config,
                    info -> CompletableFuture.completedFuture(BindResult.accept(handler)), listener);
            this.port = server.start().join().get(0);
        }

        private static DeliverSm receipt(SubmitSm s, String id) {
            Instant now = Instant.now();
            String text = DeliveryReceipt.of(id, 1, 1, now, now, ReceiptStat.DELIVRD, "000", "").format();
            return new DeliverSm(0, "", s.destinationAddr(), s.sourceAddr(), 0x04, 0, 0, "", "", 0, 0, 0, 0,
                    text.getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY);
        }

        int port() {
            return port;
        }

        void reset() {
            receiptsAnswered.set(0);
            receiptAnswerNanos.set(0);
            submits.set(0);
            firstSubmitNanos.set(0);
            lastSubmitNanos.set(0);
        }

        void awaitBound(int n, Duration timeout) {
            org.awaitility.Awaitility.await().atMost(timeout).until(() -> bound.size() >= n);
        }

        @Override
        public void close() {
            server.close();
            if (after != null) {
                after.shutdownNow();
            }
        }
    }
}
