package io.tern.interop;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The crash experiment behind docs/architecture.md, promise 1 ("an OK is a promise") and contract 2
 * (at-least-once forwarding): a child JVM running {@code tern serve} takes a windowed submit_sm
 * load and is killed with SIGKILL at a random moment, then restarted on the same data directory,
 * many times. Every message_id answered ESME_ROK is recorded; after each restart every one of them
 * must be known to query_sm, and at the end every one must reach DELIVERED.
 *
 * <p>Messages are addressed to an ESME account ({@code sink}, bound as receiver by this harness),
 * not to the virtual handsets, so that deliveries are observed on the wire: each submit carries a
 * unique text, and a text seen in more than one deliver_sm is a real duplicate (the deliver_sm_resp
 * was sent but the DELIVERED state was not yet committed when the SMSC died).
 */
final class CrashHarness {

    /**
     * @param cycles SIGKILLs (each followed by a restart)
     * @param minAcks,maxAcks the kill comes after a random number of acknowledgements in this range
     * @param window outstanding submit_sm per cycle
     * @param deliveryTimeout how long the final phase waits for every message to reach DELIVERED
     *     (and, with receipts, for every receipt)
     * @param receipts submit with registered_delivery=1 from a transceiver and require a delivery
     *     receipt for every acknowledged message at the end
     */
    record Params(long seed, int cycles, int minAcks, int maxAcks, int window, Duration deliveryTimeout,
            boolean receipts) {
    }

    /**
     * @param acknowledged distinct message_ids answered ESME_ROK over all cycles
     * @param found of those, known to query_sm after the last restart
     * @param lost acknowledged ids that query_sm did not know after some restart (ESME_RINVMSGID)
     * @param delivered acknowledged ids in state DELIVERED at the end
     * @param neverSeen acknowledged texts the sink never received
     * @param duplicates deliver_sm beyond the first, per text
     * @param sameRunDuplicates of those, repeated by the same process (so not caused by a kill)
     * @param receiptsMissing acknowledged messages without a delivery receipt at the end (0 when
     *     receipts were not requested)
     * @param receiptDuplicates receipts beyond the first per message
     * @param idReuse ESME_ROK answers whose message_id had already been given to another message
     * @param drain from the last restart until every acknowledged message was DELIVERED
     * @param submits submit_sm sent (acknowledged, refused, or unanswered because of the kill)
     */
    record Result(int cycles, long acknowledged, long found, long lost, long delivered, long neverSeen,
            long duplicates, long sameRunDuplicates, long receiptsMissing, long receiptDuplicates, long idReuse, long submits, long refused, long queries,
            Duration drain, Duration elapsed) {

        String line() {
            return "acknowledged=" + acknowledged + " found=" + found + " lost=" + lost + " duplicates=" + duplicates
                    + " (same_run=" + sameRunDuplicates + ")" + " receipts_missing=" + receiptsMissing
                    + " receipt_duplicates=" + receiptDuplicates
                    + " delivered=" + delivered + " never_seen=" + neverSeen + " id_reuse=" + idReuse
                    + " cycles=" + cycles + " submits=" + submits + " refused=" + refused + " queries=" + queries
                    + " final_drain=" + drain.toMillis() + "ms elapsed=" + elapsed.toMillis() + "ms";
        }
    }

    private static final String LOAD = "load";
    private static final String SINK = "sink";
    private static final String PASSWORD = "crash123";
    private static final Address SOURCE = Address.international("4470000001");
    private static final String SINK_PREFIX = "4479";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Pattern RECEIPT_ID = Pattern.compile("^id:(\\S+)");

    private final Params params;
    private final Path work;
    private final PrintStream out;
    private final Random random;
    /** message_id → text, for every ESME_ROK. */
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    /** text → deliver_sm received by the sink. */
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    /** text → the run (child process) that delivered it last, to tell crash duplicates from others. */
    private final Map<String, Integer> deliveredInRun = new ConcurrentHashMap<>();
    private final AtomicLong sameRunDuplicates = new AtomicLong();
    /** message_id → delivery receipts received by the submitter. */
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lostIds = new ConcurrentHashMap<>();
    private final AtomicLong idReuse = new AtomicLong();
    private final AtomicLong submits = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();

    CrashHarness(Params params, Path work, PrintStream out) {
        this.params = params;
        this.work = work;
        this.out = out;
        this.random = new Random(params.seed());
    }

    Result run() throws Exception {
        long t0 = System.nanoTime();
        Path config = writeConfig();
        Path log = work.resolve("tern-serve.log");
        out.println("crash: seed=" + params.seed() + " cycles=" + params.cycles() + " work=" + work);
        for (int cycle = 0; cycle < params.cycles(); cycle++) {
            TernProcess tern = TernProcess.start(config, log, READY);
            try (SmppClient sink = client(tern.port(), SINK, BindType.RECEIVER, cycle);
                    SmppClient load = client(tern.port(), LOAD, loadBind(), cycle)) {
                SmppSession sinkSession = sink.connect().get(30, TimeUnit.SECONDS);
                SmppSession session = load.connect().get(30, TimeUnit.SECONDS);
                checkAllKnown(session, "restart " + cycle);
                int target = params.minAcks() + random.nextInt(params.maxAcks() - params.minAcks() + 1);
                long extraMicros = random.nextInt(20_000);
                int before = acked.size();
                loadUntilKilled(session, cycle, target, extraMicros, tern);
                out.printf("crash: cycle %d pid %d killed after %d acks (target %d +%dµs), total %d%n", cycle,
                        tern.pid(), acked.size() - before, target, extraMicros, acked.size());
                sinkSession.closeFuture().get(30, TimeUnit.SECONDS);
            } finally {
                tern.kill();
            }
        }
        // the last start: no kill; everything acknowledged must be there and must get delivered
        TernProcess tern = TernProcess.start(config, log, READY);
        try (SmppClient sink = client(tern.port(), SINK, BindType.RECEIVER, params.cycles());
                SmppClient load = client(tern.port(), LOAD, loadBind(), params.cycles())) {
            sink.connect().get(30, TimeUnit.SECONDS);
            SmppSession session = load.connect().get(30, TimeUnit.SECONDS);
            checkAllKnown(session, "final restart");
            long found = acked.size() - lostIds.size();
            long drainStart = System.nanoTime();
            long delivered = awaitDelivered(session);
            Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
            long receiptsMissing = params.receipts() ? awaitReceipts(deadline(drainStart)) : 0;
            // a deliver_sm is counted before its response, and DELIVERED is committed after it: every
            // delivery of a message the query found DELIVERED is counted by now. A duplicate still on
            // its way would be a delivery after DELIVERED, which the store does not attempt.
            long receiptDuplicates = receipts.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
            long neverSeen = acked.values().stream().filter(t -> !deliveries.containsKey(t)).count();
            long duplicates = deliveries.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
            return new Result(params.cycles(), acked.size(), found, lostIds.size(), delivered, neverSeen, duplicates,
                    sameRunDuplicates.get(), receiptsMissing, receiptDuplicates, idReuse.get(), submits.get(), refused.get(), queries.get(), drain,
                    Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            tern.close();
        }
    }

    private Path writeConfig() throws IOException {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        String hash = AccountService.hash(PASSWORD);
        String yaml = String.join("\n",
                "listeners:",
                "  - host: 127.0.0.1",
                "    port: 0",
                "store:",
                "  path: '" + data.toAbsolutePath() + "'",
                // a message claimed for delivery when the SMSC dies is retried when its lease ends
                // (2 x response_timeout + 30 s); a short response_timeout keeps that wait short
                "smpp:",
                "  response_timeout: 2s",
                "delivery:",
                "  scan_interval: 200ms",
                "  retry: {initial: 200ms, max: 2s}",
                "accounts:",
                "  - system_id: " + LOAD,
                "    password_hash: '" + hash + "'",
                "  - system_id: " + SINK,
                "    password_hash: '" + hash + "'",
                "    addresses: ['" + SINK_PREFIX + "*']",
                "");
        Path file = work.resolve("tern.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private SmppClient client(int port, String systemId, BindType type, int run) {
        SessionConfig session = SessionConfig.DEFAULTS.withWindowSize(Math.max(params.window(), 100))
                .withMaxPendingSends(0)
                .withTimers(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        SmppClientConfig cfg = SmppClientConfig.of("127.0.0.1", port, systemId, PASSWORD, type)
                .withSession(session)
                .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new SmppClient(cfg, (s, request) -> {
            if (request instanceof DeliverSm d && (d.esmClass() & 0x3C) == 0x04) {
                String text = new String(d.shortMessage(), StandardCharsets.ISO_8859_1);
                Matcher m = RECEIPT_ID.matcher(text);
                receipts.computeIfAbsent(m.find() ? m.group(1) : text, k -> new AtomicInteger()).incrementAndGet();
                return CompletableFuture.completedFuture(new DeliverSmResp(d.sequenceNumber(), CommandStatus.ESME_ROK,
                        ""));
            }
            if (request instanceof DeliverSm d) {
                String text = new String(d.shortMessage(), StandardCharsets.ISO_8859_1);
                deliveries.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
                Integer previous = deliveredInRun.put(text, run);
                if (previous != null && previous == run) {
                    // delivered twice by one process: not a crash effect (e.g. a deliver_sm_resp timeout)
                    sameRunDuplicates.incrementAndGet();
                }
                return CompletableFuture.completedFuture(new DeliverSmResp(d.sequenceNumber(), CommandStatus.ESME_ROK,
                        ""));
            }
            return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK));
        }, SessionListener.NONE);
    }

    /**
     * Keeps {@code window} submit_sm outstanding until the session dies. Once this cycle has
     * {@code target} acknowledgements, a killer thread waits {@code extraMicros} more and sends
     * SIGKILL, so the kill lands mid-window, mid-commit, mid-delivery.
     */
    private void loadUntilKilled(SmppSession session, int cycle, int target, long extraMicros, TernProcess tern)
            throws Exception {
        Semaphore window = new Semaphore(params.window());
        AtomicInteger cycleAcks = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            try {
                while (cycleAcks.get() < target && !session.closeFuture().isDone()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                TimeUnit.MICROSECONDS.sleep(extraMicros);
                tern.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                killed.set(true);
            }
        }, "crash-killer");
        killer.start();
        int n = 0;
        while (!session.closeFuture().isDone()) {
            if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                continue;
            }
            String text = "c" + cycle + "-" + n;
            Address dest = Address.international(SINK_PREFIX + String.format("%07d", n % 10_000_000));
            SubmitSm submit = SubmitSm.of(SOURCE, dest, text.getBytes(StandardCharsets.ISO_8859_1));
            if (params.receipts()) {
                submit = new SubmitSm(0, "", SOURCE, dest, 0, 0, 0, "", "", 1, 0, 0, 0, submit.shortMessage(),
                        submit.tlvs());
            }
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
                    window.release();
                }
            });
        }
        killer.join(TimeUnit.SECONDS.toMillis(60));
        if (!killed.get()) {
            throw new IllegalStateException("killer thread did not finish");
        }
        // every outstanding submit fails with the session; wait until the window is whole again
        if (!window.tryAcquire(params.window(), 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("submit_sm futures still pending 30 s after the kill");
        }
    }

    private BindType loadBind() {
        // receipts go to the submitting account's receiver or transceiver sessions
        return params.receipts() ? BindType.TRANSCEIVER : BindType.TRANSMITTER;
    }

    private long deadline(long fromNanos) {
        return fromNanos + params.deliveryTimeout().toNanos();
    }

    /** Waits until every acknowledged message has a receipt; returns how many still have none. */
    private long awaitReceipts(long deadlineNanos) {
        try {
            Awaitility.await().atMost(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> acked.keySet().stream().allMatch(receipts::containsKey));
            return 0;
        } catch (ConditionTimeoutException e) {
            List<String> missing = acked.keySet().stream().filter(id -> !receipts.containsKey(id)).toList();
            out.println("crash: no receipt for " + missing.size() + " acknowledged messages, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
            return missing.size();
        }
    }

    /** query_sm for every acknowledged id, pipelined; records the ones the SMSC does not know. */
    private void checkAllKnown(SmppSession session, String when) throws Exception {
        Map<String, Integer> states = query(session, acked.keySet());
        int missing = 0;
        for (Map.Entry<String, Integer> e : states.entrySet()) {
            if (e.getValue() < 0) {
                lostIds.put(e.getKey(), Boolean.TRUE);
                missing++;
            }
        }
        if (missing > 0) {
            out.println("crash: LOST after " + when + ": " + missing + " acknowledged ids unknown to query_sm, e.g. "
                    + states.entrySet().stream().filter(x -> x.getValue() < 0).limit(5).map(Map.Entry::getKey)
                            .toList());
        }
    }

    /** Polls query_sm until every acknowledged message is DELIVERED or the timeout passes. */
    private long awaitDelivered(SmppSession session) {
        AtomicReference<Collection<String>> pending = new AtomicReference<>(new ArrayList<>(acked.keySet()));
        AtomicReference<Map<String, Integer>> last = new AtomicReference<>(Map.of());
        try {
            Awaitility.await().atMost(params.deliveryTimeout()).pollInterval(Duration.ofMillis(250))
                    .pollInSameThread().until(() -> {
                        Map<String, Integer> states = query(session, pending.get());
                        last.set(states);
                        List<String> notYet = new ArrayList<>();
                        states.forEach((id, state) -> {
                            if (state != MessageState.DELIVERED.value()) {
                                notYet.add(id);
                            }
                        });
                        pending.set(notYet);
                        return notYet.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            Map<String, Integer> states = last.get();
            out.println("crash: not DELIVERED after " + params.deliveryTimeout() + ": " + pending.get().size()
                    + ", e.g. " + pending.get().stream().limit(5).map(id -> id + "=" + states.get(id)).toList());
        }
        return acked.size() - pending.get().size();
    }

    /** message_id → message_state, or -1 for ESME_RINVMSGID; any other answer fails the run. */
    private Map<String, Integer> query(SmppSession session, Collection<String> ids) throws Exception {
        Map<String, Integer> states = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(100);
        for (String id : ids) {
            window.acquire();
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
                    window.release();
                }
            });
        }
        if (!window.tryAcquire(100, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("query_sm answers missing after 60 s");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " query_sm failed, e.g. "
                    + failures.entrySet().iterator().next());
        }
        return states;
    }
}
