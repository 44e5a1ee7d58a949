package io.tern.interop;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The part every SIGKILL experiment ({@link CrashHarness}, {@link ConnectorCrashHarness}) shares: a
 * {@code tern serve} child configured for fast recovery, the ESME account {@code load} keeping a
 * window of submit_sm open until the child is killed at a random moment, every message_id answered
 * ESME_ROK recorded, and after each restart query_sm asked for every one of them.
 */
final class CrashLoad {

    static final String LOAD = "load";
    static final String PASSWORD = "crash123";
    static final Address SOURCE = Address.international("4470000001");
    static final Duration READY = Duration.ofSeconds(60);
    /** query_sm outstanding at once. */
    private static final int QUERY_WINDOW = 100;

    /** The submit_sm number {@code n} of a cycle, carrying {@code text} (unique over the experiment). */
    interface Submits {
        SubmitSm submit(String text, int n);
    }

    /** What one cycle came to: acknowledgements in it, and the kill's random moment. */
    record Cycle(int acks, int target, long extraMicros) {
    }

    private final String name;
    private final int window;
    private final PrintStream out;
    private final Random random;
    /** message_id → text, for every ESME_ROK. */
    final Map<String, String> acked = new ConcurrentHashMap<>();
    /** Acknowledged ids that query_sm did not know after some restart. */
    final Map<String, Boolean> lostIds = new ConcurrentHashMap<>();
    /** ESME_ROK answers whose message_id had already been given to another message. */
    final AtomicLong idReuse = new AtomicLong();
    /** submit_sm sent (acknowledged, refused, or unanswered because of the kill). */
    final AtomicLong submits = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong queries = new AtomicLong();
    /** System.nanoTime() of each SIGKILL. */
    final List<Long> kills = new CopyOnWriteArrayList<>();

    /** @param name the experiment's name, which starts each line it prints */
    CrashLoad(String name, long seed, int window, PrintStream out) {
        this.name = name;
        this.window = window;
        this.out = out;
        this.random = new Random(seed);
    }

    /**
     * Writes {@code tern.yaml} in {@code work}: a loopback listener on port 0, the data directory
     * {@code work/data}, the account {@code load}, and then {@code delivery} (indented under the
     * {@code delivery:} key) and {@code rest} (top-level keys). A message claimed for delivery when the
     * SMSC dies is retried when its lease ends (2 x response_timeout + 30 s): a short response_timeout
     * keeps that wait short.
     */
    static Path writeConfig(Path work, List<String> delivery, List<String> rest) throws IOException {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        List<String> yaml = new ArrayList<>(List.of(
                "listeners:",
                "  - host: 127.0.0.1",
                "    port: 0",
                "store:",
                "  path: '" + data.toAbsolutePath() + "'",
                "smpp:",
                "  response_timeout: 2s",
                "delivery:",
                "  scan_interval: 200ms",
                "  retry: {initial: 200ms, max: 2s}"));
        delivery.forEach(line -> yaml.add("  " + line));
        yaml.addAll(List.of(
                "accounts:",
                "  - system_id: " + LOAD,
                "    password_hash: '" + AccountService.hash(PASSWORD) + "'"));
        yaml.addAll(rest);
        yaml.add("");
        Path file = work.resolve("tern.yaml");
        Files.writeString(file, String.join("\n", yaml));
        return file;
    }

    /** An ESME client of the child: no automatic rebind (a killed SMSC ends the cycle). */
    SmppClient client(int port, String systemId, BindType type, SmppRequestHandler handler) {
        SessionConfig session = SessionConfig.DEFAULTS.withWindowSize(Math.max(window, QUERY_WINDOW))
                .withMaxPendingSends(0)
                .withTimers(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        SmppClientConfig cfg = SmppClientConfig.of("127.0.0.1", port, systemId, PASSWORD, type)
                .withSession(session)
                .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new SmppClient(cfg, handler, SessionListener.NONE);
    }

    /**
     * Keeps {@code window} submit_sm outstanding until the session dies. Once this cycle has a random
     * number of acknowledgements in {@code [minAcks, maxAcks]}, a killer thread waits a random few
     * milliseconds more and sends SIGKILL, so the kill lands mid-window, mid-commit, mid-delivery.
     *
     * @param textPrefix each submit's text is this prefix and the submit's number in the cycle
     */
    Cycle untilKilled(SmppSession session, TernProcess tern, int minAcks, int maxAcks, String textPrefix,
            Submits submitsOf) throws Exception {
        int target = minAcks + random.nextInt(maxAcks - minAcks + 1);
        long extraMicros = random.nextInt(20_000);
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger cycleAcks = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            try {
                while (cycleAcks.get() < target && !session.closeFuture().isDone()) {
                    LockSupport.parkNanos(100_000);
                }
                TimeUnit.MICROSECONDS.sleep(extraMicros);
                kills.add(System.nanoTime());
                tern.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                killed.set(true);
            }
        }, name + "-killer");
        killer.start();
        int n = 0;
        while (!session.closeFuture().isDone()) {
            if (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                continue;
            }
            String text = textPrefix + n;
            SubmitSm submit = submitsOf.submit(text, n);
            n++;
            submits.incrementAndGet();
            session.send(submit).whenComplete((PduResponse r, Throwable e) -> {
                try {
                    if (e != null) {
                        return; // unanswered: the kill came first; it may or may not have been stored
                    }
                    if (r instanceof SubmitSmResp resp && resp.commandStatus() == CommandStatus.ESME_ROK) {
                        if (acked.putIfAbsent(resp.messageId(), text) != null) {
                            idReuse.incrementAndGet();
                        }
                        cycleAcks.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        killer.join(TimeUnit.SECONDS.toMillis(60));
        if (!killed.get()) {
            throw new IllegalStateException("killer thread did not finish");
        }
        // every outstanding submit fails with the session; wait until the window is whole again
        if (!inFlight.tryAcquire(window, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("submit_sm futures still pending 30 s after the kill");
        }
        return new Cycle(cycleAcks.get(), target, extraMicros);
    }

    /** query_sm for every acknowledged id, pipelined; records (and prints) the ones the SMSC does not know. */
    void checkAllKnown(SmppSession session, String when) throws Exception {
        Map<String, Integer> states = query(session, List.copyOf(acked.keySet()));
        List<String> unknown = states.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey)
                .toList();
        unknown.forEach(id -> lostIds.put(id, Boolean.TRUE));
        if (!unknown.isEmpty()) {
            out.println(name + ": LOST after " + when + ": " + unknown.size()
                    + " acknowledged ids unknown to query_sm, e.g. " + unknown.subList(0, Math.min(5, unknown.size())));
        }
    }

    /** message_id → message_state, or -1 for ESME_RINVMSGID; any other answer fails the run. */
    Map<String, Integer> query(SmppSession session, Collection<String> ids) throws Exception {
        Map<String, Integer> states = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(QUERY_WINDOW);
        for (String id : ids) {
            inFlight.acquire();
            queries.incrementAndGet();
            session.send(new QuerySm(0, id, SOURCE)).whenComplete((PduResponse r, Throwable e) -> {
                try {
                    if (e != null) {
                        failures.put(id, e.toString());
                    } else if (r instanceof QuerySmResp q && q.commandStatus() == CommandStatus.ESME_ROK) {
                        states.put(id, q.messageState());
                    } else if (r.commandStatus() == CommandStatus.ESME_RINVMSGID) {
                        states.put(id, -1);
                    } else {
                        failures.put(id, r.toString());
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        if (!inFlight.tryAcquire(QUERY_WINDOW, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("query_sm answers missing after 60 s");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " query_sm failed, e.g. "
                    + failures.entrySet().iterator().next());
        }
        return states;
    }
}
