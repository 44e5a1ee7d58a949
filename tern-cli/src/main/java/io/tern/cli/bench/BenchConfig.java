package io.tern.cli.bench;

import io.tern.smpp.pdu.BindType;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@code tern bench} run does: where it binds, how many sessions and messages, the window
 * (SMPP 3.4 §2.6), pacing and what each message looks like. Validated once here.
 *
 * @param bindType TRANSMITTER or TRANSCEIVER for the submitting sessions
 * @param rxSessions extra bind_receiver sessions that only take receipts
 * @param messages logical messages; with {@code parts > 1} each is that many submit_sm
 * @param rate submit_sm per second over all sessions, 0 for unlimited
 * @param text the message text; {@code parts > 1} repeats it to fill that many segments
 * @param parts 1 for single messages, N for N-part concatenated messages with a UDH
 * @param warmUp requests sent in this first stretch of the run count everywhere except in the latency
 *     percentiles of the summary: the client's own JIT warm-up is not the server's latency
 */
public record BenchConfig(String host, int port, String systemId, String password, BindType bindType,
        int sessions, int rxSessions, int window, long messages, int rate, boolean dlr, boolean tls,
        String text, boolean ucs2, int parts, String source, String destPrefix, Duration timeout,
        Duration receiptWait, Duration maxDuration, Duration warmUp) {

    public BenchConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(bindType, "bindType");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destPrefix, "destPrefix");
        check(port >= 1 && port <= 65535, "--port must be in 1..65535, was " + port);
        check(bindType != BindType.RECEIVER, "--bind must be tx or trx");
        check(sessions >= 1 && sessions <= 1000, "--sessions must be in 1..1000, was " + sessions);
        check(rxSessions >= 0 && rxSessions <= 1000, "--rx-sessions must be in 0..1000, was " + rxSessions);
        check(window >= 1 && window <= 65535, "--window must be in 1..65535, was " + window);
        check(messages >= 1, "--messages must be at least 1, was " + messages);
        check(rate >= 0, "--rate must not be negative, was " + rate);
        check(parts >= 1 && parts <= 255, "--long must be in 1..255, was " + parts);
        check(!dlr || bindType == BindType.TRANSCEIVER || rxSessions > 0,
                "--dlr needs --bind trx or --rx-sessions N to receive the receipts");
        check(destPrefix.matches("[0-9]*"), "--dest-prefix must be digits, was " + destPrefix);
        check(destPrefix.length() + String.valueOf(messages).length() <= 20,
                "--dest-prefix plus the message counter must fit in 20 digits");
        positive(timeout, "--timeout");
        positive(receiptWait, "--receipt-wait");
        positive(maxDuration, "--max-duration");
        Objects.requireNonNull(warmUp, "--warm-up");
        check(!warmUp.isNegative(), "--warm-up must not be negative, was " + warmUp);
        check(warmUp.compareTo(maxDuration) < 0, "--warm-up must be shorter than --max-duration");
    }

    /** submit_sm PDUs the run sends when nothing goes wrong. */
    public long submits() {
        return messages * parts;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative() && !d.isZero(), name + " must be positive, was " + d);
    }
}
