package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one session, written on its event loop and readable from any thread: PDUs in and
 * out by command, error statuses sent and received, window occupancy, timeouts, late responses.
 */
public final class SessionCounters {

    private static final CommandId[] IDS = CommandId.values();

    private final LongAdder[] in = adders();
    private final LongAdder[] out = adders();
    private final Map<CommandStatus, LongAdder> errorsReceived = new ConcurrentHashMap<>();
    private final Map<CommandStatus, LongAdder> errorsSent = new ConcurrentHashMap<>();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder responseTimeouts = new LongAdder();
    private final LongAdder lateResponses = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private volatile int windowOccupancy;
    private volatile int pendingSends;
    private volatile int inflightInbound;

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[IDS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void received(CommandId id, CommandStatus status) {
        in[id.ordinal()].increment();
        if (id.isResponse() && status != CommandStatus.ESME_ROK) {
            errorsReceived.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    void sent(CommandId id, CommandStatus status) {
        out[id.ordinal()].increment();
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
        windowOccupancy = occupancy;
        pendingSends = pending;
    }

    void inflightInbound(int n) {
        inflightInbound = n;
    }

    public long pdusIn(CommandId id) {
        return in[id.ordinal()].sum();
    }

    public long pdusOut(CommandId id) {
        return out[id.ordinal()].sum();
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
        return windowOccupancy;
    }

    /** Requests waiting for a free window slot. */
    public int pendingSends() {
        return pendingSends;
    }

    /** Peer requests being handled. */
    public int inflightInbound() {
        return inflightInbound;
    }

    private static Map<CommandStatus, Long> snapshot(Map<CommandStatus, LongAdder> m) {
        Map<CommandStatus, Long> copy = new TreeMap<>((a, b) -> Integer.compareUnsigned(a.code(), b.code()));
        m.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
