package io.tern.smsc.store;

/**
 * The outcome of a change aimed at one message (cancel_sm, replace_sm, a delivery outcome); each
 * value maps to one SMPP answer, e.g. ALREADY_FINAL to ESME_RCANCELFAIL / ESME_RREPLACEFAIL.
 */
public enum UpdateResult {
    OK,
    /** No such message, or it belongs to another account (which must not learn that it exists). */
    NOT_FOUND,
    /** The message is already DELIVERED, EXPIRED, DELETED, UNDELIVERABLE ...; nothing was changed. */
    ALREADY_FINAL,
    /**
     * The message is not final but has left Tern's hands: an attempt is under way (its lease holds:
     * handed to an ESME, the handset network or a connector) or an upstream SMSC accepted it and
     * its receipt is awaited. cancel_sm and replace_sm cannot reach it any more; nothing was changed.
     */
    IN_DELIVERY,
    /**
     * OK, and more: the message was recorded as forwarded upstream, and the upstream's receipt for
     * it, which had come first and was kept, was applied in the same transaction. The message is
     * final and its own receipt may be due now.
     */
    OK_AND_REPORTED
}
