package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SQL of records (the outbox of final outcomes, exports) and the reading of its rows, the same
 * in both dialects: every store selects the message's columns first, as its own {@link RowMapper}
 * reads them, then these.
 */
public final class RecordQueries {

    /** A final state: the SMPP message_state numbers 2..8. */
    public static final String FINAL_STATE = "BETWEEN 2 AND 8";

    /**
     * Where a store keeps a forward's link: on the message row (SQLite, since its V13) or in a table
     * of its own (PostgreSQL). The columns come after the message's, the join (if any) after it.
     */
    public enum Link {
        ON_ROW(", message.upstream, message.upstream_id", ""),
        TABLE(", l.upstream, l.upstream_id", " LEFT JOIN upstream_link l ON l.message_id = message.id");

        private final String columns;
        private final String join;

        Link(String columns, String join) {
            this.columns = columns;
            this.join = join;
        }
    }

    /** The outbox, oldest first, with its messages and their forward links; one parameter: the limit. */
    public static String finalOutcomes(String columns, Link link) {
        return "SELECT " + columns + link.columns + ", o.seq FROM cdr_outbox o"
                + " JOIN message ON message.id = o.message_id" + link.join + " ORDER BY o.seq LIMIT ?";
    }

    /** Messages submitted in [?, ?), with their forward links; a third parameter, the owner if {@code byOwner}. */
    public static String export(String columns, Link link, boolean byOwner) {
        return "SELECT " + columns + link.columns + " FROM message" + link.join
                + " WHERE submit_time >= ? AND submit_time < ?" + (byOwner ? " AND owner = ?" : "");
    }

    public static final String DELETE_OUTCOME = "DELETE FROM cdr_outbox WHERE seq = ?";

    /** The messages purges must keep: those whose CDR is not written yet. */
    public static final String NOT_IN_OUTBOX = " AND id NOT IN (SELECT message_id FROM cdr_outbox)";

    public static final String PENDING_DESTINATIONS =
            "SELECT DISTINCT dest_addr FROM message WHERE target = ? AND state IN (0, 1) LIMIT ?";

    private RecordQueries() {
    }

    /** A store's reading of the message's columns of the current row. */
    @FunctionalInterface
    public interface RowMapper {
        StoredMessage map(ResultSet rs) throws SQLException;
    }

    /** Runs {@link #finalOutcomes(String, Link)}, prepared as {@code ps}. */
    public static List<FinalOutcome> finalOutcomes(PreparedStatement ps, int limit, RowMapper rows, int columns)
            throws SQLException {
        ps.setInt(1, limit);
        List<FinalOutcome> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new FinalOutcome(rs.getLong(columns + 3), record(rs, rows.map(rs), columns)));
            }
        }
        return out;
    }

    /** Runs {@link #export(String, Link, boolean)}, prepared as {@code ps}, each row to {@code sink}; how many. */
    public static long export(PreparedStatement ps, Instant from, Instant to, String owner, RowMapper rows,
            int columns, Consumer<MessageRecord> sink) throws SQLException {
        ps.setLong(1, from.toEpochMilli());
        ps.setLong(2, to.toEpochMilli());
        if (owner != null) {
            ps.setString(3, owner);
        }
        long n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(record(rs, rows.map(rs), columns));
                n++;
            }
        }
        return n;
    }

    /** Runs {@link #PENDING_DESTINATIONS}, prepared as {@code ps}. */
    public static List<String> pendingDestinations(PreparedStatement ps, String target, int limit) throws SQLException {
        ps.setString(1, target);
        ps.setInt(2, limit);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static MessageRecord record(ResultSet rs, StoredMessage message, int columns) throws SQLException {
        return new MessageRecord(message, rs.getString(columns + 1), rs.getString(columns + 2));
    }
}
