package io.tern.smsc.sim;

import io.tern.smsc.address.AddressPattern;
import java.time.Duration;
import java.util.Objects;

/**
 * A range of virtual subscribers and its behaviour (docs/configuration.md "handsets").
 *
 * @param errorCode the GSM network error code reported for FAIL (network_error_code, type 3)
 * @param permanent whether FAIL is permanent (UNDELIVERABLE) or temporary (retried)
 * @param deliverPercent share of DELIVER for MIX; failPercent and absentPercent likewise, summing to 100
 * @param reply how its handsets answer the messages they accept, or null: they do not
 */
public record SubscriberRange(AddressPattern numbers, Behaviour behaviour, Duration latency, int errorCode,
        boolean permanent, int deliverPercent, int failPercent, int absentPercent, Reply reply) {

    /** A range whose handsets do not reply. */
    public SubscriberRange(AddressPattern numbers, Behaviour behaviour, Duration latency, int errorCode,
            boolean permanent, int deliverPercent, int failPercent, int absentPercent) {
        this(numbers, behaviour, latency, errorCode, permanent, deliverPercent, failPercent, absentPercent, null);
    }

    public SubscriberRange {
        Objects.requireNonNull(numbers, "numbers");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(latency, "latency");
        if (behaviour == Behaviour.MIX && deliverPercent + failPercent + absentPercent != 100) {
            throw new IllegalArgumentException("mix percentages must add up to 100, they add up to "
                    + (deliverPercent + failPercent + absentPercent));
        }
    }

    public static SubscriberRange delivering(String pattern) {
        return new SubscriberRange(AddressPattern.parse(pattern), Behaviour.DELIVER, Duration.ZERO, 0, false, 100, 0, 0);
    }
}
