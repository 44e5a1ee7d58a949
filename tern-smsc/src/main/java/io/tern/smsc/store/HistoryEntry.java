package io.tern.smsc.store;

import java.time.Instant;

/**
 * One line of a message's history: every attempt and every state change is written in the same
 * transaction as the change itself, so the history can be trusted when a customer asks "what
 * happened to my message" (docs/architecture.md, promise 2). The two commonest events, the delivery that made
 * a message DELIVERED and the hand-over of its receipt, are not stored twice: the message's own
 * state and times are that record, and the store reads them back as history entries.
 */
public record HistoryEntry(String messageId, Instant at, Event event, int errorCode) {

    /** What happened. */
    public enum Event {
        DELIVERED,
        FAILED_TEMPORARY,
        FAILED_PERMANENT,
        EXPIRED,
        CANCELLED,
        /** The message's content or times were changed by replace_sm. */
        REPLACED,
        /** The message was superseded by a newer one submitted with replace_if_present_flag. */
        SUPERSEDED,
        RECEIPT_SENT,
        RECEIPT_RETRY,
        /** The target asked to slow down; not counted as an attempt. */
        THROTTLED,
        /** Accepted by an upstream SMSC; its id there is kept with the message. */
        FORWARDED,
        /** The upstream SMSC's receipt gave the message its final state (the error code is the upstream's). */
        UPSTREAM_RECEIPT
    }
}
