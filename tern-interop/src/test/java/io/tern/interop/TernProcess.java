package io.tern.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tern serve} in a child JVM, run on this module's test classpath: started, waited for
 * until it prints its port, and killed with SIGKILL ({@link Process#destroyForcibly()} on Linux)
 * or stopped with SIGTERM. Its stdout and stderr go to one log file, appended across restarts.
 */
final class TernProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^tern: listening on (\\d+)");
    private static final Pattern HTTP = Pattern.compile("^tern: http on [^ ]+:(\\d+) ");

    private final Process process;
    private final int port;
    /** The HTTP port, once the child printed it (the line after the SMPP port, when {@code http:} is set). */
    private final CompletableFuture<Integer> httpPort;

    private TernProcess(Process process, int port, CompletableFuture<Integer> httpPort) {
        this.process = process;
        this.port = port;
        this.httpPort = httpPort;
    }

    /** The crash tests' JVM: small heap, C1 only, serial GC, so that a restart is quick. */
    static final List<String> CRASH_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");

    /** Starts {@code tern serve --config CONFIG --port 0} in a {@link #CRASH_JVM} and waits until it listens. */
    static TernProcess start(Path config, Path log, Duration readyTimeout) throws IOException {
        return start(config, log, readyTimeout, CRASH_JVM);
    }

    /** Starts {@code tern serve --config CONFIG --port 0} with these JVM options and waits until it listens. */
    static TernProcess start(Path config, Path log, Duration readyTimeout, List<String> jvmOptions)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", testClasspath(), "io.tern.cli.Main", "serve", "--config", config.toString(),
                "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        CompletableFuture<Integer> http = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, ready, http), "tern-child-output-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            return new TernProcess(p, ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS), http);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            p.destroyForcibly();
            throw new IllegalStateException("tern serve did not report its port within " + readyTimeout
                    + " (exit " + (p.isAlive() ? "none" : String.valueOf(p.exitValue())) + "); see " + log, e);
        }
    }

    /**
     * Writes {@code work/NODE.yaml}: node {@code node} of a cluster on the PostgreSQL at {@code url}
     * (its own data directory under {@code work}), delivery leases of {@code lease}, then {@code body}
     * (accounts, handsets, routes, ...), one configuration line an element.
     */
    static Path clusterConfig(Path work, String node, String url, Duration lease, String... body) throws IOException {
        Path data = work.resolve(node);
        Files.createDirectories(data);
        List<String> lines = new ArrayList<>(List.of(
                "node_id: " + node,
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "store: {type: postgresql, url: '" + url + "', user: postgres, pool_size: 3, path: '"
                        + data.toAbsolutePath() + "'}",
                "smpp: {response_timeout: 1s}",
                "delivery: {scan_interval: 200ms, lease: " + lease.toSeconds() + "s, retry: {initial: 200ms, max: 2s}}"));
        lines.addAll(List.of(body));
        lines.add("");
        Path file = work.resolve(node + ".yaml");
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    /** Surefire puts the real test classpath here; a plain {@code java -cp} run has it in java.class.path. */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static void pump(Process p, Path log, CompletableFuture<Integer> ready, CompletableFuture<Integer> http) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            out.write("---- pid " + p.pid() + "\n");
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = LISTENING.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(Integer.parseInt(m.group(1)));
                }
                Matcher h = HTTP.matcher(line);
                if (!http.isDone() && h.find()) {
                    http.complete(Integer.parseInt(h.group(1)));
                }
            }
        } catch (IOException e) {
            // the child died; the waiter below reports it
        } finally {
            ready.completeExceptionally(new IllegalStateException("tern serve exited before listening"));
            http.completeExceptionally(new IllegalStateException("tern serve exited before serving HTTP"));
        }
    }

    int port() {
        return port;
    }

    /** The HTTP listener's port; the configuration must have {@code http:}. */
    int httpPort() throws Exception {
        return httpPort.get(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no drain, no final commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM and the exit code, or -1 if it had to be killed after {@code grace}. */
    int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    /** SIGTERM, the graceful stop; SIGKILL if it has not exited after {@code grace}. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * Reads a {@code tern bench} child's output to its end and returns its SUMMARY line's keys; fails
     * if it does not exit within {@code within} or prints no SUMMARY.
     */
    static java.util.Map<String, String> benchSummary(Process p, Duration within)
            throws IOException, InterruptedException {
        java.util.Map<String, String> summary = new java.util.HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("SUMMARY")) {
                    for (String kv : line.substring("SUMMARY".length()).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        summary.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tern bench did not finish");
        }
        if (summary.isEmpty()) {
            throw new IllegalStateException("tern bench printed no SUMMARY (exit " + p.exitValue() + ")");
        }
        return summary;
    }
}
