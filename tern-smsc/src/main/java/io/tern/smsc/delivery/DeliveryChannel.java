package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import java.util.concurrent.CompletionStage;

/** A way out of the SMSC for the messages of some targets: ESME sessions, the handset network. */
public interface DeliveryChannel {

    /** Whether {@code target} can take messages at all now (e.g. the ESME has a receiver bound). */
    boolean available(String target);

    /** How many messages of {@code target} may be in flight at once. */
    int capacity(String target);

    /** Attempts one delivery; the stage never fails, every problem is a {@link DeliveryResult}. */
    CompletionStage<DeliveryResult> deliver(StoredMessage message);
}
