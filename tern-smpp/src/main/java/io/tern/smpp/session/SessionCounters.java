package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one session, written on its event loop and readable from any thread: PDUs in and
 * out by command, error statuses sent and received, window occupancy, timeouts, late responses.
 *
 * <p>Only the session's event loop writes them, so the per-PDU counters and the gauges are plain
 * array elements updated with opaque accesses (atomic, eventually visible, no fence: a plain load
 * and store on x86) instead of {@code LongAdder}s (two per round trip, ~2 % of the server's CPU)
 * and volatile fields (a fence per store, several per round trip). A reader on another thread may
 * see a value a few PDUs old, which is fine for metrics; one that synchronised with the loop (e.g.
 * through a future the loop completed) sees everything written before. The rare counters (errors,
 * timeouts) stay {@code LongAdder}s.
 */
public final class SessionCounters {

    private static final CommandId[] IDS = CommandId.values();

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int WINDOW_OCCUPANCY = 0;
    private static final int PENDING_SENDS = 1;
    private static final int INFLIGHT_INBOUND = 2;

    private final long[] in = new long[IDS.length];
    private final long[] out = new long[IDS.length];
    private final int[] gauges = new int[3];
    private final Map<CommandStatus, LongAdder> errorsReceived = new ConcurrentHashMap<>();
    private final Map<CommandStatus, LongAdder> errorsSent = new ConcurrentHashMap<>();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder responseTimeouts = new LongAdder();
    private final LongAdder lateResponses = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    /** Single writer: increments without a read-modify-write instruction. */
    private static void increment(long[] counters, int i) {
        LONGS.setOpaque(counters, i, (long) LONGS.getOpaque(counters, i) + 1);
    }

    void received(CommandId id, CommandStatus status) {
        increment(in, id.ordinal());
        if (id.isResponse() && status != CommandStatus.ESME_ROK) {
            errorsReceived.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    void sent(CommandId id, CommandStatus status) {
        increment(out, id.ordinal());
        if (id.isResponse() && status != CommandStatus.ESME_ROK) {
            errorsSent.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    void decodeError() {
        decodeErrors.increment();
    }

    void responseTimeout() {
        responseTimeouts.increment();
    }

    void lateResponse() {
        lateResponses.increment();
    }

    void throttle() {
        throttled.increment();
    }

    void window(int occupancy, int pending) {
        INTS.setOpaque(gauges, WINDOW_OCCUPANCY, occupancy);
        INTS.setOpaque(gauges, PENDING_SENDS, pending);
    }

    void inflightInbound(int n) {
        INTS.setOpaque(gauges, INFLIGHT_INBOUND, n);
    }

    public long pdusIn(CommandId id) {
        return (long) LONGS.getOpaque(in, id.ordinal());
    }

    public long pdusOut(CommandId id) {
        return (long) LONGS.getOpaque(out, id.ordinal());
    }

    /** Non-OK statuses in responses received from the peer. */
    public Map<CommandStatus, Long> errorsReceived() {
        return snapshot(errorsReceived);
    }

    /** Non-OK statuses in responses (and generic_nacks) sent to the peer. */
    public Map<CommandStatus, Long> errorsSent() {
        return snapshot(errorsSent);
    }

    public long decodeErrors() {
        return decodeErrors.sum();
    }

    public long responseTimeouts() {
        return responseTimeouts.sum();
    }

    /** Responses that matched no outstanding request: late (after their timeout) or unsolicited. */
    public long lateResponses() {
        return lateResponses.sum();
    }

    /** Peer requests answered ESME_RTHROTTLED by the session because maxInflightInbound was reached. */
    public long throttled() {
        return throttled.sum();
    }

    /** Requests sent and not yet answered. */
    public int windowOccupancy() {
        return (int) INTS.getOpaque(gauges, WINDOW_OCCUPANCY);
    }

    /** Requests waiting for a free window slot. */
    public int pendingSends() {
        return (int) INTS.getOpaque(gauges, PENDING_SENDS);
    }

    /** Peer requests being handled. */
    public int inflightInbound() {
        return (int) INTS.getOpaque(gauges, INFLIGHT_INBOUND);
    }

    private static Map<CommandStatus, Long> snapshot(Map<CommandStatus, LongAdder> m) {
        Map<CommandStatus, Long> copy = new TreeMap<>((a, b) -> Integer.compareUnsigned(a.code(), b.code()));
        m.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
