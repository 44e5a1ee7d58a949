package io.tern.smsc.store;

import java.time.Instant;

/**
 * One node of those sharing a store, as the store last saw it (for {@code tern status}).
 *
 * @param alive its heartbeat is recent: its sessions count towards max_binds and its leases hold
 * @param sessions SMPP sessions bound on it
 * @param inFlight deliveries (messages and receipts) it had under way at its last heartbeat
 */
public record NodeStatus(String nodeId, Instant startedAt, Instant lastSeen, boolean alive, int sessions,
        int inFlight) {
}
