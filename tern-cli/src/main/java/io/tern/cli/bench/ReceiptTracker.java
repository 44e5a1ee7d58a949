package io.tern.cli.bench;

import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.DeliveryReceipt;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Matches delivery receipts (SMPP 3.4 §2.11, Appendix B) to the message_ids of accepted
 * submit_sm, so a duplicate receipt cannot hide a missing one. A receipt may overtake its
 * submit_sm_resp when it comes on another session; it then waits here for the id. Thread safe.
 */
final class ReceiptTracker {

    private static final Boolean AWAITING_RECEIPT = Boolean.TRUE;
    private static final Boolean RECEIPT_FIRST = Boolean.FALSE;

    private final ConcurrentHashMap<String, Boolean> ids = new ConcurrentHashMap<>();
    private final LongAdder matched = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicLong lastReceiptNanos = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> byState = new ConcurrentHashMap<>();

    /** The SMSC accepted a submit_sm with this message_id. */
    void accepted(String messageId) {
        Boolean prev = ids.putIfAbsent(messageId, AWAITING_RECEIPT);
        if (prev == RECEIPT_FIRST && ids.remove(messageId, RECEIPT_FIRST)) {
            matched.increment();
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
            state = MessageState.of(tlvState.getAsInt()).name();
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
        if (ids.remove(id, AWAITING_RECEIPT)) {
            matched.increment();
            return;
        }
        Boolean prev = ids.putIfAbsent(id, RECEIPT_FIRST);
        if (prev == AWAITING_RECEIPT && ids.remove(id, AWAITING_RECEIPT)) {
            matched.increment();
        } else if (prev == RECEIPT_FIRST) {
            duplicates.increment();
        }
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
        for (Boolean v : ids.values()) {
            if (v == RECEIPT_FIRST) {
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
