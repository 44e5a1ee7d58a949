package io.tern.smsc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the store can take writes now, for a readiness check: not writable after a commit failed
 * (the disk is full, an I/O error), writable again once a write commits.
 *
 * @param writable whether the last write transaction committed
 * @param reason why it is not writable; empty when it is
 * @param since when it became what it is
 */
public record StoreHealth(boolean writable, String reason, Instant since) {

    public StoreHealth {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    static StoreHealth ok(Instant since) {
        return new StoreHealth(true, "", since);
    }

    static StoreHealth failing(String reason, Instant since) {
        return new StoreHealth(false, reason, since);
    }
}
