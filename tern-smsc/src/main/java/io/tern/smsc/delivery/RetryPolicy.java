package io.tern.smsc.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter, as the Postfix queue manager retries deferred mail:
 * the n-th retry waits {@code min(max, initial * multiplier^(n-1))}, spread by +-{@code jitter}
 * so that a burst of failures does not come back as a burst.
 */
public record RetryPolicy(Duration initial, Duration max, double multiplier, double jitter) {

    public RetryPolicy {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial retry delay must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max retry delay must be at least the initial delay");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), 2.0, 0.2);
    }

    /** The time of the next attempt after {@code attempts} failed ones, {@code random} in [0, 1). */
    public Instant nextAttempt(Instant now, int attempts, DoubleSupplier random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = capped * jitter * (2 * random.getAsDouble() - 1);
        long delay = Math.max(1, Math.round(capped + spread));
        return now.plusMillis(delay);
    }
}
