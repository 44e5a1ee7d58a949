package io.tern.smsc.server;

import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * A delivery channel that tells {@link SmscEvents} how each attempt and each receipt hand-over
 * ended, and otherwise is {@code inner}: every method, the receipt ones included, is delegated.
 */
record ObservedChannel(DeliveryChannel inner, String kind, SmscEvents events) implements DeliveryChannel {

    @Override
    public boolean available(String target) {
        return inner.available(target);
    }

    @Override
    public int capacity(String target) {
        return inner.capacity(target);
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
        return inner.deliver(message).thenApply(r -> {
            try {
                events.delivered(kind, outcome(r));
            } catch (RuntimeException e) {
                // an observer's bug must not turn into a lost outcome
            }
            return r;
        });
    }

    @Override
    public boolean availableForReceipts(String owner) {
        return inner.availableForReceipts(owner);
    }

    @Override
    public int receiptCapacity(String owner) {
        return inner.receiptCapacity(owner);
    }

    @Override
    public CompletionStage<Boolean> deliverReceipt(StoredMessage message) {
        return inner.deliverReceipt(message).thenApply(taken -> {
            try {
                events.receiptSent(message.owner(), Boolean.TRUE.equals(taken));
            } catch (RuntimeException e) {
                // as above
            }
            return taken;
        });
    }

    @Override
    public void forwarding(StoredMessage message, DeliveryResult.Forwarded forward,
            CompletionStage<UpdateResult> recorded) {
        inner.forwarding(message, forward, recorded);
    }

    @Override
    public void deliverIntermediate(StoredMessage message, Instant at, int error) {
        inner.deliverIntermediate(message, at, error);
    }

    static String outcome(DeliveryResult r) {
        if (r instanceof DeliveryResult.Delivered) {
            return "delivered";
        }
        if (r instanceof DeliveryResult.Forwarded) {
            return "forwarded";
        }
        if (r instanceof DeliveryResult.Temporary) {
            return "temporary";
        }
        if (r instanceof DeliveryResult.Permanent) {
            return "permanent";
        }
        if (r instanceof DeliveryResult.Unavailable) {
            return "unavailable";
        }
        return "throttled";
    }
}
