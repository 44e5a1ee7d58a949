package io.tern.smpp.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One log line per interval for an event a hostile peer can repeat thousands of times a second
 * (a refused connection, a connection closed for memory): the first event of an interval is
 * logged with how many were not logged since the previous line, the others are only counted. A
 * flood then costs a line per interval instead of filling the disk, and the count still says how
 * big it was.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLine;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param interval at least one line per this long while events occur (positive)
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Counts one event and logs it at WARN when the interval allows. The message must not end
     * with a period: the count is appended.
     */
    void warn(String format, Object... args) {
        long now = nanoTime.getAsLong();
        long next = nextLine.get();
        if (now - next < 0 || !nextLine.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        if (log.isWarnEnabled()) {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = more;
            log.warn(format + " ({} more like it not logged since the previous line)", withCount);
        }
    }
}
