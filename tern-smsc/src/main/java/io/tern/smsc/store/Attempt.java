package io.tern.smsc.store;

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

    /** The destination refused the message for good: it becomes UNDELIVERABLE. */
    record FailedPermanent(Instant at, int errorCode) implements Attempt {
        public FailedPermanent {
            Objects.requireNonNull(at, "at");
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
