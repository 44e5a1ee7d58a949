package io.tern.smpp.session;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The send window of one session (SMPP 3.4 §2.6): requests sent and not yet answered, keyed by
 * sequence_number, plus a bounded queue of requests waiting for a free slot. Confined to the
 * session's event loop, so it needs no locks.
 */
final class SendWindow {

    /** The largest sequence_number (§3.2: 0x00000001 to 0x7FFFFFFF). */
    static final int MAX_SEQUENCE = 0x7FFFFFFF;

    static final class Outstanding {
        final PduRequest request;
        final CompletableFuture<PduResponse> future;
        ScheduledFuture<?> timer;

        Outstanding(PduRequest request, CompletableFuture<PduResponse> future) {
            this.request = request;
            this.future = future;
        }
    }

    record Pending(PduRequest request, CompletableFuture<PduResponse> future) {
    }

    private final int size;
    private final int maxPending;
    private final IntObjectHashMap<Outstanding> outstanding;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int nextSequence = 1;

    SendWindow(int size, int maxPending) {
        this.size = size;
        this.maxPending = maxPending;
        this.outstanding = new IntObjectHashMap<>(Math.max(8, size * 2));
    }

    /** The next sequence_number, wrapping from 0x7FFFFFFF to 1 and skipping numbers still in use. */
    int nextSequence() {
        int s;
        do {
            s = nextSequence;
            nextSequence = s == MAX_SEQUENCE ? 1 : s + 1;
        } while (outstanding.containsKey(s));
        return s;
    }

    /** For tests: where the sequence numbers continue. */
    void startAt(int sequence) {
        nextSequence = sequence;
    }

    boolean hasFreeSlot() {
        return outstanding.size() < size;
    }

    /** Queues a request for a free slot; false when the pending queue is full. */
    boolean enqueue(PduRequest request, CompletableFuture<PduResponse> future) {
        if (pending.size() >= maxPending) {
            return false;
        }
        pending.add(new Pending(request, future));
        return true;
    }

    Pending nextPending() {
        return hasFreeSlot() ? pending.poll() : null;
    }

    void put(int sequence, Outstanding o) {
        outstanding.put(sequence, o);
    }

    Outstanding remove(int sequence) {
        return outstanding.remove(sequence);
    }

    int occupancy() {
        return outstanding.size();
    }

    int pendingCount() {
        return pending.size();
    }

    boolean isIdle() {
        return outstanding.isEmpty() && pending.isEmpty();
    }

    /** Empties the window and the queue, returning every future that was still waiting. */
    List<CompletableFuture<PduResponse>> drainAll() {
        List<CompletableFuture<PduResponse>> all = new ArrayList<>(outstanding.size() + pending.size());
        for (Outstanding o : outstanding.values()) {
            if (o.timer != null) {
                o.timer.cancel(false);
            }
            all.add(o.future);
        }
        outstanding.clear();
        for (Pending p : pending) {
            all.add(p.future());
        }
        pending.clear();
        return all;
    }
}
