package io.tern.smsc.store;

import java.time.Instant;
import java.util.Objects;

/** The outcome of one attempt to hand a pending delivery receipt to the message's owner. */
public sealed interface ReceiptAttempt {

    Instant at();

    /** The owner acknowledged the receipt (deliver_sm_resp ESME_ROK): the receipt is SENT. */
    record Sent(Instant at) implements ReceiptAttempt {
        public Sent {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The owner was not bound or refused it; the receipt stays PENDING until {@code retryAt}. */
    record Retry(Instant at, int errorCode, Instant retryAt) implements ReceiptAttempt {
        public Retry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(retryAt, "retryAt");
        }
    }
}
