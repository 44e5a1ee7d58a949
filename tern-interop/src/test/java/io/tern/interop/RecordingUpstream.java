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
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An upstream SMSC in the test JVM, for the connector crash test: Tern's own {@link SmppServer}
 * on 127.0.0.1 that binds anyone, answers every submit_sm at once with a fresh decimal
 * message_id, records the short_message of every submit_sm it receives, and for each one that
 * asks for a receipt sends a DELIVRD receipt (Appendix B text) on a bound transceiver or receiver
 * session. A receipt stays owed until the peer answers its deliver_sm ESME_ROK: one whose
 * deliver_sm failed (the session died with Tern) is sent again, every 100 ms, over whichever
 * session is bound then, as a real SMSC retries its receipts.
 */
final class RecordingUpstream implements AutoCloseable {

    /** A receipt owed to the peer, and whether a deliver_sm carrying it is outstanding. */
    private record Owed(DeliverSm pdu, AtomicBoolean inFlight) {
    }

    private final SmppServer server;
    private final AtomicLong ids = new AtomicLong(1_000_000);
    /** short_message text → submit_sm received with it. */
    private final Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
    /** upstream message_id → the receipt not yet acknowledged by the peer. */
    private final Map<String, Owed> owed = new ConcurrentHashMap<>();
    private final List<SmppSession> receivers = new CopyOnWriteArrayList<>();
    private final LongAdder receiptsSent = new LongAdder();
    private final LongAdder receiptsAcknowledged = new LongAdder();
    private final LongAdder receiptsRefused = new LongAdder();
    private final AtomicInteger next = new AtomicInteger();
    /** Which Tern process is talking to it now, set by the harness before each start. */
    private volatile int epoch;
    /** short_message text → the epoch of its last submit_sm. */
    private final Map<String, Integer> submittedIn = new ConcurrentHashMap<>();
    private final LongAdder sameEpochDuplicates = new LongAdder();
    /** short_message text → System.nanoTime() of its first submit_sm. */
    private final Map<String, Long> firstSubmitNanos = new ConcurrentHashMap<>();
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upstream-receipt-resender");
        t.setDaemon(true);
        return t;
    });
    private final int port;

    RecordingUpstream() {
        SmppRequestHandler handler = (session, request) -> {
            if (request instanceof SubmitSm s) {
                String id = Long.toString(ids.incrementAndGet());
                String text = new String(s.shortMessage(), StandardCharsets.ISO_8859_1);
                submits.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
                firstSubmitNanos.putIfAbsent(text, System.nanoTime());
                Integer previous = submittedIn.put(text, epoch);
                if (previous != null && previous == epoch) {
                    sameEpochDuplicates.increment();
                }
                if ((s.registeredDelivery() & 0x03) != 0) {
                    Owed o = new Owed(receipt(s, id, text), new AtomicBoolean());
                    owed.put(id, o);
                    // sent at once, as the in-memory reference servers do: it may overtake the submit_sm_resp
                    send(session, id, o);
                }
                return CompletableFuture.<PduResponse>completedFuture(
                        new SubmitSmResp(s.sequenceNumber(), CommandStatus.ESME_ROK, id));
            }
            return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_ROK));
        };
        SessionListener listener = new SessionListener() {
            @Override
            public void onBound(SmppSession session) {
                if (session.bindType() != io.tern.smpp.pdu.BindType.TRANSMITTER) {
                    receivers.add(session);
                }
            }

            @Override
            public void onClosed(SmppSession session) {
                receivers.remove(session);
            }
        };
        SmppServerConfig config = new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0)), "UPSTREAM",
                SessionConfig.DEFAULTS.withMaxInflightInbound(10_000).withMaxPendingSends(100_000), 1);
        this.server = new SmppServer(config, info -> CompletableFuture.completedFuture(BindResult.accept(handler)),
                listener);
        this.port = server.start().join().get(0);
        resender.scheduleWithFixedDelay(this::resend, 100, 100, TimeUnit.MILLISECONDS);
    }

    private static DeliverSm receipt(SubmitSm s, String id, String text) {
        Instant now = Instant.now();
        String body = DeliveryReceipt.of(id, 1, 1, now, now, ReceiptStat.DELIVRD, "000", text).format();
        return new DeliverSm(0, "", s.destinationAddr(), s.sourceAddr(), 0x04, 0, 0, "", "", 0, 0, 0, 0,
                body.getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY);
    }

    private void send(SmppSession session, String id, Owed o) {
        if (!o.inFlight().compareAndSet(false, true)) {
            return;
        }
        receiptsSent.increment();
        CompletableFuture<PduResponse> f;
        try {
            f = session.send(o.pdu());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, e) -> {
            if (e == null && r != null && r.commandStatus() == CommandStatus.ESME_ROK) {
                owed.remove(id);
                receiptsAcknowledged.increment();
            } else {
                if (e == null) {
                    receiptsRefused.increment();
                }
                o.inFlight().set(false); // owed still: the resender tries again
            }
        });
    }

    /** Sends every owed receipt that has no deliver_sm outstanding over a bound session. */
    private void resend() {
        try {
            for (Map.Entry<String, Owed> e : owed.entrySet()) {
                if (e.getValue().inFlight().get()) {
                    continue;
                }
                List<SmppSession> bound = receivers;
                if (bound.isEmpty()) {
                    return;
                }
                SmppSession s = bound.get(Math.floorMod(next.getAndIncrement(), bound.size()));
                send(s, e.getKey(), e.getValue());
            }
        } catch (RuntimeException e) {
            // a session closing under us: the next round tries again
        }
    }

    /** The next submit_sm come from a new Tern process (a duplicate within one epoch is not a crash effect). */
    void epoch(int e) {
        epoch = e;
    }

    /**
     * For every text submitted more than once: how long before the kill that ended its first
     * forwarding process its first submit_sm arrived (kills as System.nanoTime(), in order). A
     * duplicate is expected only for a message whose forwarding Tern had not committed when it
     * died, so these ages stay within a commit or two of the kill.
     */
    long[] duplicateAgesMillis(List<Long> killNanos) {
        return submits.entrySet().stream().filter(e -> e.getValue().get() > 1).mapToLong(e -> {
            long first = firstSubmitNanos.get(e.getKey());
            long kill = killNanos.stream().filter(k -> k - first >= 0).findFirst().orElse(Long.MAX_VALUE);
            return kill == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(kill - first);
        }).sorted().toArray();
    }

    /** submit_sm repeated by the same Tern process. */
    long sameEpochDuplicates() {
        return sameEpochDuplicates.sum();
    }

    int port() {
        return port;
    }

    /** short_message text → how many submit_sm carried it. */
    Map<String, AtomicInteger> submits() {
        return submits;
    }

    /** submit_sm beyond the first per text. */
    long duplicates() {
        return submits.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
    }

    long submitCount() {
        return submits.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /** Receipts not yet answered ESME_ROK by the peer. */
    int owedReceipts() {
        return owed.size();
    }

    long receiptsSent() {
        return receiptsSent.sum();
    }

    long receiptsAcknowledged() {
        return receiptsAcknowledged.sum();
    }

    long receiptsRefused() {
        return receiptsRefused.sum();
    }

    @Override
    public void close() {
        resender.shutdownNow();
        server.close();
    }
}
