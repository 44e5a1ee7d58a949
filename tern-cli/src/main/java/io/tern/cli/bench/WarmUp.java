package io.tern.cli.bench;

import io.tern.http.TernServer;
import io.tern.smpp.pdu.BindType;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * {@code tern serve --warm-up}: before Tern opens its own listeners, a scratch Tern in the same JVM
 * (its own SQLite store in a temporary directory, one account, every message to the virtual
 * handset network, SMPP on a loopback port of its own) takes a bounded load from the
 * in-process load generator: submit_sm with receipts over four transceivers. The JIT compiles the
 * codec, the session layer, the submission path, the store writer and the scheduler under that
 * load, so the first client of the real server meets compiled code, not the interpreter; then the
 * scratch Tern is closed and its directory deleted. Nothing of it reaches the real data directory.
 */
public final class WarmUp {

    /** At most this many messages, fewer if the time given runs out first. */
    static final long MESSAGES = 150_000;

    private WarmUp() {
    }

    /** What the warm-up did. */
    public record Result(long messages, long receipts, Duration took) {
    }

    /**
     * Runs the warm-up for at most {@code budget} (plus the scratch server's start and stop).
     *
     * @throws IllegalArgumentException if {@code budget} is not positive
     */
    public static Result run(Duration budget) throws IOException, InterruptedException {
        return run(budget, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #run(Duration)} with the scratch directory made in {@code parent}. */
    static Result run(Duration budget, Path parent) throws IOException, InterruptedException {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("--warm-up must be positive, was " + budget);
        }
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory(parent, "tern-warm-up");
        try {
            byte[] secret = new byte[4]; // an SMPP 3.4 password is at most 8 characters
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            String yaml = "listeners: [{host: 127.0.0.1, port: 0}]\n"
                    + "store: {path: '" + dir.resolve("data").toAbsolutePath() + "'}\n"
                    + "accounts: [{system_id: warm-up, password_hash: '" + AccountService.hash(password) + "'}]\n"
                    + "routes: [{destination: '*', target: sim}]\n";
            BenchResult r;
            try (TernServer scratch = TernServer.start(ConfigDocument.parse(yaml, dir), c -> c, Clock.systemUTC())) {
                BenchConfig load = new BenchConfig("127.0.0.1", scratch.smsc().ports().get(0), "warm-up", password,
                        BindType.TRANSCEIVER, 4, 0, 100, MESSAGES, 0, true, false, "Tern warm-up message", false, 1,
                        "4479000000", "4470", Duration.ofSeconds(30), Duration.ofSeconds(5), budget, Duration.ZERO);
                r = new LoadGenerator(load, 0, new PrintStream(OutputStream.nullOutputStream())).run();
            }
            return new Result(r.ok(), r.receiptsReceived(), Duration.ofNanos(System.nanoTime() - started));
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
