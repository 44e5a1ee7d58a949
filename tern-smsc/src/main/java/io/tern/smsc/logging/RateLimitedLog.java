package io.tern.smsc.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs failures that can repeat on every operation (every submit and every commit while the disk is
 * full) without flooding the log: the first occurrence of each distinct failure is logged in full,
 * with its stack trace; later ones are counted and summarised in one line, without the trace, at
 * most once per interval ("... 1,234 more times in the last 10 s, latest: ...").
 *
 * <p>A failure is distinct by the caller's {@code kind} (what was being done, without ids) and the
 * root cause's class and message. A summary is written when the failure recurs after the interval,
 * or by {@link #flush()}, which an owner with a periodic task calls so that the count of a burst that
 * stopped is not left unreported, or by {@link #report()} when the owner knows the cause is gone. A
 * failure that recurs after a whole quiet interval is a new incident and is logged in full again;
 * one that flaps faster stays counted. Thread-safe; the interval follows {@code clock}.
 */
public final class RateLimitedLog {

    /** Distinct failures remembered at once; past it, the quiet ones are forgotten. */
    static final int MAX_KINDS = 64;

    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    /** One distinct failure: when its current interval began, and what was not logged since. */
    private static final class Window {
        final String kind;
        final Level level;
        Instant since;
        long suppressed;
        String latest;

        Window(String kind, Level level, Instant since) {
            this.kind = kind;
            this.level = level;
            this.since = since;
        }
    }

    public RateLimitedLog(Logger log, Clock clock, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    /** Ten-second summaries on the system clock: what production log sites use. */
    public static RateLimitedLog of(Logger log) {
        return new RateLimitedLog(log, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    public void warn(String kind, String message, Throwable cause) {
        log(Level.WARN, kind, message, cause);
    }

    public void error(String kind, String message, Throwable cause) {
        log(Level.ERROR, kind, message, cause);
    }

    /**
     * Logs {@code message} (with the stack trace of {@code cause}, if any) the first time this
     * failure occurs; afterwards counts it, and writes one summary line once the interval has passed.
     */
    public void log(Level level, String kind, String message, Throwable cause) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        List<Runnable> out = new ArrayList<>(2);
        synchronized (this) {
            Instant now = clock.instant();
            String key = kind + '\u0000' + signature(cause);
            Window w = windows.get(key);
            if (w == null) {
                makeRoom(now, out);
                windows.put(key, new Window(kind, level, now));
                out.add(() -> log.atLevel(level).setCause(cause).log(message));
            } else if (Duration.between(w.since, now).compareTo(interval) < 0) {
                w.suppressed++;
                w.latest = message;
            } else if (w.suppressed == 0) {
                // nothing since the last line, a whole interval ago: a new incident
                w.since = now;
                out.add(() -> log.atLevel(level).setCause(cause).log(message));
            } else {
                w.suppressed++;
                w.latest = message;
                out.add(summary(w, now));
            }
        }
        out.forEach(Runnable::run);
    }

    /** Writes the summary of every failure whose interval has passed with occurrences not yet logged. */
    public void flush() {
        List<Runnable> out = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Window w : windows.values()) {
                if (w.suppressed > 0 && Duration.between(w.since, now).compareTo(interval) >= 0) {
                    out.add(summary(w, now));
                }
            }
        }
        out.forEach(Runnable::run);
    }

    /**
     * Writes the summary of every failure with occurrences not yet logged, whatever the interval:
     * called when the cause is gone, so that the log has the count at once. A recurrence within the
     * interval is still counted, not logged in full: a cause that comes and goes does not flood.
     */
    public void report() {
        List<Runnable> out = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Window w : windows.values()) {
                if (w.suppressed > 0) {
                    out.add(summary(w, now));
                }
            }
        }
        out.forEach(Runnable::run);
    }

    /** Occurrences counted and not logged yet, over every failure; for tests and status output. */
    public synchronized long pending() {
        return windows.values().stream().mapToLong(w -> w.suppressed).sum();
    }

    private Runnable summary(Window w, Instant now) {
        long n = w.suppressed;
        String latest = w.latest;
        double seconds = Duration.between(w.since, now).toMillis() / 1000.0;
        w.since = now;
        w.suppressed = 0;
        w.latest = null;
        String line = String.format(Locale.ROOT, "%s: %,d more times in the last %.0f s, latest: %s", w.kind, n,
                seconds, latest);
        Level level = w.level;
        return () -> log.atLevel(level).log(line);
    }

    /** Keeps the map bounded: forgets failures with nothing pending, then (rarely) reports and drops the oldest. */
    private void makeRoom(Instant now, List<Runnable> out) {
        if (windows.size() < MAX_KINDS) {
            return;
        }
        windows.values().removeIf(w -> w.suppressed == 0);
        Iterator<Window> it = windows.values().iterator();
        while (windows.size() >= MAX_KINDS && it.hasNext()) {
            Window w = it.next();
            out.add(summary(w, now));
            it.remove();
        }
    }

    /** The root cause's class and message: what makes two failures of one kind the same. */
    private static String signature(Throwable cause) {
        if (cause == null) {
            return "";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = root.getClass().getName() + ": " + root.getMessage();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
