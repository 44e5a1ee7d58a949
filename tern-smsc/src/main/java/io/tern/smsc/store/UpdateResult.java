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
     * OK, and more: the message was recorded as forwarded upstream, and the upstream's receipt for
     * it, which had come first and was kept, was applied in the same transaction. The message is
     * final and its own receipt may be due now.
     */
    OK_AND_REPORTED
}
