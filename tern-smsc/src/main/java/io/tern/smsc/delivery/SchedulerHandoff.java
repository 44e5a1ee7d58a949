package io.tern.smsc.delivery;

import io.tern.smsc.store.StoredMessage;
import java.time.Instant;

/**
 * What the submit path tells the scheduler once a message is committed: a hint that a target has
 * due work (never the truth), or, for a message it was given a place for, the message itself.
 */
@FunctionalInterface
public interface SchedulerHandoff {

    void wake(String target);

    /**
     * Asks for a place in {@code target}'s active set for a message about to be committed. Returns
     * the lease to insert it with, after which exactly one of {@link #handOff} (committed) or
     * {@link #cancelReservation} (not committed) must follow; or null: insert it unleased and
     * {@link #wake} the target.
     */
    default Instant reserve(String target) {
        return null;
    }

    /** A message committed with the lease {@link #reserve} gave: the scheduler attempts it now. */
    default void handOff(StoredMessage message, Instant leaseUntil) {
        wake(message.target());
    }

    /** The message {@link #reserve} was asked for was not committed. */
    default void cancelReservation(String target) {
    }
}
