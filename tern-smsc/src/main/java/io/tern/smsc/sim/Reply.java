package io.tern.smsc.sim;

import java.util.Objects;

/**
 * How a handset answers a message it accepted: with {@code text}, sent back to the message's
 * source as a mobile-originated message, for {@code percent} of the messages (0..100). Lets ESME
 * developers exercise two-way flows and opt-out ("1 % answer STOP").
 */
public record Reply(String text, double percent) {

    public Reply {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("reply text must not be empty");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("reply percent must be 0..100: " + percent);
        }
    }
}
