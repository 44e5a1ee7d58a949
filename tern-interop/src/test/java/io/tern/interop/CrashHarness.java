package io.tern.interop;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    private static final String SINK = "sink";
    private static final String SINK_PREFIX = "4479";
    private static final Pattern RECEIPT_ID = Pattern.compile("^id:(\\S+)");

    private final Params params;
    private final Path work;
    private final PrintStream out;
    private final CrashLoad load;
    /** text → deliver_sm received by the sink. */
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    /** text → the run (child process) that delivered it last, to tell crash duplicates from others. */
    private final Map<String, Integer> deliveredInRun = new ConcurrentHashMap<>();
    private final AtomicLong sameRunDuplicates = new AtomicLong();
    /** message_id → delivery receipts received by the submitter. */
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();

    CrashHarness(Params params, Path work, PrintStream out) {
        this.params = params;
        this.work = work;
        this.out = out;
        this.load = new CrashLoad("crash", params.seed(), params.window(), out);
    }

    Result run() throws Exception {
        long t0 = System.nanoTime();
        Path config = CrashLoad.writeConfig(work, List.of(), List.of(
                "  - system_id: " + SINK,
                "    password_hash: '" + AccountService.hash(CrashLoad.PASSWORD) + "'",
                "    addresses: ['" + SINK_PREFIX + "*']"));
        Path log = work.resolve("tern-serve.log");
        out.println("crash: seed=" + params.seed() + " cycles=" + params.cycles() + " work=" + work);
        for (int cycle = 0; cycle < params.cycles(); cycle++) {
            TernProcess tern = TernProcess.start(config, log, CrashLoad.READY);
            try (SmppClient sink = client(tern.port(), SINK, BindType.RECEIVER, cycle);
                    SmppClient loader = client(tern.port(), CrashLoad.LOAD, loadBind(), cycle)) {
                SmppSession sinkSession = sink.connect().get(30, TimeUnit.SECONDS);
                SmppSession session = loader.connect().get(30, TimeUnit.SECONDS);
                load.checkAllKnown(session, "restart " + cycle);
                CrashLoad.Cycle c = load.untilKilled(session, tern, params.minAcks(), params.maxAcks(),
                        "c" + cycle + "-", this::submit);
                out.printf("crash: cycle %d pid %d killed after %d acks (target %d +%dµs), total %d%n", cycle,
                        tern.pid(), c.acks(), c.target(), c.extraMicros(), load.acked.size());
                sinkSession.closeFuture().get(30, TimeUnit.SECONDS);
            } finally {
                tern.kill();
            }
        }
        // the last start: no kill; everything acknowledged must be there and must get delivered
        TernProcess tern = TernProcess.start(config, log, CrashLoad.READY);
        try (SmppClient sink = client(tern.port(), SINK, BindType.RECEIVER, params.cycles());
                SmppClient loader = client(tern.port(), CrashLoad.LOAD, loadBind(), params.cycles())) {
            sink.connect().get(30, TimeUnit.SECONDS);
            SmppSession session = loader.connect().get(30, TimeUnit.SECONDS);
            load.checkAllKnown(session, "final restart");
            Map<String, String> acked = load.acked;
            long found = acked.size() - load.lostIds.size();
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
            return new Result(params.cycles(), acked.size(), found, load.lostIds.size(), delivered, neverSeen,
                    duplicates, sameRunDuplicates.get(), receiptsMissing, receiptDuplicates, load.idReuse.get(),
                    load.submits.get(), load.refused.get(), load.queries.get(), drain,
                    Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            tern.close();
        }
    }

    private SubmitSm submit(String text, int n) {
        Address dest = Address.international(SINK_PREFIX + String.format("%07d", n % 10_000_000));
        SubmitSm submit = SubmitSm.of(CrashLoad.SOURCE, dest, text.getBytes(StandardCharsets.ISO_8859_1));
        if (params.receipts()) {
            submit = new SubmitSm(0, "", CrashLoad.SOURCE, dest, 0, 0, 0, "", "", 1, 0, 0, 0, submit.shortMessage(),
                    submit.tlvs());
        }
        return submit;
    }

    private SmppClient client(int port, String systemId, BindType type, int run) {
        return load.client(port, systemId, type, (s, request) -> {
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
        });
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
                    .until(() -> load.acked.keySet().stream().allMatch(receipts::containsKey));
            return 0;
        } catch (ConditionTimeoutException e) {
            List<String> missing = load.acked.keySet().stream().filter(id -> !receipts.containsKey(id)).toList();
            out.println("crash: no receipt for " + missing.size() + " acknowledged messages, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
            return missing.size();
        }
    }

    /** Polls query_sm until every acknowledged message is DELIVERED or the timeout passes. */
    private long awaitDelivered(SmppSession session) {
        AtomicReference<Collection<String>> pending = new AtomicReference<>(new ArrayList<>(load.acked.keySet()));
        AtomicReference<Map<String, Integer>> last = new AtomicReference<>(Map.of());
        try {
            Awaitility.await().atMost(params.deliveryTimeout()).pollInterval(Duration.ofMillis(250))
                    .pollInSameThread().until(() -> {
                        Map<String, Integer> states = load.query(session, pending.get());
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
        return load.acked.size() - pending.get().size();
    }
}
