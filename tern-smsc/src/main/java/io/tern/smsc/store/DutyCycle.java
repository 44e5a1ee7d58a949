package io.tern.smsc.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps a periodic store query (a count over the queued or all messages, for status and metrics)
 * to a bounded share of a reader's time: after a run that took {@code d}, the next is not due
 * before {@code d × duty} has passed, so on a store with millions of queued messages the figures
 * are refreshed less often instead of keeping a core busy. Not used for answers to a request.
 */
public final class DutyCycle {

    private final long duty;
    /** System.nanoTime() from which the query is due again; compared by difference. */
    private volatile long nextNanos = System.nanoTime();
    private volatile boolean running;

    /** @param duty the query takes at most 1/duty of the time */
    public DutyCycle(long duty) {
        if (duty < 1) {
            throw new IllegalArgumentException("duty must be at least 1, was " + duty);
        }
        this.duty = duty;
    }

    /** Whether the query may run now (not running, and its pause after the last run is over). */
    public boolean due() {
        return !running && System.nanoTime() - nextNanos >= 0;
    }

    /** Runs {@code query} and times it; the next run is due after {@code duty} times as long. */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> query) {
        running = true;
        long started = System.nanoTime();
        CompletableFuture<T> f;
        try {
            f = query.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, e) -> {
            long now = System.nanoTime();
            nextNanos = now + (now - started) * duty;
            running = false;
        });
    }
}
