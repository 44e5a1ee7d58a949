package io.tern.smsc.sim;

import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.store.StoredMessage;
import java.util.concurrent.CompletionStage;

/** Delivers messages routed to {@code sim} to the virtual handset network. */
public final class SimDeliveryChannel implements DeliveryChannel {

    /** GSM MAP "absent subscriber" (3GPP TS 29.002), reported while a handset is away. */
    public static final int ABSENT_SUBSCRIBER = 27;

    private final HandsetNetwork network;
    private final int capacity;

    public SimDeliveryChannel(HandsetNetwork network, int capacity) {
        this.network = network;
        this.capacity = capacity;
    }

    @Override
    public boolean available(String target) {
        return true;
    }

    @Override
    public int capacity(String target) {
        return capacity;
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
        return network.deliver(message.destination().addr(), message.source().addr()).thenApply(outcome -> {
            if (outcome instanceof HandsetOutcome.Delivered) {
                return new DeliveryResult.Delivered();
            }
            if (outcome instanceof HandsetOutcome.Failed f) {
                return f.permanent()
                        ? new DeliveryResult.Permanent(f.errorCode(), "handset refused with error " + f.errorCode())
                        : new DeliveryResult.Temporary(f.errorCode(), "handset failed with error " + f.errorCode());
            }
            return new DeliveryResult.Unavailable(ABSENT_SUBSCRIBER, "subscriber absent");
        });
    }
}
