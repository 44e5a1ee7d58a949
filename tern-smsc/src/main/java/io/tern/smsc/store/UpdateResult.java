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
    ALREADY_FINAL
}
