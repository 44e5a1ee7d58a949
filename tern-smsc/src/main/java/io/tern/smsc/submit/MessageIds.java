package io.tern.smsc.submit;

import java.time.Clock;

/**
 * Assigns message_ids: 16 hex digits, 44 bits of milliseconds then 20 bits of a counter, so ids
 * sort by submission time, fit every ESME's id field and stay unique across restarts as long as
 * the clock does not go back by more than the time the node was down.
 */
public final class MessageIds {

    private final Clock clock;
    private long lastMillis;
    private int counter;

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
        long v = ((lastMillis & 0xFFFFFFFFFFFL) << 20) | counter;
        String hex = Long.toHexString(v);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
