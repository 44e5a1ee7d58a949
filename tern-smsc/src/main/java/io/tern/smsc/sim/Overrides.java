package io.tern.smsc.sim;

import io.tern.smsc.address.AddressPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Run-time settings by number pattern that take precedence over the configured ranges: the most
 * specific matching pattern wins, and of equally specific ones the one set last. Writers replace an
 * immutable list, so readers on the delivery path never lock.
 */
final class Overrides<T> {

    /** One setting: {@code value} for the numbers {@code pattern} matches. */
    record Entry<T>(AddressPattern pattern, T value) {
    }

    private volatile List<Entry<T>> entries = List.of();

    /** Sets {@code value} for {@code pattern}, replacing the setting of the same pattern text. */
    synchronized void put(AddressPattern pattern, T value) {
        List<Entry<T>> next = new ArrayList<>(entries.size() + 1);
        for (Entry<T> e : entries) {
            if (!e.pattern().toString().equals(pattern.toString())) {
                next.add(e);
            }
        }
        next.add(new Entry<>(pattern, value));
        entries = List.copyOf(next);
    }

    /** Removes the setting of {@code pattern}; whether there was one. */
    synchronized boolean remove(String pattern) {
        List<Entry<T>> next = new ArrayList<>(entries);
        boolean removed = next.removeIf(e -> e.pattern().toString().equals(pattern));
        entries = List.copyOf(next);
        return removed;
    }

    /** The value of the most specific pattern matching {@code msisdn}, the latest of equals. */
    Optional<T> lookup(String msisdn) {
        List<Entry<T>> now = entries;
        Entry<T> best = null;
        for (Entry<T> e : now) {
            if (e.pattern().matches(msisdn)
                    && (best == null || e.pattern().specificity() >= best.pattern().specificity())) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.value());
    }

    /** Every setting, oldest first. */
    List<Entry<T>> entries() {
        return entries;
    }
}
