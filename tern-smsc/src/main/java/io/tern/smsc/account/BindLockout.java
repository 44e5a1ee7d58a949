package io.tern.smsc.account;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Locks out password guessing: after {@code maxFailures} failed binds of one system_id from one
 * client address within {@code window}, every bind of that pair is refused for
 * {@code duration}, even with the right password, so a guesser gets a handful of tries per
 * window instead of as many as bcrypt allows. Keyed by the pair, not the account alone, so that a
 * guesser elsewhere cannot lock the real ESME out; a system_id that has no account is counted the
 * same way, so the lockout tells nothing about which accounts exist.
 *
 * <p>Thread-safe. Pairs that have neither a recent failure nor a lockout are dropped as it goes,
 * so a guesser that varies system_ids holds at most a window's worth of entries.
 */
public final class BindLockout {

    /** Every this many failed binds, the pairs with nothing left to remember are dropped. */
    private static final int PRUNE_EVERY = 1024;

    private record Key(String systemId, InetAddress address) {
    }

    /** Failure times within the window (oldest first) and the end of a lockout, in epoch millis. */
    private static final class State {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        long lockedUntil;
    }

    private final int maxFailures;
    private final long windowMillis;
    private final long durationMillis;
    private final Clock clock;
    private final ConcurrentHashMap<Key, State> pairs = new ConcurrentHashMap<>();
    private final AtomicInteger untilPrune = new AtomicInteger(PRUNE_EVERY);

    /**
     * @param maxFailures failed binds within {@code window} that start a lockout, at least 1
     * @param window how far back failures count (positive)
     * @param duration how long a lockout lasts (positive)
     */
    public BindLockout(int maxFailures, Duration window, Duration duration, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (window.isNegative() || window.isZero() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("window and duration must be positive, were " + window + " and "
                    + duration);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.durationMillis = duration.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int maxFailures() {
        return maxFailures;
    }

    public Duration duration() {
        return Duration.ofMillis(durationMillis);
    }

    public boolean lockedOut(String systemId, InetAddress address) {
        State s = pairs.get(new Key(systemId, address));
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.lockedUntil > clock.millis();
        }
    }

    /** Counts a failed bind; true when it starts a lockout (for the one log line a lockout gets). */
    public boolean failed(String systemId, InetAddress address) {
        if (untilPrune.decrementAndGet() <= 0) {
            untilPrune.set(PRUNE_EVERY);
            prune();
        }
        long now = clock.millis();
        State s = pairs.computeIfAbsent(new Key(systemId, address), k -> new State());
        synchronized (s) {
            if (s.lockedUntil > now) {
                return false;
            }
            while (!s.failures.isEmpty() && s.failures.peekFirst() <= now - windowMillis) {
                s.failures.pollFirst();
            }
            s.failures.addLast(now);
            if (s.failures.size() < maxFailures) {
                return false;
            }
            s.failures.clear();
            s.lockedUntil = now + durationMillis;
            return true;
        }
    }

    /** A successful bind forgets the pair's failures. */
    public void succeeded(String systemId, InetAddress address) {
        pairs.remove(new Key(systemId, address));
    }

    /** Pairs tracked now (for tests and metrics). */
    int tracked() {
        return pairs.size();
    }

    private void prune() {
        long now = clock.millis();
        pairs.entrySet().removeIf(e -> {
            State s = e.getValue();
            synchronized (s) {
                Long last = s.failures.peekLast();
                return s.lockedUntil <= now && (last == null || last <= now - windowMillis);
            }
        });
    }
}
