package io.tern.smsc.account;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in continuously up to {@code burst}; each
 * message takes one. Beyond it the ESME is answered ESME_RTHROTTLED. Shared by every session of
 * an account, so it is thread-safe; the time source is injected for tests.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes {@code n} tokens if there are that many; otherwise takes none. */
    public synchronized boolean tryAcquire(int n) {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            last = now;
        }
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }
}
