package io.tern.smsc.store;

/**
 * What became of a receipt from an upstream SMSC ({@link MessageStore#recordUpstreamReceipt}).
 *
 * @param outcome whether it matched a forwarded message
 * @param messageId Tern's id of the message it matched, or null when it was kept unmatched
 * @param owner the account that submitted that message (its receipt is owed to it), or null
 * @param message the message as now stored, its receipt PENDING and leased to the caller, when
 *     the caller asked for a lease and the submitter wants a receipt; else null (a claim finds it)
 */
public record UpstreamReceiptResult(Outcome outcome, String messageId, String owner, StoredMessage message) {

    public UpstreamReceiptResult(Outcome outcome, String messageId, String owner) {
        this(outcome, messageId, owner, null);
    }

    public enum Outcome {
        /** The message took the reported final state; its own receipt is PENDING if its submitter asked for one. */
        MATCHED,
        /** The message had a final state already (a duplicate receipt, or cancelled or expired meanwhile). */
        ALREADY_FINAL,
        /** No forwarded message has that upstream id yet: the receipt is kept and matched when one does. */
        KEPT
    }

    public static UpstreamReceiptResult kept() {
        return new UpstreamReceiptResult(Outcome.KEPT, null, null);
    }
}
