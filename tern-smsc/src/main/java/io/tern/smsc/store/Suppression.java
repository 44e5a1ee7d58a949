package io.tern.smsc.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A number on an account's suppression list (opt-out, docs/http-api.md): messages from the account
 * to it are refused.
 *
 * @param number the address as {@link #normalise} leaves it
 * @param reason how it got on the list, e.g. {@code "reply STOP"} or {@code "api"}
 */
public record Suppression(String account, String number, Instant addedAt, String reason) {

    /** The longest number kept: SMPP addresses hold at most 20 characters, E.164 numbers 15 digits. */
    public static final int MAX_NUMBER_LENGTH = 21;

    public Suppression {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(number, "number");
        if (number.isEmpty() || number.length() > MAX_NUMBER_LENGTH) {
            throw new IllegalArgumentException("number must be 1.." + MAX_NUMBER_LENGTH + " characters: " + number);
        }
        addedAt = Objects.requireNonNull(addedAt, "addedAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The form a number is listed and looked up in: trimmed, without a leading {@code +}, so that
     * {@code +447700900123} (HTTP) and {@code 447700900123} (SMPP, TON international) are one number.
     */
    public static String normalise(String number) {
        String n = number.trim();
        return n.startsWith("+") ? n.substring(1) : n;
    }
}
