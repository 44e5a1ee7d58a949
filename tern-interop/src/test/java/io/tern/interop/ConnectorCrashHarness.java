package io.tern.interop;

import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.tlv.Tlvs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The crash experiment through an upstream connector (issue 10): a child JVM runs {@code tern
 * serve} with one connector, {@code up}, bound as a transceiver to a {@link RecordingUpstream} in
 * this JVM, and every message routed to it. An ESME (transceiver, registered_delivery=1) keeps a
 * window of submit_sm open; Tern stores each, forwards it by submit_sm, stores the upstream's
 * message_id, and turns the upstream's receipt into a receipt to the ESME with Tern's id. Tern is
 * killed with SIGKILL at a random moment of that, then restarted on the same data directory, many
 * times; after each restart every acknowledged id must be known to query_sm.
 *
 * <p>At the end, after a last restart and a drain: every acknowledged message reached the
 * upstream (its unique text seen in a submit_sm there), the upstream owes no receipt (Tern
 * answered every one ESME_ROK), and every acknowledged id got a final receipt at the ESME.
 * Duplicates are counted, not failed: a submit_sm whose text the upstream saw more than once (Tern
 * died after the upstream accepted it and before the upstream's id was committed, so it forwarded
 * it again), and receipts beyond the first per id at the ESME.
 */
final class ConnectorCrashHarness {

    /**
     * @param cycles SIGKILLs (each followed by a restart)
     * @param minAcks,maxAcks the kill comes after a random number of acknowledgements in this range
     * @param window outstanding submit_sm from the ESME
     * @param drainTimeout how long the final phase waits for every receipt
     */
    record Params(long seed, int cycles, int minAcks, int maxAcks, int window, Duration drainTimeout) {
    }

    /**
     * @param acknowledged distinct message_ids answered ESME_ROK over all cycles
     * @param lost acknowledged ids that query_sm did not know after some restart
     * @param notForwarded acknowledged messages the upstream never received
     * @param receiptsMissing acknowledged messages without a final receipt at the ESME at the end
     * @param notDelivered receipts at the ESME whose stat was not DELIVRD (the upstream says DELIVRD)
     * @param upstreamSubmits submit_sm received by the upstream
     * @param upstreamDuplicates submit_sm beyond the first per text at the upstream
     * @param upstreamOwed upstream receipts Tern had not answered ESME_ROK at the end
     * @param esmeReceipts receipts received by the ESME
     * @param receiptDuplicates receipts beyond the first per id at the ESME
     * @param unackedReceipted receipts for ids the ESME never saw acknowledged (its submit_sm_resp
     *     was lost with the kill, but Tern had stored the message)
     */
    record Result(int cycles, long acknowledged, long lost, long notForwarded, long receiptsMissing,
            long notDelivered, long upstreamSubmits, long upstreamDuplicates, long upstreamReceiptsSent,
            long upstreamRefused, long upstreamOwed, long upstreamSameRunDuplicates, long duplicateAgeP50,
            long duplicateAgeP90,
            long duplicateAgeMax, long esmeReceipts, long receiptSameRunDuplicates, long receiptDuplicates, long unackedReceipted, long idReuse,
            long submits, long refused, Duration drain, Duration elapsed) {

        String line() {
            return "kills=" + cycles + " acknowledged=" + acknowledged + " lost=" + lost + " not_forwarded="
                    + notForwarded + " receipts_missing=" + receiptsMissing + " upstream_submits=" + upstreamSubmits
                    + " upstream_duplicates=" + upstreamDuplicates + " (same_run=" + upstreamSameRunDuplicates
                    + ", first_forward_before_kill_ms p50=" + duplicateAgeP50 + " p90=" + duplicateAgeP90
                    + " max=" + duplicateAgeMax + ")"
                    + " upstream_receipts_sent=" + upstreamReceiptsSent
                    + " upstream_receipts_refused=" + upstreamRefused + " upstream_receipts_owed=" + upstreamOwed
                    + " esme_receipts=" + esmeReceipts
                    + " receipt_duplicates=" + receiptDuplicates + " (same_run=" + receiptSameRunDuplicates + ")"
                    + " receipted_unacknowledged=" + unackedReceipted
                    + " not_delivrd=" + notDelivered + " id_reuse=" + idReuse + " esme_submits=" + submits
                    + " refused=" + refused + " final_drain=" + drain.toMillis() + "ms elapsed=" + elapsed.toMillis()
                    + "ms";
        }
    }

    private final Params params;
    private final Path work;
    private final PrintStream out;
    private final CrashLoad load;
    /** message_id → receipts received by the ESME. */
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final AtomicLong notDelivered = new AtomicLong();
    /** message_id → the run (child process) whose receipt for it came last. */
    private final Map<String, Integer> receiptInRun = new ConcurrentHashMap<>();
    private final AtomicLong receiptSameRun = new AtomicLong();

    ConnectorCrashHarness(Params params, Path work, PrintStream out) {
        this.params = params;
        this.work = work;
        this.out = out;
        this.load = new CrashLoad("connector-crash", params.seed(), params.window(), out);
    }

    Result run() throws Exception {
        long t0 = System.nanoTime();
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            Path config = CrashLoad.writeConfig(work, List.of("receipt_retry: 1s"), List.of(
                    "connectors:",
                    "  - {name: up, host: 127.0.0.1, port: " + upstream.port() + ", system_id: tern, password: up123,",
                    "     bind: trx, sessions: 2, window: 50, response_timeout: 2s, reconnect: {min: 100ms, max: 500ms}}",
                    "routes:",
                    "  - {destination: '44*', target: 'connector:up'}"));
            Path log = work.resolve("tern-serve.log");
            out.println("connector-crash: seed=" + params.seed() + " cycles=" + params.cycles() + " upstream port "
                    + upstream.port() + " work=" + work);
            for (int cycle = 0; cycle < params.cycles(); cycle++) {
                upstream.epoch(cycle);
                long upstreamBefore = upstream.submitCount();
                long duplicatesBefore = upstream.duplicates();
                TernProcess tern = TernProcess.start(config, log, CrashLoad.READY);
                try (SmppClient esme = client(tern.port(), cycle)) {
                    SmppSession session = esme.connect().get(30, TimeUnit.SECONDS);
                    load.checkAllKnown(session, "restart " + cycle);
                    CrashLoad.Cycle c = load.untilKilled(session, tern, params.minAcks(), params.maxAcks(),
                            "k" + cycle + "-", ConnectorCrashHarness::submit);
                    out.printf("connector-crash: cycle %d pid %d killed after %d acks (target %d +%dµs), total %d;"
                            + " upstream got %d submit_sm since the start (%d of them again), owes %d receipts%n", cycle,
                            tern.pid(), c.acks(), c.target(), c.extraMicros(), load.acked.size(),
                            upstream.submitCount() - upstreamBefore, upstream.duplicates() - duplicatesBefore,
                            upstream.owedReceipts());
                } finally {
                    tern.kill();
                }
            }
            // the last start: no kill; everything acknowledged must be forwarded and receipted
            upstream.epoch(params.cycles());
            TernProcess tern = TernProcess.start(config, log, CrashLoad.READY);
            try (SmppClient esme = client(tern.port(), params.cycles())) {
                SmppSession session = esme.connect().get(30, TimeUnit.SECONDS);
                load.checkAllKnown(session, "final restart");
                Map<String, String> acked = load.acked;
                long drainStart = System.nanoTime();
                try {
                    await().atMost(params.drainTimeout()).pollInterval(Duration.ofMillis(100))
                            .until(() -> missingReceipts() == 0 && upstream.owedReceipts() == 0);
                } catch (ConditionTimeoutException e) {
                    out.println("connector-crash: drain incomplete after " + params.drainTimeout() + ": "
                            + missingReceipts() + " acknowledged ids without a receipt, e.g. "
                            + acked.keySet().stream().filter(id -> !receipts.containsKey(id)).limit(5).toList()
                            + "; upstream owes " + upstream.owedReceipts() + " receipts");
                }
                Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
                Map<String, AtomicInteger> seen = upstream.submits();
                long notForwarded = acked.values().stream().filter(t -> !seen.containsKey(t)).count();
                long upstreamDuplicates = seen.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
                long esmeReceipts = receipts.values().stream().mapToLong(AtomicInteger::get).sum();
                long receiptDuplicates = receipts.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
                long[] ages = upstream.duplicateAgesMillis(load.kills);
                long unacked = receipts.keySet().stream().filter(id -> !acked.containsKey(id)).count();
                return new Result(params.cycles(), acked.size(), load.lostIds.size(), notForwarded, missingReceipts(),
                        notDelivered.get(), upstream.submitCount(), upstreamDuplicates, upstream.receiptsSent(),
                        upstream.receiptsRefused(), upstream.owedReceipts(), upstream.sameEpochDuplicates(),
                        ages.length == 0 ? 0 : ages[ages.length / 2], ages.length == 0 ? 0 : ages[ages.length * 9 / 10],
                        ages.length == 0 ? 0 : ages[ages.length - 1], esmeReceipts, receiptSameRun.get(), receiptDuplicates,
                        unacked, load.idReuse.get(), load.submits.get(), load.refused.get(), drain,
                        Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                tern.close();
            }
        }
    }

    private long missingReceipts() {
        return load.acked.keySet().stream().filter(id -> !receipts.containsKey(id)).count();
    }

    private SmppClient client(int port, int run) {
        return load.client(port, CrashLoad.LOAD, BindType.TRANSCEIVER, (s, request) -> {
            if (request instanceof DeliverSm d && (d.esmClass() & 0x3C) == 0x04) {
                DeliveryReceipt r = DeliveryReceipt.parse(new String(d.shortMessage(), StandardCharsets.ISO_8859_1));
                String id = String.valueOf(r.id());
                receipts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                Integer previous = receiptInRun.put(id, run);
                if (previous != null && previous == run) {
                    receiptSameRun.incrementAndGet();
                }
                if (!"DELIVRD".equals(r.stat())) {
                    notDelivered.incrementAndGet();
                }
                return CompletableFuture.completedFuture(new DeliverSmResp(d.sequenceNumber(), CommandStatus.ESME_ROK,
                        ""));
            }
            return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK));
        });
    }

    private static SubmitSm submit(String text, int n) {
        Address dest = Address.international("4477" + String.format("%07d", n % 10_000_000));
        return new SubmitSm(0, "", CrashLoad.SOURCE, dest, 0, 0, 0, "", "", 1, 0, 0, 0,
                text.getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY);
    }
}
