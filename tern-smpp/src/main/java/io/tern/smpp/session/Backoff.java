package io.tern.smpp.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter ("equal jitter"): the n-th delay is in [d/2, d], d = min·2ⁿ capped at max. */
public final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private int attempt;

    public Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    public long nextDelayNanos() {
        long d = minNanos << Math.min(attempt, 30);
        if (d <= 0 || d > maxNanos) {
            d = maxNanos;
        }
        attempt++;
        long half = d / 2;
        return half + ThreadLocalRandom.current().nextLong(d - half + 1);
    }

    public void reset() {
        attempt = 0;
    }

    /** The next delay is the longest one (jittered), as if every shorter one had been tried already. */
    public void skipToMax() {
        attempt = 31;
    }
}
