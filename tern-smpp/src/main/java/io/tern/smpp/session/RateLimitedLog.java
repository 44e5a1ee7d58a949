package io.tern.smpp.session;

import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * At most one log line per interval for an event a hostile peer can repeat thousands of times a
 * second (a refused connection, a connection closed for memory). The first event is logged in
 * full; the ones that follow within the interval are only counted, and when the interval ends
 * one line says how many there were. A flood then costs a line per interval instead of filling
 * the disk, and the counts still add up to its size.
 */
final class RateLimitedLog {

    /** Runs a task after a delay: the summary line at the end of an interval. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);

        /** Netty's global executor: one shared thread, started only while something is scheduled. */
        Scheduler GLOBAL = (task, delayNanos) -> GlobalEventExecutor.INSTANCE.schedule(task, delayNanos,
                TimeUnit.NANOSECONDS);
    }

    private final Logger log;
    private final Level level;
    private final String summary;
    private final Duration interval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    /** When the next event may be logged in full. */
    private final AtomicLong nextLine;
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicBoolean summaryScheduled = new AtomicBoolean();

    /**
     * @param summary what the counted events are, for the summary line ("connections refused")
     * @param interval at most one line per this long (positive)
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     * @param scheduler runs the summary at the end of the interval
     */
    RateLimitedLog(Logger log, String summary, Duration interval, LongSupplier nanoTime, Scheduler scheduler) {
        this(log, Level.WARN, summary, interval, nanoTime, scheduler);
    }

    /** @param level the level of every line, the first event's and the summaries */
    RateLimitedLog(Logger log, Level level, String summary, Duration interval, LongSupplier nanoTime,
            Scheduler scheduler) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.log = log;
        this.level = level;
        this.summary = summary;
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /** A log with the real clock whose summaries run on Netty's global executor. */
    RateLimitedLog(Logger log, String summary, Duration interval) {
        this(log, summary, interval, System::nanoTime, Scheduler.GLOBAL);
    }

    /** A log at {@code level} with the real clock whose summaries run on Netty's global executor. */
    RateLimitedLog(Logger log, Level level, String summary, Duration interval) {
        this(log, level, summary, interval, System::nanoTime, Scheduler.GLOBAL);
    }

    /** Counts one event and logs it (at the log's level) if no line was logged within the interval. */
    void warn(String format, Object... args) {
        long now = nanoTime.getAsLong();
        long next = nextLine.get();
        if (now - next >= 0 && nextLine.compareAndSet(next, now + intervalNanos)) {
            log.atLevel(level).log(format, args);
            return;
        }
        suppressed.incrementAndGet();
        if (summaryScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::summarise, Math.max(0, nextLine.get() - now));
        }
    }

    private void summarise() {
        summaryScheduled.set(false);
        long n = suppressed.getAndSet(0);
        if (n > 0) {
            // the summary is this interval's line: an event right after it is counted for the next
            nextLine.set(nanoTime.getAsLong() + intervalNanos);
            log.atLevel(level).log("{} more {} in the last {}", n, summary,
                    interval.toString().substring(2).toLowerCase(Locale.ROOT));
        }
    }
}
