package io.tern.cli.bench;

import io.tern.http.TernServer;
import io.tern.smpp.pdu.BindType;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.config.ConfigDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tern serve --warm-up}: before Tern opens its own listeners, a scratch Tern in the same JVM
 * (its own SQLite store in a temporary directory, one account, every message to the virtual
 * handset network, SMPP on a loopback port of its own) takes a load from the in-process load
 * generator: submit_sm with receipts over four transceivers. The JIT compiles the codec, the
 * session layer, the submission path, the store writer and the scheduler under that load, so the
 * first client of the real server meets compiled code, not the interpreter.
 *
 * <p>The load runs in rounds of at most {@link #ROUND_MESSAGES}, each through a fresh scratch Tern
 * whose directory is deleted after it (so the scratch store never holds more than one round), until
 * the JIT has settled (a round in which it compiled for less than {@link #SETTLED} of the round's
 * time, summed over its threads) or the time given runs out. A fixed load of 150,000 messages
 * stopped after 6–9 s on 2 cores while the JIT was still compiling for all of each second (a second
 * round of 150,000 saw 6.6 s of compiling in 6.5 s), and real traffic then met it half compiled
 * (docs/PERFORMANCE.md, "Latency from the first second after start").
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /** At most this many messages a round, fewer if the time given runs out first. */
    static final long ROUND_MESSAGES = 150_000;
    /** The JIT's share of a round's time under which it counts as settled. */
    static final double SETTLED = 0.05;

    private WarmUp() {
    }

    /** What the warm-up did: the messages and receipts of all its rounds, and whether the JIT settled. */
    public record Result(long messages, long receipts, int rounds, boolean settled, Duration took) {
    }

    /**
     * Runs the warm-up for at most {@code budget} (plus the scratch servers' start and stop).
     *
     * @throws IllegalArgumentException if {@code budget} is not positive
     */
    public static Result run(Duration budget) throws IOException, InterruptedException {
        return run(budget, Path.of(System.getProperty("java.io.tmpdir")), JitClock.OF_THIS_JVM, ROUND_MESSAGES);
    }

    /** The time the JIT has spent compiling so far, in milliseconds (across its threads). */
    @FunctionalInterface
    interface JitClock {
        JitClock OF_THIS_JVM = () -> {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        };

        /** Milliseconds, or negative when this JVM cannot tell (then the rounds run until the time is up). */
        long compiledMillis();
    }

    /**
     * {@link #run(Duration)} with the scratch directories made in {@code parent}, the JIT read by
     * {@code jit} and rounds of {@code roundMessages}.
     */
    static Result run(Duration budget, Path parent, JitClock jit, long roundMessages)
            throws IOException, InterruptedException {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("--warm-up must be positive, was " + budget);
        }
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        long messages = 0;
        long receipts = 0;
        int rounds = 0;
        boolean settled = false;
        while (!settled && System.nanoTime() < deadline) {
            long roundStart = System.nanoTime();
            long compiledBefore = jit.compiledMillis();
            BenchResult r = round(Duration.ofNanos(deadline - roundStart), parent, roundMessages);
            rounds++;
            messages += r.ok();
            receipts += r.receiptsReceived();
            long compiled = jit.compiledMillis() - compiledBefore;
            long roundMillis = (System.nanoTime() - roundStart) / 1_000_000;
            settled = compiledBefore >= 0 && r.ok() == roundMessages && compiled < roundMillis * SETTLED;
            log.info("warm-up round {}: {} messages in {} ms, the JIT compiling for {} ms of it", rounds, r.ok(),
                    roundMillis, compiledBefore >= 0 ? compiled : "?");
        }
        return new Result(messages, receipts, rounds, settled, Duration.ofNanos(System.nanoTime() - started));
    }

    /** One round: a fresh scratch Tern in a directory of its own, deleted after it. */
    private static BenchResult round(Duration left, Path parent, long messages)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, "tern-warm-up");
        try {
            byte[] secret = new byte[4]; // an SMPP 3.4 password is at most 8 characters
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            String yaml = "listeners: [{host: 127.0.0.1, port: 0}]\n"
                    + "store: {path: '" + dir.resolve("data").toAbsolutePath() + "'}\n"
                    + "accounts: [{system_id: warm-up, password_hash: '" + AccountService.hash(password) + "'}]\n"
                    + "routes: [{destination: '*', target: sim}]\n";
            try (TernServer scratch = TernServer.start(ConfigDocument.parse(yaml, dir), c -> c, Clock.systemUTC())) {
                BenchConfig load = new BenchConfig("127.0.0.1", scratch.smsc().ports().get(0), "warm-up", password,
                        BindType.TRANSCEIVER, 4, 0, 100, messages, 0, true, false, "Tern warm-up message", false,
                        1, "4479000000", "4470", Duration.ofSeconds(30), Duration.ofSeconds(5), left, Duration.ZERO);
                return new LoadGenerator(load, 0, new PrintStream(OutputStream.nullOutputStream())).run();
            }
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
