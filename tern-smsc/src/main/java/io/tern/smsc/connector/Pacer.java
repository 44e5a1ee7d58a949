package io.tern.smsc.connector;

import java.util.function.LongSupplier;

/**
 * Spaces sends to keep to a rate (a connector's {@code throughput}): each send is given the delay
 * after which it may go. After a quiet spell up to {@code burst} sends may go at once, so a rate
 * of 500/s does not turn into a wait before every single message; over any longer stretch the
 * rate holds. Thread-safe.
 */
final class Pacer {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private long next;

    /**
     * @param perSecond sends per second, 0 for no limit
     * @param burst how many sends may go at once after a quiet spell (at least 1)
     */
    Pacer(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("need perSecond >= 0 and burst >= 1");
        }
        this.intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
        this.burstNanos = intervalNanos * (burst - 1);
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /** Reserves the next send and returns how many nanoseconds to wait before it (0: at once). */
    synchronized long reserve() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (next - (now - burstNanos) < 0) {
            next = now - burstNanos; // unused time is not saved up beyond the burst
        }
        long at = next;
        next += intervalNanos;
        return Math.max(0, at - now);
    }
}
