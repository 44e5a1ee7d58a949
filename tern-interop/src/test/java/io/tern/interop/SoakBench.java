package io.tern.interop;

import io.tern.smsc.account.AccountService;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A soak: one {@code tern serve} (JDK defaults, fresh data directory) under steady paced traffic
 * with receipts, clients that vanish mid-window, and hostile connections, round after round, with
 * its resources sampled after each round: heap after a full GC, resident memory, live threads,
 * open files, SMPP sessions still bound, the store's files. A program that prints figures, not a
 * test: what it shows is whether anything grows with the hours a server runs.
 *
 * <p>Rounds cycle through three kinds:
 * <ul>
 *   <li>{@code steady}: {@code tern bench} in a child JVM, 4 transceivers, window 50, paced at
 *       {@code rate} msg/s with receipts for {@code roundSeconds}; its SUMMARY must say none lost;
 *   <li>{@code vanish}: the same, but the bench process is killed (SIGKILL) half-way: sessions
 *       drop with submits and receipts in flight, no unbind;
 *   <li>{@code hostile}: from this JVM, 100 connections each of: closed at once; 16 octets of
 *       garbage; bind_transceiver of an unknown system_id; a good bind dropped without unbind.
 *       Then a steady round.
 * </ul>
 * At the end it waits (bounded) until no message is pending and compares what Tern accepted
 * ({@code tern_submits_total{status="ESME_ROK"}}) with what it delivered; after Tern's graceful stop it
 * counts the store's messages by state and receipt state.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl tern-interop -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-interop/target/test-classes:tern-interop/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.interop.SoakBench [minutes=10] [rate=2000] [roundSeconds=20]
 * </pre>
 */
public final class SoakBench {

    private static final String PASSWORD = "soak1234";
    private static final int HOSTILE_EACH = 100;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private SoakBench() {
    }

    record Sample(int round, String kind, double elapsedMin, long heapAfterGcKb, long rssKb, long threads,
            long openFiles, long sessionsBound, long dbKb, long walKb, String bench) {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int roundSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createTempDirectory("tern-soak-bench");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, String.join("\n",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "http: {host: 127.0.0.1, port: 0}",
                "store: {path: '" + data.toAbsolutePath() + "'}",
                "accounts:",
                "  - {system_id: soak, password_hash: '" + AccountService.hash(PASSWORD) + "', max_binds: 64}",
                "handsets:",
                "  - {numbers: '*', behaviour: deliver}",
                "routes:",
                "  - {destination: '*', target: sim}",
                ""));
        System.out.printf(Locale.ROOT, "soak-bench: minutes=%d rate=%d round_s=%d dir=%s%n", minutes, rate,
                roundSeconds, dir);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MINUTES.toNanos(minutes);
        List<Sample> samples = new ArrayList<>();
        long steadyLost = 0;
        long steadyOk = 0;
        try (TernProcess tern = TernProcess.start(config, dir.resolve("tern-serve.log"), Duration.ofSeconds(60),
                List.of())) {
            int http = tern.httpPort();
            samples.add(sample(tern, http, data, 0, "start", started, "-"));
            print(samples.get(0));
            for (int round = 1; System.nanoTime() < deadline; round++) {
                String kind = switch (round % 3) {
                    case 1 -> "steady";
                    case 2 -> "vanish";
                    default -> "hostile";
                };
                String bench;
                if (kind.equals("vanish")) {
                    vanish(tern.port(), rate, roundSeconds, round);
                    bench = "bench killed after " + roundSeconds / 2 + " s";
                } else {
                    String before = kind.equals("hostile") ? hostile(tern.port()) + ", then " : "";
                    Map<String, String> s = bench(tern.port(), rate, roundSeconds, round);
                    steadyLost += Long.parseLong(s.getOrDefault("lost", "0"));
                    steadyOk += Long.parseLong(s.getOrDefault("ok", "0"));
                    bench = before + summary(s);
                }
                Sample sm = sample(tern, http, data, round, kind, started, bench);
                samples.add(sm);
                print(sm);
            }
            // everything accepted, the vanished rounds' messages and receipts included, must be delivered
            long drainUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            Map<String, Double> m = metrics(http);
            // (the gauges are refreshed on a duty cycle: polled until they agree, or the bound is reached)
            while ((pending(m) > 0 || delivered(m) < accepted(m)) && System.nanoTime() < drainUntil) {
                Thread.sleep(1_000); // polling the server's gauges, not a test's outcome
                m = metrics(http);
            }
            System.out.printf(Locale.ROOT, "soak-bench: end: accepted=%.0f delivered=%.0f pending=%.0f"
                    + " steady_ok=%d steady_lost=%d%n", accepted(m), delivered(m), pending(m), steadyOk, steadyLost);
        }
        // after the graceful stop, the store itself: every message's state and receipt state
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tern.db"));
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(
                        "SELECT state, receipt_state, count(*) FROM message GROUP BY 1, 2 ORDER BY 1, 2")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add("state " + rs.getInt(1) + " receipt_state " + rs.getInt(2) + ": " + rs.getLong(3));
            }
            System.out.println("soak-bench: store after stop (2 = DELIVERED; receipt_state 2 = sent, 1 = pending): "
                    + String.join(", ", rows));
        }
        verdict(samples);
    }

    private static void print(Sample s) {
        System.out.printf(Locale.ROOT, "soak-bench: round=%d kind=%s t_min=%.1f heap_after_gc_mb=%.1f rss_mb=%.0f"
                + " threads=%d open_files=%d sessions_bound=%d db_mb=%.1f wal_mb=%.1f | %s%n", s.round(), s.kind(),
                s.elapsedMin(), s.heapAfterGcKb() / 1024.0, s.rssKb() / 1024.0, s.threads(), s.openFiles(),
                s.sessionsBound(), s.dbKb() / 1024.0, s.walKb() / 1024.0, s.bench());
    }

    /** Growth from the first third of the run to the last third (medians), per resource. */
    private static void verdict(List<Sample> samples) {
        List<Sample> rounds = samples.subList(1, samples.size());
        if (rounds.size() < 6) {
            System.out.println("soak-bench: too few rounds for a verdict (" + rounds.size() + ")");
            return;
        }
        int third = rounds.size() / 3;
        List<Sample> first = rounds.subList(0, third);
        List<Sample> last = rounds.subList(rounds.size() - third, rounds.size());
        System.out.printf(Locale.ROOT, "soak-bench: first third -> last third (medians): heap_after_gc_mb %.1f -> %.1f,"
                + " rss_mb %.0f -> %.0f, threads %d -> %d, open_files %d -> %d, sessions_bound max %d%n",
                median(first, Sample::heapAfterGcKb) / 1024.0, median(last, Sample::heapAfterGcKb) / 1024.0,
                median(first, Sample::rssKb) / 1024.0, median(last, Sample::rssKb) / 1024.0,
                median(first, Sample::threads), median(last, Sample::threads),
                median(first, Sample::openFiles), median(last, Sample::openFiles),
                rounds.stream().mapToLong(Sample::sessionsBound).max().orElse(0));
    }

    private static long median(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
        long[] v = s.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static double accepted(Map<String, Double> m) {
        return sum(m, "tern_submits_total", "status=\"ESME_ROK\"");
    }

    private static double delivered(Map<String, Double> m) {
        return sum(m, "tern_messages", "state=\"delivered\"");
    }

    private static double pending(Map<String, Double> m) {
        return sum(m, "tern_messages_waiting", "");
    }

    private static double sum(Map<String, Double> m, String name, String labelPart) {
        return m.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> e.getKey().contains(labelPart))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static Sample sample(TernProcess tern, int http, Path data, int round, String kind, long started,
            String bench) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(tern.pid()), "GC.run").redirectErrorStream(true).redirectOutput(
                        ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            throw new IllegalStateException("jcmd GC.run did not finish");
        }
        // the sessions of the round just ended should all be gone: waited for, bounded, then reported as found
        Map<String, Double> m = metrics(http);
        long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sum(m, "tern_sessions_bound", "") > 0 && System.nanoTime() < settleUntil) {
            Thread.sleep(250); // polling the server's gauge, not a test's outcome
            m = metrics(http);
        }
        long heap = (long) (sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1024);
        long threads = (long) sum(m, "jvm_threads_live_threads", "");
        long sessions = (long) sum(m, "tern_sessions_bound", "");
        long files;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(tern.pid()), "fd"))) {
            files = fds.count();
        }
        return new Sample(round, kind, (System.nanoTime() - started) / 60e9, heap, rssKb(tern.pid()), threads, files,
                sessions, sizeKb(data.resolve("tern.db")), sizeKb(data.resolve("tern.db-wal")), bench);
    }

    private static long sizeKb(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) / 1024 : 0;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The server's metrics, one entry per series ({@code name{labels}} or {@code name}). */
    private static Map<String, Double> metrics(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        Map<String, Double> out = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            Matcher x = SAMPLE.matcher(line);
            if (!line.startsWith("#") && x.matches()) {
                try {
                    out.put(x.group(1) + (x.group(2) == null ? "" : x.group(2)), Double.parseDouble(x.group(3)));
                } catch (NumberFormatException e) {
                    // NaN and the like: not a count
                }
            }
        }
        return out;
    }

    private static String summary(Map<String, String> s) {
        return String.join(" ", Stream.of("ok", "failed", "lost", "receipts", "tps", "p99_ms", "receipt_p99_ms")
                .map(k -> k + "=" + s.getOrDefault(k, "?")).toList());
    }

    /** A steady round: {@code tern bench} paced for {@code seconds}; its SUMMARY's keys. */
    private static Map<String, String> bench(int port, int rate, int seconds, int round)
            throws IOException, InterruptedException {
        Process p = benchProcess(port, rate, seconds, round);
        return TernProcess.benchSummary(p, Duration.ofMinutes(5));
    }

    /** A vanishing client: the bench is killed (SIGKILL) half-way through its round. */
    private static void vanish(int port, int rate, int seconds, int round) throws Exception {
        Process p = benchProcess(port, rate, seconds, round);
        Thread drain = new Thread(() -> {
            try {
                p.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process was killed
            }
        });
        drain.start();
        if (p.waitFor(seconds / 2, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tern bench ended before it was to be killed (exit " + p.exitValue() + ")");
        }
        p.destroyForcibly();
        p.waitFor(60, TimeUnit.SECONDS);
        drain.join(60_000);
    }

    private static Process benchProcess(int port, int rate, int seconds, int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", TernProcess.testClasspath(), "io.tern.cli.Main", "bench", "--port",
                Integer.toString(port), "--system-id", "soak", "--password", PASSWORD, "--sessions", "4", "--window",
                "50", "--rate", Integer.toString(rate), "--messages", Integer.toString(rate * seconds), "--dlr",
                "--receipt-wait", "60s", "--max-duration", "5m", "--dest-prefix", String.format(Locale.ROOT,
                        "44%04d", round % 10_000));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Hostile connections from this JVM; what Tern answered each kind. */
    private static String hostile(int port) throws IOException {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < HOSTILE_EACH; i++) {
            try (Socket s = connect(port)) {
                seen.merge("closed_at_once", 1, Integer::sum);
            }
            try (Socket s = connect(port)) {
                s.getOutputStream().write(new byte[] {0, 0, 0, 16, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8});
                seen.merge("garbage:" + answer(s), 1, Integer::sum);
            }
            try (Socket s = connect(port)) {
                // another system_id: ten failures lock a system_id out from this address (smpp.bind_lockout)
                s.getOutputStream().write(bindTransceiver("intruder", "wrong!", i));
                seen.merge("bad_password:" + answer(s), 1, Integer::sum);
            }
            try (Socket s = connect(port)) {
                s.getOutputStream().write(bindTransceiver("soak", PASSWORD, i));
                seen.merge("bound_then_dropped:" + answer(s), 1, Integer::sum);
            }
        }
        return "hostile " + seen;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** The first PDU Tern sends back, as {@code command_id/command_status} in hex, or how the connection ended. */
    private static String answer(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            int length = in.readInt();
            int id = in.readInt();
            int status = in.readInt();
            in.skipNBytes(Math.max(0, length - 12));
            return String.format(Locale.ROOT, "%08x/%x", id, status);
        } catch (EOFException e) {
            return "closed";
        } catch (SocketTimeoutException e) {
            return "no_answer";
        } catch (IOException e) {
            return "reset";
        }
    }

    private static byte[] bindTransceiver(String systemId, String password, int sequence) {
        byte[] id = systemId.getBytes(StandardCharsets.US_ASCII);
        byte[] pw = password.getBytes(StandardCharsets.US_ASCII);
        int length = 16 + id.length + 1 + pw.length + 1 + 1 + 3 + 1;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(length).putInt(0x00000009).putInt(0).putInt(sequence + 1);
        b.put(id).put((byte) 0).put(pw).put((byte) 0).put((byte) 0); // system_type ""
        b.put((byte) 0x34).put((byte) 0).put((byte) 0).put((byte) 0); // version, ton, npi, address_range ""
        return b.array();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
