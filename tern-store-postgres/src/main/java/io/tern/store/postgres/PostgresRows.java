package io.tern.store.postgres;

import io.tern.smsc.store.MessageRows;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The reading of a row of the PostgreSQL {@code message} table ({@link MessageRows#COLUMNS}) and its
 * insert with the lease's node. Unlike SQLite, PostgreSQL enforces the column types, so what a
 * damaged row can hold is an out-of-domain value (an unknown state), which {@link #map} rejects with
 * {@link IllegalArgumentException}.
 */
final class PostgresRows {

    /** {@link MessageRows#COLUMNS} then the message lease and its node. */
    static final String INSERT = "INSERT INTO message (" + MessageRows.COLUMNS + ", lease_until, lease_node) VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private PostgresRows() {
    }

    /** Binds {@link #INSERT}: the message, leased to {@code node} until {@code leaseUntil} unless that is null. */
    static void bind(PreparedStatement ps, StoredMessage m, Instant leaseUntil, String node) throws SQLException {
        MessageRows.bind(ps, m);
        MessageRows.setNullableInstant(ps, MessageRows.COLUMN_COUNT + 1, leaseUntil);
        ps.setString(MessageRows.COLUMN_COUNT + 2, leaseUntil == null ? null : node);
    }

    /**
     * Reads the current row, selected with {@link MessageRows#COLUMNS} first.
     *
     * @throws IllegalArgumentException if a column holds a value no message can have
     */
    static StoredMessage map(ResultSet rs) throws SQLException {
        return new StoredMessage(
                rs.getString(1),
                rs.getString(2),
                new StoredAddress(rs.getInt(3), rs.getInt(4), rs.getString(5)),
                new StoredAddress(rs.getInt(6), rs.getInt(7), rs.getString(8)),
                rs.getString(9),
                rs.getInt(10),
                rs.getInt(11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getInt(14),
                rs.getBytes(15),
                rs.getBytes(16),
                nullableInt(rs, 17),
                rs.getString(18),
                Instant.ofEpochMilli(rs.getLong(19)),
                nullableInstant(rs, 20),
                Instant.ofEpochMilli(rs.getLong(21)),
                StoredMessage.stateOf(rs.getInt(22)),
                rs.getInt(23),
                Instant.ofEpochMilli(rs.getLong(24)),
                rs.getInt(25),
                nullableInstant(rs, 26),
                ReceiptState.fromCode(rs.getInt(27)),
                rs.getInt(28),
                nullableInstant(rs, 29),
                rs.getString(30),
                null,
                rs.getString(31),
                rs.getString(32));
    }

    private static Integer nullableInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant nullableInstant(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
