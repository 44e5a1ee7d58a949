package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;

/**
 * What a delivery outcome ({@link Attempt}) writes to its message's row, in both SQL dialects: how
 * many attempts it counts, the error it leaves (null: keep the last one), when the message is next
 * due (null: keep it) and when it became final (null: not final). The receipt it makes PENDING is
 * decided in SQL from registered_delivery (the rule of {@link StoredMessage#receiptWanted(int,
 * boolean)}), with {@link #receiptCode}: 2 for a failure (wanted for registered_delivery 1 and 2),
 * 3 for a delivery (1 and 3).
 */
public record OutcomeColumns(MessageState state, int increment, Integer lastError, Long next, Long finalTime,
        int receiptCode) {

    /** Whether the outcome makes its message final, and so may make a receipt PENDING. */
    public boolean receiptFlag() {
        return finalTime != null;
    }

    /**
     * What {@code op} writes: its outcome's columns, or for a forward with its upstream's receipt
     * folded in ({@link WriteOp#folded}), the row the two leave one after the other: the forward's
     * attempt and next due time, the receipt's state, error, final time and receipt.
     */
    public static OutcomeColumns of(WriteOp<?, ?> op) {
        OutcomeColumns own = of(op.attempt());
        if (op.folded() == null) {
            return own;
        }
        OutcomeColumns then = of(op.folded().attempt());
        return new OutcomeColumns(then.state, own.increment + then.increment,
                then.lastError != null ? then.lastError : own.lastError, then.next != null ? then.next : own.next,
                then.finalTime != null ? then.finalTime : own.finalTime, then.receiptCode);
    }

    public static OutcomeColumns of(Attempt a) {
        long at = a.at().toEpochMilli();
        int increment = 1;
        Integer lastError;
        Long next = null;
        Long finalTime = at;
        int receiptCode = 2;
        if (a instanceof Attempt.FailedTemporary t) {
            lastError = t.errorCode();
            next = t.retryAt().toEpochMilli();
            finalTime = null;
        } else if (a instanceof Attempt.Deferred d) {
            increment = 0;
            lastError = null;
            next = d.retryAt().toEpochMilli();
            finalTime = null;
        } else if (a instanceof Attempt.Forwarded f) {
            lastError = null;
            if (f.awaitReceipt()) {
                next = f.awaitUntil().toEpochMilli();
                finalTime = null;
            }
        } else if (a instanceof Attempt.Delivered) {
            lastError = 0;
            receiptCode = 3;
        } else if (a instanceof Attempt.FailedPermanent p) {
            lastError = p.errorCode();
        } else if (a instanceof Attempt.Reported r) {
            increment = 0;
            lastError = r.state() == MessageState.DELIVERED ? 0 : r.errorCode();
            receiptCode = r.state() == MessageState.DELIVERED ? 3 : 2;
        } else {
            increment = 0;
            lastError = null;
        }
        return new OutcomeColumns(a.state(), increment, lastError, next, finalTime, receiptCode);
    }
}
