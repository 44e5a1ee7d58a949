package io.tern.smsc.campaign;

import java.util.List;
import java.util.Set;

/**
 * The numbers an account may not send to (its opt-out list, issue 11 "Webhooks, replies, opt-out").
 * A campaign asks once per batch of rows while it reads its CSV; a row whose number is suppressed
 * is rejected as opted out. Called on the campaign's upload thread, never on an event loop, so an
 * implementation may block on its store.
 */
@FunctionalInterface
public interface Suppressions {

    /** None: until the opt-out list exists, no number is suppressed. */
    Suppressions NONE = (owner, numbers) -> Set.of();

    /** Which of {@code numbers} (E.164 digits, no '+') {@code owner} may not send to. */
    Set<String> suppressed(String owner, List<String> numbers);
}
