package io.tern.smsc.submit;

import java.time.Clock;

/**
 * Assigns message_ids in one of two {@link Form}s. The SMPP 3.4 form is 16 hex digits, 44 bits of
 * milliseconds then 20 bits of a counter, so ids sort by submission time, fit every 3.4 ESME's id
 * field and stay unique across restarts as long as the clock does not go back by more than the
 * time the node was down. SMPP 3.3 allows a message_id of at most 8 characters (a hexadecimal
 * C-Octet String of 9 octets with its NUL, docs/protocol.md), so a 3.3 ESME gets the
 * {@link Form#SMPP33} form instead.
 */
public final class MessageIds {

    /** The longest message_id SMPP 3.3 allows, in characters (9 octets with the terminating NUL). */
    public static final int SMPP33_MAX_LENGTH = 8;

    /** Which ids a session's ESME can take. */
    public enum Form {
        /** 16 hex digits (SMPP 3.4 and 5.0 allow 64 characters). */
        SMPP34,
        /**
         * 8 hex digits: the low 32 bits of a millisecond count that never repeats a value (a second id
         * in the same millisecond borrows the next one). Its values come round again only after
         * 2^32 ms (49.7 days), and they never equal a 16-digit id; unique while 3.3 ESMEs submit
         * fewer than 1,000 messages a second on average over that span.
         */
        SMPP33;

        /** The form for an ESME that bound with {@code interfaceVersion} (0x33 and below: 3.3). */
        public static Form forInterfaceVersion(int interfaceVersion) {
            return interfaceVersion < 0x34 ? SMPP33 : SMPP34;
        }
    }

    private final Clock clock;
    private long lastMillis;
    private int counter;
    private long lastShortMillis;

    public MessageIds(Clock clock) {
        this.clock = clock;
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = 0;
        } else if (++counter >= (1 << 20)) {
            // more than a million ids in one millisecond: borrow the next millisecond
            lastMillis++;
            counter = 0;
        }
        return hex(((lastMillis & 0xFFFFFFFFFFFL) << 20) | counter, 16);
    }

    /** The next id in {@code form}. */
    public String next(Form form) {
        return form == Form.SMPP33 ? nextShort() : next();
    }

    private synchronized String nextShort() {
        long now = clock.millis();
        lastShortMillis = now > lastShortMillis ? now : lastShortMillis + 1;
        return hex(lastShortMillis & 0xFFFFFFFFL, SMPP33_MAX_LENGTH);
    }

    private static String hex(long v, int digits) {
        String hex = Long.toHexString(v);
        return "0".repeat(digits - hex.length()) + hex;
    }
}
