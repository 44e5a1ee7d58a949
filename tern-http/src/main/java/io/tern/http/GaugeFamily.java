package io.tern.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of one name whose label values are only known at run time (targets, accounts): a series
 * is registered the first time its labels are seen and then stays, at 0 when they are missing from
 * an update, so that a drained queue reads 0 rather than vanishing. The label values come from the
 * configuration (targets, accounts, bind types), never from messages, so the family stays small.
 */
final class GaugeFamily {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final List<String> tagKeys;
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();

    GaugeFamily(MeterRegistry registry, String name, String description, String... tagKeys) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    /** Makes sure the series for {@code labels} exists (at 0 until an update says otherwise). */
    void declare(List<String> labels) {
        values.computeIfAbsent(List.copyOf(labels), this::register);
    }

    /** Sets every series to its value in {@code now}, and those missing from it to 0. */
    /** The sum of the family's values now. */
    long total() {
        long t = 0;
        for (AtomicLong v : values.values()) {
            t += v.get();
        }
        return t;
    }

    void update(Map<List<String>, Long> now) {
        for (Map.Entry<List<String>, Long> e : now.entrySet()) {
            values.computeIfAbsent(List.copyOf(e.getKey()), this::register).set(e.getValue());
        }
        for (Map.Entry<List<String>, AtomicLong> e : values.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                e.getValue().set(0);
            }
        }
    }

    private AtomicLong register(List<String> labels) {
        if (labels.size() != tagKeys.size()) {
            throw new IllegalArgumentException(name + ": labels " + labels + " for keys " + tagKeys);
        }
        AtomicLong value = new AtomicLong();
        Tags tags = Tags.empty();
        for (int i = 0; i < labels.size(); i++) {
            tags = tags.and(tagKeys.get(i), labels.get(i));
        }
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).register(registry);
        return value;
    }
}
