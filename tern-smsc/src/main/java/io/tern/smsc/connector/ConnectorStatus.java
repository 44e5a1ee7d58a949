package io.tern.smsc.connector;

import java.time.Instant;

/**
 * A connector's state at one moment, as {@code tern status} prints it.
 *
 * @param sessions binds configured (a tx+rx pair counts two)
 * @param bound of those, bound now
 * @param windowInUse submit_sm sent and not yet answered
 * @param windowSize the room of the bound transmitting sessions: their windows, less while the
 *     upstream throttles (halved at each throttling pause, regained one place per window accepted)
 * @param paused whether a throttling pause is running
 * @param submitted submit_sm sent since start
 * @param forwarded accepted by the upstream (ESME_ROK)
 * @param refused refused for good by the upstream (or not sayable to it)
 * @param failed temporary failures: errors, timeouts, lost sessions
 * @param throttled answered ESME_RTHROTTLED or ESME_RMSGQFUL
 * @param timeouts submit_sm that got no answer in time (the upstream may have them)
 * @param receipts receipts received
 * @param unmatchedReceipts of those, receipts that matched no forwarded message when they came
 * @param receiptsMatchedInMemory of those, receipts matched by the connector's in-memory index of
 *     its forwards (the others were looked up in the store)
 * @param awaitingInMemory forwards in that index now, waiting for their receipts (at most 50,000)
 * @param mobileOriginated messages received that were not receipts
 * @param queued messages in the store waiting for this connector (routed to it directly)
 * @param lastError the last problem seen, empty if none; kept after the connector recovers
 * @param lastErrorAt when it was seen, null if none
 * @param lastErrorClearedAt when the connector was healthy again after it (every session bound
 *     again, after a bind or an accepted submit_sm): the state it has been in since; null while the
 *     error stands (or when there is none)
 * @param enabled false for a connector kept in the configuration with {@code enabled: false}: it is
 *     not bound, its counters are zero, and {@code queued} is what waits for it
 */
public record ConnectorStatus(String name, String upstream, String bind, int sessions, int bound, int windowInUse,
        int windowSize, int throughput, boolean paused, long submitted, long forwarded, long refused, long failed,
        long throttled, long timeouts, long receipts, long unmatchedReceipts, long receiptsMatchedInMemory,
        int awaitingInMemory, long mobileOriginated, long queued, String lastError, Instant lastErrorAt,
        Instant lastErrorClearedAt, boolean enabled) {

    /** The status of a disabled connector: configured, never bound, with the messages that wait for it. */
    static ConnectorStatus disabled(ConnectorConfig c, long queued) {
        return new ConnectorStatus(c.name(), c.host() + ":" + c.port(), c.bind().name().toLowerCase().replace('_', '+'),
                0, 0, 0, 0, c.throughput(), false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, queued, "", null, null, false);
    }
}
