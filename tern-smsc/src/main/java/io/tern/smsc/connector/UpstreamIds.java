package io.tern.smsc.connector;

import java.math.BigInteger;

/**
 * The canonical form of an upstream's message id, so that the id of a submit_sm_resp and the id in
 * a receipt compare equal however the upstream writes each ({@link ConnectorConfig.IdFormat}).
 * A numeric id becomes its decimal value without leading zeros; an id that is not a number in the
 * format it should have is kept as it is, so nothing is ever dropped for its spelling.
 */
public final class UpstreamIds {

    private UpstreamIds() {
    }

    public static String canonical(String id, ConnectorConfig.IdFormat format) {
        String s = id.trim();
        if (s.isEmpty() || format == ConnectorConfig.IdFormat.AS_IS) {
            return s;
        }
        int radix = format == ConnectorConfig.IdFormat.HEX ? 16 : 10;
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return s;
            }
        }
        return new BigInteger(s, radix).toString();
    }

    /**
     * An id to send back to the upstream (cancel_sm) from its canonical form: as it came for
     * {@code as-is}; the number in decimal, or in upper-case hexadecimal, for the numeric formats
     * (leading zeros the upstream wrote are not kept: an upstream that compares ids as text may not
     * find it, and answers so).
     */
    public static String wire(String canonical, ConnectorConfig.IdFormat format) {
        if (format != ConnectorConfig.IdFormat.HEX || canonical.isEmpty()
                || !canonical.chars().allMatch(Character::isDigit)) {
            return canonical;
        }
        return new BigInteger(canonical).toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
