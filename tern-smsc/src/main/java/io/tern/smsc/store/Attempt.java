package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one delivery attempt of a message, as reported by the delivery channel. Whether
 * it produces a receipt is decided by the store from the message's registered_delivery, so the
 * rule lives in one place ({@link StoredMessage#receiptWanted(int, boolean)}).
 */
public sealed interface Attempt {

    /** When the outcome was observed. */
    Instant at();

    /** The state the message is in after this outcome. */
    MessageState state();

    /** The destination accepted the message: it becomes DELIVERED. */
    record Delivered(Instant at) implements Attempt {
        public Delivered {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public MessageState state() {
            return MessageState.DELIVERED;
        }
    }

    /** The attempt failed but may succeed later; the message stays pending and is retried at {@code retryAt}. */
    record FailedTemporary(Instant at, int errorCode, Instant retryAt) implements Attempt {
        public FailedTemporary {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public MessageState state() {
            return MessageState.ENROUTE;
        }
    }

    /**
     * The target asked to slow down (ESME_RTHROTTLED, ESME_RMSGQFUL): not counted as an attempt,
     * the message stays pending and is tried again at {@code retryAt}.
     */
    record Deferred(Instant at, int errorCode, Instant retryAt) implements Attempt {
        public Deferred {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public MessageState state() {
            return MessageState.ENROUTE;
        }
    }

    /**
     * An upstream SMSC reached over the connector {@code upstream} accepted the message and named
     * it {@code upstreamId} (its submit_sm_resp). When {@code awaitReceipt}, the message stays
     * ENROUTE, not due again before {@code awaitUntil} (its validity end), waiting for that SMSC's
     * receipt ({@link Reported}); otherwise (a connector without receipts) it is final: ACCEPTED.
     */
    record Forwarded(Instant at, String upstream, String upstreamId, boolean awaitReceipt, Instant awaitUntil)
            implements Attempt {
        public Forwarded {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(upstreamId, "upstreamId");
            Objects.requireNonNull(awaitUntil, "awaitUntil");
        }

        @Override
        public MessageState state() {
            return awaitReceipt ? MessageState.ENROUTE : MessageState.ACCEPTED;
        }
    }

    /**
     * An upstream SMSC's receipt for a forwarded message: the final {@code state} it reports, with
     * its error code (0 for DELIVERED). Not an attempt of Tern's: the count is not changed.
     */
    record Reported(Instant at, MessageState state, int errorCode) implements Attempt {
        public Reported {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(state, "state");
            if (!state.isFinal()) {
                throw new IllegalArgumentException("an upstream receipt reports a final state, not " + state);
            }
        }
    }

    /**
     * The destination refused the message for good, or it cannot be delivered there at all: it
     * becomes UNDELIVERABLE. {@code reason}, when not null, is kept in its history.
     */
    record FailedPermanent(Instant at, int errorCode, String reason) implements Attempt {
        public FailedPermanent {
            Objects.requireNonNull(at, "at");
        }

        /** Without a reason. */
        public FailedPermanent(Instant at, int errorCode) {
            this(at, errorCode, null);
        }

        @Override
        public MessageState state() {
            return MessageState.UNDELIVERABLE;
        }
    }

    /** The validity period ended while the message was being handled: it becomes EXPIRED. */
    record Expired(Instant at) implements Attempt {
        public Expired {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public MessageState state() {
            return MessageState.EXPIRED;
        }
    }
}
