package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A way out of the SMSC (docs/architecture.md): the messages of the targets it serves (ESME
 * sessions, the handset network, upstream connectors) and the receipts of the accounts it reaches.
 * A receipt is a state of its message, so it leaves through the same interface; a channel that
 * reaches no account keeps the defaults and never takes one.
 */
public interface DeliveryChannel {

    /** Whether {@code target} can take messages at all now (e.g. the ESME has a receiver bound). */
    boolean available(String target);

    /** How many messages of {@code target} may be in flight at once. */
    int capacity(String target);

    /** Attempts one delivery; the stage never fails, every problem is a {@link DeliveryResult}. */
    CompletionStage<DeliveryResult> deliver(StoredMessage message);

    /** Whether {@code owner} has a session that can receive receipts through this channel now. */
    default boolean availableForReceipts(String owner) {
        return false;
    }

    /** How many receipts of {@code owner} may be in flight at once. */
    default int receiptCapacity(String owner) {
        return 0;
    }

    /**
     * Sends the receipt of {@code message} to its owner. Completes true when the owner is done
     * with it (acknowledged, or refused for good), false when it should be sent again later.
     */
    default CompletionStage<Boolean> deliverReceipt(StoredMessage message) {
        return CompletableFuture.completedFuture(false);
    }

    /**
     * When the receipt of {@code message}, which could not be handed over at {@code now}, is due
     * again; null for the scheduler's fixed {@code delivery.receipt_retry}.
     */
    default Instant receiptRetryAt(StoredMessage message, Instant now) {
        return null;
    }

    /**
     * {@code message} was forwarded ({@code forward}, waiting for the upstream's receipt) and is
     * being recorded: {@code recorded} completes when that write commits, {@code message} is the
     * row as it will then stand. Called before the connection that brought the upstream's answer
     * reads anything more, so a channel that forwards may keep it to match the upstream's receipt
     * without reading the store; the store stays the authority.
     */
    default void forwarding(StoredMessage message, DeliveryResult.Forwarded forward,
            CompletionStage<UpdateResult> recorded) {
    }

    /**
     * Sends an intermediate notification (registered_delivery bit 4) after a failed attempt, best
     * effort: it is not stored, and not sent again if the owner is not bound.
     */
    default void deliverIntermediate(StoredMessage message, Instant at, int error) {
    }
}
