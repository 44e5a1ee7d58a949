package io.tern.smsc.connector;

import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The messages a connector forwarded whose upstream receipt has not come yet, by canonical upstream
 * id, each with the store write of its forward: a receipt found here is applied by message id,
 * queued to follow that write (in the same transaction when it can), and Tern's own receipt is built
 * from memory, with no look-up in the
 * store (the store's writer is what limits a connector's throughput). An entry is made when the
 * submit_sm_resp is read, before the next PDU of that session, so the receipt an upstream sends
 * right after its response finds it. Bounded: past {@link #CAPACITY} the oldest entries are dropped, and
 * their receipts are matched through the store as after a restart. A hint, never the authority:
 * the store's conditional update decides whether a receipt changes anything.
 */
final class ForwardIndex {

    /**
     * Entries kept per connector: a few seconds of receipts at tens of thousands of messages per
     * second (a few hundred bytes each, a short message with its addresses).
     */
    static final int CAPACITY = 50_000;

    /** A forwarded message as the store holds it once {@code recorded} completes OK. */
    record Forward(StoredMessage message, CompletionStage<UpdateResult> recorded) {
    }

    private final int capacity;
    private final Map<String, Forward> byUpstreamId;

    ForwardIndex() {
        this(CAPACITY);
    }

    ForwardIndex(int capacity) {
        this.capacity = capacity;
        this.byUpstreamId = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Forward> eldest) {
                return size() > ForwardIndex.this.capacity;
            }
        };
    }

    /** A message was forwarded and named {@code upstreamId} there. */
    synchronized void put(String upstreamId, Forward forward) {
        byUpstreamId.put(upstreamId, forward);
    }

    /** The forward named {@code upstreamId}, removed; null when not (or no longer) here. */
    synchronized Forward take(String upstreamId) {
        return byUpstreamId.remove(upstreamId);
    }

    /** Puts back what {@link #take} gave when its receipt could not be recorded (the upstream sends it again). */
    synchronized void putBack(String upstreamId, Forward forward) {
        byUpstreamId.putIfAbsent(upstreamId, forward);
    }

    /** Drops {@code forward} if it is still the entry of {@code upstreamId} (its write did not change the message). */
    synchronized void remove(String upstreamId, Forward forward) {
        byUpstreamId.remove(upstreamId, forward);
    }

    synchronized int size() {
        return byUpstreamId.size();
    }
}
