package io.tern.smsc.optout;

/**
 * Whether an account may send to a number (opt-out): the check submissions and campaign rows make
 * before they are accepted. Cheap and non-blocking, so it runs on an event loop.
 */
@FunctionalInterface
public interface Suppressions {

    /** Nobody has opted out. */
    Suppressions NONE = (account, number) -> false;

    /** Whether {@code number} is on {@code account}'s suppression list (a leading {@code +} is ignored). */
    boolean isSuppressed(String account, String number);
}
