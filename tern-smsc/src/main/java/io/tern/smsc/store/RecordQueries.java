package io.tern.smsc.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of records (the outbox of final outcomes, exports), the same in both dialects: every
 * store selects the message's columns first, as its own row mapper reads them, then these.
 */
public final class RecordQueries {

    /** A final state: the SMPP message_state numbers 2..8. */
    public static final String FINAL_STATE = "BETWEEN 2 AND 8";

    /** After the message's columns: the forward link. */
    private static final String LINK = ", l.upstream, l.upstream_id";

    /** The outbox, oldest first, with its messages and their forward links; one parameter: the limit. */
    public static String finalOutcomes(String columns) {
        return "SELECT " + columns + LINK + ", o.seq FROM cdr_outbox o JOIN message ON message.id = o.message_id"
                + " LEFT JOIN upstream_link l ON l.message_id = o.message_id ORDER BY o.seq LIMIT ?";
    }

    /** Messages submitted in [?, ?), with their forward links; a third parameter, the owner, if {@code byOwner}. */
    public static String export(String columns, boolean byOwner) {
        return "SELECT " + columns + LINK + " FROM message LEFT JOIN upstream_link l ON l.message_id = message.id"
                + " WHERE submit_time >= ? AND submit_time < ?" + (byOwner ? " AND owner = ?" : "");
    }

    public static final String DELETE_OUTCOME = "DELETE FROM cdr_outbox WHERE seq = ?";

    /** The messages purges must keep: those whose CDR is not written yet. */
    public static final String NOT_IN_OUTBOX = " AND id NOT IN (SELECT message_id FROM cdr_outbox)";

    public static final String PENDING_DESTINATIONS =
            "SELECT DISTINCT dest_addr FROM message WHERE target = ? AND state IN (0, 1) LIMIT ?";

    private RecordQueries() {
    }

    /** The record of the current row, whose message (already read) has {@code columns} columns. */
    public static MessageRecord record(ResultSet rs, StoredMessage message, int columns) throws SQLException {
        return new MessageRecord(message, rs.getString(columns + 1), rs.getString(columns + 2));
    }

    /** The outbox position of the current row of {@link #finalOutcomes}. */
    public static long seq(ResultSet rs, int columns) throws SQLException {
        return rs.getLong(columns + 3);
    }
}
