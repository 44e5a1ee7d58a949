package io.tern.smsc.store;

import java.time.Instant;

/**
 * A stored row that could not be read back as a message. It is set aside with the reason, never
 * silently deleted, so an operator can repair or account for it.
 */
public record QuarantinedRecord(String id, Instant at, String error) {
}
