package io.tern.smsc.delivery;

/** What one delivery attempt came to, as the scheduler records it. */
public sealed interface DeliveryResult {

    record Delivered() implements DeliveryResult {
    }

    /**
     * Handed to an upstream SMSC over connector {@code upstream}, which named the message
     * {@code upstreamId}: when {@code awaitReceipt}, the outcome comes later in that SMSC's receipt;
     * otherwise the message is final, ACCEPTED.
     */
    record Forwarded(String upstream, String upstreamId, boolean awaitReceipt) implements DeliveryResult {
    }

    /**
     * The target asked to slow down (an upstream's ESME_RTHROTTLED or ESME_RMSGQFUL): tried again
     * after {@code retryAfter}, and not counted as a failed attempt.
     */
    record Throttled(int errorCode, java.time.Duration retryAfter) implements DeliveryResult {
    }

    /**
     * Worth retrying later, at the retry policy's next time: an ESME's temporary error status (the
     * list is {@code EsmeSessions.isTemporary}), a timeout, a lost session, no receiver bound.
     */
    record Temporary(int errorCode, String reason) implements DeliveryResult {
    }

    /** Never going to work (ESME_RX_P_APPN, ESME_RX_R_APPN, an unknown subscriber): UNDELIVERABLE. */
    record Permanent(int errorCode, String reason) implements DeliveryResult {
    }

    /**
     * The destination cannot take messages now (the subscriber is absent): the message waits,
     * parked for the queue's park time ({@code QueueManager.Settings.parkFor}), and is woken early
     * when the destination returns.
     */
    record Unavailable(int errorCode, String reason) implements DeliveryResult {
    }
}
