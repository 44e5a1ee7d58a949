package io.tern.smpp.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timers of one SMPP session, validated once here (SMPP 3.4 §2.6 windowing, §2.9
 * enquire_link; the timer names follow SMPP 5.0 §2.9: session_init_timer, enquire_link_timer,
 * inactivity_timer, response_timer).
 *
 * @param windowSize at most this many requests sent and not yet answered (1..65535)
 * @param maxPendingSends requests that wait for a free window slot before {@code send} fails fast
 *     with {@link WindowFullException} (0..1,000,000)
 * @param maxInflightInbound peer requests handed to the handler and not yet answered; beyond it the
 *     session answers ESME_RTHROTTLED at once
 * @param maxPduLength the largest command_length accepted (16..16 MiB)
 * @param responseTimeout how long a sent request waits for its response
 * @param sessionInitTimeout a connection that is not bound after this long is closed
 * @param enquireLinkInterval after this long without receiving anything, send enquire_link;
 *     {@link Duration#ZERO} disables it
 * @param inactivityTimeout close the session after receiving nothing for this long; ZERO disables
 */
public record SessionConfig(int windowSize, int maxPendingSends, int maxInflightInbound, int maxPduLength,
        Duration responseTimeout, Duration sessionInitTimeout, Duration enquireLinkInterval,
        Duration inactivityTimeout) {

    public static final SessionConfig DEFAULTS = new SessionConfig(100, 1000, 100, 64 * 1024,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO);

    public SessionConfig {
        range("windowSize", windowSize, 1, 65535);
        range("maxPendingSends", maxPendingSends, 0, 1_000_000);
        range("maxInflightInbound", maxInflightInbound, 1, 1_000_000);
        range("maxPduLength", maxPduLength, 16, 16 * 1024 * 1024);
        positive("responseTimeout", responseTimeout);
        positive("sessionInitTimeout", sessionInitTimeout);
        notNegative("enquireLinkInterval", enquireLinkInterval);
        notNegative("inactivityTimeout", inactivityTimeout);
    }

    public SessionConfig withWindowSize(int n) {
        return new SessionConfig(n, maxPendingSends, maxInflightInbound, maxPduLength, responseTimeout,
                sessionInitTimeout, enquireLinkInterval, inactivityTimeout);
    }

    public SessionConfig withMaxPendingSends(int n) {
        return new SessionConfig(windowSize, n, maxInflightInbound, maxPduLength, responseTimeout,
                sessionInitTimeout, enquireLinkInterval, inactivityTimeout);
    }

    public SessionConfig withMaxInflightInbound(int n) {
        return new SessionConfig(windowSize, maxPendingSends, n, maxPduLength, responseTimeout,
                sessionInitTimeout, enquireLinkInterval, inactivityTimeout);
    }

    public SessionConfig withTimers(Duration response, Duration sessionInit, Duration enquireLink,
            Duration inactivity) {
        return new SessionConfig(windowSize, maxPendingSends, maxInflightInbound, maxPduLength, response,
                sessionInit, enquireLink, inactivity);
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + v);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
