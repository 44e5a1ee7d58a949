package io.tern.smsc.account;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in continuously up to {@code burst}; each
 * message takes one. Beyond it the ESME is answered ESME_RTHROTTLED. Shared by every session of
 * an account, so it is thread-safe; the time source is injected for tests.
 */
public final class TokenBucket {

    private final double fullRatePerNano;
    private final int fullBurst;
    private double ratePerNano;
    private double burst;
    private int share = 1;
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
        this.fullRatePerNano = ratePerSecond / 1e9;
        this.fullBurst = burst;
        this.ratePerNano = fullRatePerNano;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /**
     * Gives this bucket one {@code nodes}-th of the rate and burst (at least one token of burst):
     * the account's sessions are spread over that many nodes sharing the store, each with a
     * bucket of its own (docs/scaling.md#throughput-across-nodes). 1 restores the whole.
     */
    public synchronized void share(int nodes) {
        int n = Math.max(1, nodes);
        if (n == share) {
            return;
        }
        share = n;
        ratePerNano = fullRatePerNano / n;
        burst = Math.max(1.0, (double) fullBurst / n);
        tokens = Math.min(tokens, burst);
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
