package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import java.util.concurrent.CompletionStage;

/** Hands delivery receipts to the accounts that asked for them (their RX/TRX sessions). */
public interface ReceiptSender {

    /** Whether {@code owner} has a session that can receive receipts now. */
    boolean availableForReceipts(String owner);

    /** How many receipts of {@code owner} may be in flight at once. */
    int receiptCapacity(String owner);

    /**
     * Sends the receipt of {@code message} to its owner. Completes true when the owner is done
     * with it (acknowledged, or refused for good), false when it should be sent again later.
     */
    CompletionStage<Boolean> send(StoredMessage message);

    /**
     * Sends an intermediate notification (registered_delivery bit 4) after a failed attempt, best
     * effort: it is not stored, and not sent again if the owner is not bound.
     */
    void sendIntermediate(StoredMessage message, java.time.Instant at, int error);
}
