package io.tern.smsc.admin;

import java.time.Instant;

/**
 * One change in the audit log: who made it (the admin token's name), what (an action such as
 * {@code account.update} and its subject, e.g. the system_id), the subject before and after as
 * JSON with secrets masked (null when it did not exist), when, and the configuration version it made.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String subject, String before,
        String after, long configVersion) {
}
