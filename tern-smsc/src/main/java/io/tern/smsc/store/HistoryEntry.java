package io.tern.smsc.store;

import java.time.Instant;

/**
 * One line of a message's history: every attempt and every state change is written in the same
 * transaction as the change itself, so the history can be trusted when a customer asks "what
 * happened to my message" (docs/architecture.md, promise 2). The two commonest events, the delivery that made
 * a message DELIVERED and the hand-over of its receipt, are not stored twice: the message's own
 * state and times are that record, and the store reads them back as history entries.
 *
 * <p>{@code detail} is a line of text for the entries that need one, null for the others: the rule
 * and the address as submitted for {@link Event#SENDER_REWRITTEN}, the reason for
 * {@link Event#FAILED_PERMANENT} (a character the destination's encoding lacks, the status the
 * destination answered).
 */
public record HistoryEntry(String messageId, Instant at, Event event, int errorCode, String detail) {

    /**
     * An entry without a detail.
     *
     * @see #detail() what a detail holds
     */
    public HistoryEntry(String messageId, Instant at, Event event, int errorCode) {
        this(messageId, at, event, errorCode, null);
    }

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
        /**
         * A sender-ID rule rewrote the source address at submission (docs/protocol.md, "Sender-ID
         * rules"); the detail names the rule and the address as submitted. Written with the message.
         */
        SENDER_REWRITTEN,
        /** Accepted by an upstream SMSC; its id there is kept with the message. */
        FORWARDED,
        /** The upstream SMSC's receipt gave the message its final state (the error code is the upstream's). */
        UPSTREAM_RECEIPT
    }
}
