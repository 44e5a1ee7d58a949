package io.tern.cli.bench;

import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Matches delivery receipts (SMPP 3.4 §2.11, Appendix B) to the message_ids of accepted
 * submit_sm, so a duplicate receipt cannot hide a missing one, and measures each message's time
 * from its submit_sm being sent to its receipt arriving (end to end: store, route, deliver,
 * receipt). A receipt may overtake its submit_sm_resp when it comes on another session; it then
 * waits here for the id. Thread safe.
 */
final class ReceiptTracker {

    /** An accepted message whose receipt has not come yet: when its submit_sm was sent. */
    private record Awaiting(long sentNanos) {
    }

    /** A receipt that came before its submit_sm_resp: when it arrived. */
    private record ReceiptFirst(long receivedNanos) {
    }

    private final ConcurrentHashMap<String, Object> ids = new ConcurrentHashMap<>();
    private final Histogram latency = new ConcurrentHistogram(BenchSession.MAX_LATENCY_NANOS, 3);
    /** Messages sent before this moment stay out of {@link #latency} ({@code --warm-up}). */
    private volatile long measureFromNanos = Long.MIN_VALUE;
    private final LongAdder matched = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicLong lastReceiptNanos = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> byState = new ConcurrentHashMap<>();

    /** Receipt latencies count only for submit_sm sent from {@code nanos} on. */
    void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    /** The SMSC accepted a submit_sm with this message_id, sent at {@code sentNanos}. */
    void accepted(String messageId, long sentNanos) {
        Object prev = ids.putIfAbsent(messageId, new Awaiting(sentNanos));
        if (prev instanceof ReceiptFirst first && ids.remove(messageId, first)) {
            matched.increment();
            record(sentNanos, first.receivedNanos());
        }
    }

    private void record(long sentNanos, long receivedNanos) {
        if (measureFromNanos == Long.MIN_VALUE || sentNanos - measureFromNanos >= 0) {
            latency.recordValue(Math.min(BenchSession.MAX_LATENCY_NANOS, Math.max(1, receivedNanos - sentNanos)));
        }
    }

    /** A deliver_sm whose esm_class says delivery receipt. */
    void receipt(DeliverSm deliverSm, long nowNanos) {
        received.increment();
        lastReceiptNanos.accumulateAndGet(nowNanos, Math::max);
        String id = deliverSm.tlvs().receiptedMessageId().orElse(null);
        String state = null;
        var tlvState = deliverSm.tlvs().messageState();
        if (tlvState.isPresent()) {
            // counted by the receipt's stat word whether the state came as a TLV or as text
            state = ReceiptStat.of(MessageState.of(tlvState.getAsInt())).name();
        }
        if (id == null || state == null) {
            try {
                DeliveryReceipt r = DeliveryReceipt.parse(new String(deliverSm.shortMessage(),
                        StandardCharsets.ISO_8859_1));
                id = id != null ? id : r.id();
                state = state != null ? state : r.stat();
            } catch (RuntimeException e) {
                state = state != null ? state : "UNPARSABLE";
            }
        }
        byState.computeIfAbsent(state == null ? "?" : state, k -> new LongAdder()).increment();
        if (id == null) {
            return;
        }
        Object prev = ids.get(id);
        if (prev instanceof Awaiting a && ids.remove(id, a)) {
            matched.increment();
            record(a.sentNanos(), nowNanos);
            return;
        }
        prev = ids.putIfAbsent(id, new ReceiptFirst(nowNanos));
        if (prev instanceof Awaiting a && ids.remove(id, a)) {
            matched.increment();
            record(a.sentNanos(), nowNanos);
        } else if (prev instanceof ReceiptFirst) {
            duplicates.increment();
        }
    }

    /** Submit sent to receipt received, per matched message (first receipt only). */
    Histogram latency() {
        return latency;
    }

    /** Accepted messages with their receipt. */
    long matched() {
        return matched.sum();
    }

    /** Every receipt deliver_sm, duplicates and strangers included. */
    long received() {
        return received.sum();
    }

    long lastReceiptNanos() {
        return lastReceiptNanos.get();
    }

    /** Receipts for ids never accepted here (yet), plus repeats of those. */
    long unmatched() {
        long n = duplicates.sum();
        for (Object v : ids.values()) {
            if (v instanceof ReceiptFirst) {
                n++;
            }
        }
        return n;
    }

    Map<String, Long> byState() {
        Map<String, Long> m = new TreeMap<>();
        byState.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
