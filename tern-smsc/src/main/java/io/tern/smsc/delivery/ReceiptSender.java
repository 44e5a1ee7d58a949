package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import java.util.concurrent.CompletionStage;

/** Hands delivery receipts to the accounts that asked for them (their RX/TRX sessions). */
public interface ReceiptSender {

    /** Whether {@code owner} has a session that can receive receipts now. */
    boolean availableForReceipts(String owner);

    /** How many receipts of {@code owner} may be in flight at once. */
    int receiptCapacity(String owner);

    /** Sends the receipt of {@code message} to its owner; completes true when acknowledged with ESME_ROK. */
    CompletionStage<Boolean> send(StoredMessage message);
}
