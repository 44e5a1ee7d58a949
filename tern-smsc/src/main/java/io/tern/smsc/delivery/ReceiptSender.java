package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import java.util.concurrent.CompletionStage;

/** Hands delivery receipts to the accounts that asked for them (their RX/TRX sessions). */
public interface ReceiptSender {

    boolean available(String owner);

    int capacity(String owner);

    /** Sends the receipt of {@code message} to its owner; completes true when acknowledged with ESME_ROK. */
    CompletionStage<Boolean> send(StoredMessage message);
}
