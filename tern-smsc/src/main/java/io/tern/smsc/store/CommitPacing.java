package io.tern.smsc.store;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How long the store writer lets a batch gather before running it ({@code store.commit_delay},
 * docs/architecture.md#store). At full speed writes pile up while a commit runs and every batch is
 * large; at moderate rates they come a few at a time, and each small commit pays the same page writes,
 * fsync and wake-ups as a large one. So when writes arrive in a steady stream (the last commit ended
 * less than the delay ago), the last batch held a few writes but not many ({@link #CONCURRENT} to
 * {@link #TARGET}) and few are queued, the writer waits in short slices while more keep arriving:
 * until {@link #TARGET} are queued, a slice passes with none arriving, or the delay is spent. It does
 * not wait after a pause, nor after batches of one to three writes (one client that waits for each
 * answer before it writes again: waiting would only slow it down), nor after a large batch (full
 * speed: the writer is the bottleneck). Writer thread only, but for construction.
 */
final class CommitPacing {

    /** Queued operations that make a batch worth committing without waiting for more. */
    static final int TARGET = 64;
    /** The smallest last batch after which it waits: a few writes together say several writers. */
    static final int CONCURRENT = 4;
    /** How long one wait lasts; the writer looks at the queue between slices. */
    static final long SLICE_NANOS = 100_000;

    private final long delayNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private boolean committed;
    private long lastCommitNanos;
    private int lastBatch;

    /**
     * @param delay the longest a batch waits; zero: never
     * @param nanoTime the monotonic clock ({@code System::nanoTime})
     * @param park waits for the given nanoseconds or less ({@code LockSupport::parkNanos})
     */
    CommitPacing(Duration delay, LongSupplier nanoTime, LongConsumer park) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("commit delay must not be negative: " + delay);
        }
        this.delayNanos = delay.toNanos();
        this.nanoTime = nanoTime;
        this.park = park;
    }

    /**
     * Called with the first operation of a batch taken and {@code queued} more waiting: waits as
     * described above, or not at all.
     *
     * @param stopping true once the writer is closing (it then stops waiting)
     * @return how many slices it waited
     */
    int gather(IntSupplier queued, BooleanSupplier stopping) {
        if (delayNanos == 0 || !committed || lastBatch < CONCURRENT || lastBatch >= TARGET) {
            return 0;
        }
        long start = nanoTime.getAsLong();
        if (start - lastCommitNanos >= delayNanos) {
            return 0; // after a pause: nothing says more writes are coming
        }
        int slices = 0;
        int seen = queued.getAsInt();
        while (seen + 1 < TARGET && !stopping.getAsBoolean()) {
            long left = delayNanos - (nanoTime.getAsLong() - start);
            if (left <= 0) {
                break;
            }
            park.accept(Math.min(SLICE_NANOS, left));
            slices++;
            int now = queued.getAsInt();
            if (now == seen) {
                break; // none arrived in a slice: they come no faster than the writer commits
            }
            seen = now;
        }
        return slices;
    }

    /** Called after each commit (or failed transaction) of {@code operations}: the stream is measured from here. */
    void committed(int operations) {
        committed = true;
        lastBatch = operations;
        lastCommitNanos = nanoTime.getAsLong();
    }
}
