package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The rows of the {@code attempt} table (a message's history, docs/architecture.md), as every SQL
 * store writes them: the statement and its batched binding.
 */
public final class HistoryRows {

    /** One history row; its parameters are bound by {@link #add}. */
    public static final String INSERT =
            "INSERT INTO attempt (message_id, at, event, error_code, detail) VALUES (?, ?, ?, ?, ?)";

    private HistoryRows() {
    }

    /** Binds one row of {@link #INSERT} and adds it to the statement's batch. */
    public static void add(PreparedStatement ps, String id, Instant at, HistoryEntry.Event event, int errorCode,
            String detail) throws SQLException {
        ps.setString(1, id);
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, event.name());
        ps.setInt(4, errorCode);
        ps.setString(5, detail);
        ps.addBatch();
    }

    /**
     * Adds to {@link #INSERT}'s batch the history row of each message of {@code rows} whose source a
     * sender-ID rule rewrote (written with the message, in its transaction); whether it added any.
     */
    public static boolean addSenderRules(PreparedStatement ps, List<StoredMessage> rows) throws SQLException {
        boolean any = false;
        for (StoredMessage m : rows) {
            if (m.senderRule() != null) {
                add(ps, m.id(), m.submitTime(), HistoryEntry.Event.SENDER_REWRITTEN, 0, m.senderRule());
                any = true;
            }
        }
        return any;
    }

    /**
     * Adds to {@code ps}'s batch (a statement with {@link #INSERT}'s parameters) the history row of
     * delivery outcome {@code a} of message {@code id}.
     */
    public static void addOutcome(PreparedStatement ps, String id, Attempt a) throws SQLException {
        HistoryEntry.Event event;
        int error = 0;
        String detail = null;
        if (a instanceof Attempt.Delivered) {
            event = HistoryEntry.Event.DELIVERED;
        } else if (a instanceof Attempt.FailedTemporary t) {
            event = HistoryEntry.Event.FAILED_TEMPORARY;
            error = t.errorCode();
        } else if (a instanceof Attempt.Deferred d) {
            event = HistoryEntry.Event.THROTTLED;
            error = d.errorCode();
        } else if (a instanceof Attempt.Forwarded) {
            event = HistoryEntry.Event.FORWARDED;
        } else if (a instanceof Attempt.FailedPermanent p) {
            event = HistoryEntry.Event.FAILED_PERMANENT;
            error = p.errorCode();
            detail = p.reason();
        } else if (a instanceof Attempt.Reported r) {
            event = HistoryEntry.Event.UPSTREAM_RECEIPT;
            error = r.errorCode();
        } else {
            event = HistoryEntry.Event.EXPIRED;
        }
        add(ps, id, a.at(), event, error, detail);
    }
}
