package io.tern.smsc.store;

import java.util.Objects;

/**
 * A message that reached a final state, as the store's outbox of final outcomes gives it to the CDR
 * writer ({@link MessageStore#finalOutcomes}).
 *
 * @param seq its place in the outbox, which {@link MessageStore#finalOutcomesWritten} takes back
 */
public record FinalOutcome(long seq, MessageRecord record) {

    public FinalOutcome {
        Objects.requireNonNull(record, "record");
    }
}
