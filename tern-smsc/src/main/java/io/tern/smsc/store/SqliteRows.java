package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The mapping between {@link StoredMessage} and a row of the SQLite {@code message} table. Reading
 * is strict (an integer column holding text is an error, not a zero) so that a damaged row is
 * recognised and quarantined rather than delivered with made-up values.
 */
final class SqliteRows {

    /**
     * {@link MessageRows#COLUMNS} then the message lease, bound by
     * {@link #bind(PreparedStatement, StoredMessage, Instant)}.
     */
    static final String INSERT = "INSERT INTO message (" + MessageRows.COLUMNS + ", lease_until) VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A column to select after {@link MessageRows#COLUMNS} (and anything else) that lets {@link #mapChecked}
     * read a row with one typed JNI call per column instead of {@code getObject}'s two: 0 when some
     * column has a type no message can have (the row is then read strictly, to name the column),
     * else 1 plus a bit per nullable column that is NULL.
     */
    static final String CHECK = "CASE WHEN typeof(id) = 'text' AND typeof(owner) = 'text'"
            + " AND typeof(source_ton) = 'integer' AND typeof(source_npi) = 'integer' AND typeof(source_addr) = 'text'"
            + " AND typeof(dest_ton) = 'integer' AND typeof(dest_npi) = 'integer' AND typeof(dest_addr) = 'text'"
            + " AND typeof(service_type) = 'text' AND typeof(esm_class) = 'integer'"
            + " AND typeof(protocol_id) = 'integer' AND typeof(priority_flag) = 'integer'"
            + " AND typeof(data_coding) = 'integer' AND typeof(registered_delivery) = 'integer'"
            + " AND typeof(short_message) IN ('blob', 'null') AND typeof(tlvs) IN ('blob', 'null')"
            + " AND typeof(user_message_reference) IN ('integer', 'null') AND typeof(target) = 'text'"
            + " AND typeof(submit_time) = 'integer' AND typeof(schedule_time) IN ('integer', 'null')"
            + " AND typeof(expiry_time) = 'integer' AND typeof(state) = 'integer' AND typeof(attempts) = 'integer'"
            + " AND typeof(next_attempt) = 'integer' AND typeof(last_error) = 'integer'"
            + " AND typeof(final_time) IN ('integer', 'null') AND typeof(receipt_state) = 'integer'"
            + " AND typeof(receipt_attempts) = 'integer' AND typeof(receipt_next) IN ('integer', 'null')"
            + " AND typeof(callback_url) IN ('text', 'null') AND typeof(client_ref) IN ('text', 'null')"
            + " THEN 1 + (user_message_reference IS NULL) * 2 + (schedule_time IS NULL) * 4"
            + " + (final_time IS NULL) * 8 + (receipt_next IS NULL) * 16 ELSE 0 END";

    private SqliteRows() {
    }

    /** Binds {@link #INSERT}: the message, leased until {@code leaseUntil} unless that is null. */
    static void bind(PreparedStatement ps, StoredMessage m, Instant leaseUntil) throws SQLException {
        MessageRows.bind(ps, m);
        MessageRows.setNullableInstant(ps, MessageRows.COLUMN_COUNT + 1, leaseUntil);
    }

    /**
     * Reads the current row, selected with {@link MessageRows#COLUMNS}.
     *
     * @throws IllegalArgumentException if a column holds a value no message can have
     */
    static StoredMessage map(ResultSet rs) throws SQLException {
        return new StoredMessage(
                text(rs, 1, "id"),
                text(rs, 2, "owner"),
                new StoredAddress(integer(rs, 3, "source_ton"), integer(rs, 4, "source_npi"), text(rs, 5, "source_addr")),
                new StoredAddress(integer(rs, 6, "dest_ton"), integer(rs, 7, "dest_npi"), text(rs, 8, "dest_addr")),
                text(rs, 9, "service_type"),
                integer(rs, 10, "esm_class"),
                integer(rs, 11, "protocol_id"),
                integer(rs, 12, "priority_flag"),
                integer(rs, 13, "data_coding"),
                integer(rs, 14, "registered_delivery"),
                bytes(rs, 15, "short_message"),
                bytes(rs, 16, "tlvs"),
                rs.getObject(17) == null ? null : integer(rs, 17, "user_message_reference"),
                text(rs, 18, "target"),
                instant(rs, 19, "submit_time"),
                nullableInstant(rs, 20, "schedule_time"),
                instant(rs, 21, "expiry_time"),
                StoredMessage.stateOf(integer(rs, 22, "state")),
                integer(rs, 23, "attempts"),
                instant(rs, 24, "next_attempt"),
                integer(rs, 25, "last_error"),
                nullableInstant(rs, 26, "final_time"),
                ReceiptState.fromCode(integer(rs, 27, "receipt_state")),
                integer(rs, 28, "receipt_attempts"),
                nullableInstant(rs, 29, "receipt_next"),
                rs.getString(30),
                null,
                rs.getString(31),
                rs.getString(32));
    }

    /**
     * Reads the current row, selected with {@link MessageRows#COLUMNS} and {@link #CHECK} at {@code checkColumn}:
     * the same result and the same errors as {@link #map}, with half the driver calls.
     */
    static StoredMessage mapChecked(ResultSet rs, int checkColumn) throws SQLException {
        int check = rs.getInt(checkColumn);
        if (check == 0) {
            return map(rs);
        }
        return new StoredMessage(
                rs.getString(1),
                rs.getString(2),
                new StoredAddress(checked(rs, 3, "source_ton"), checked(rs, 4, "source_npi"), rs.getString(5)),
                new StoredAddress(checked(rs, 6, "dest_ton"), checked(rs, 7, "dest_npi"), rs.getString(8)),
                rs.getString(9),
                checked(rs, 10, "esm_class"),
                checked(rs, 11, "protocol_id"),
                checked(rs, 12, "priority_flag"),
                checked(rs, 13, "data_coding"),
                checked(rs, 14, "registered_delivery"),
                blob(rs, 15),
                blob(rs, 16),
                (check & 2) != 0 ? null : checked(rs, 17, "user_message_reference"),
                rs.getString(18),
                Instant.ofEpochMilli(rs.getLong(19)),
                (check & 4) != 0 ? null : Instant.ofEpochMilli(rs.getLong(20)),
                Instant.ofEpochMilli(rs.getLong(21)),
                StoredMessage.stateOf(checked(rs, 22, "state")),
                checked(rs, 23, "attempts"),
                Instant.ofEpochMilli(rs.getLong(24)),
                checked(rs, 25, "last_error"),
                (check & 8) != 0 ? null : Instant.ofEpochMilli(rs.getLong(26)),
                ReceiptState.fromCode(checked(rs, 27, "receipt_state")),
                checked(rs, 28, "receipt_attempts"),
                (check & 16) != 0 ? null : Instant.ofEpochMilli(rs.getLong(29)),
                rs.getString(30),
                null,
                rs.getString(31),
                rs.getString(32));
    }

    private static int checked(ResultSet rs, int i, String name) throws SQLException {
        long v = rs.getLong(i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " out of range: " + v);
        }
        return (int) v;
    }

    private static byte[] blob(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        // SQLite hands back an empty BLOB as NULL through the JDBC driver.
        return b == null ? new byte[0] : b;
    }

    private static String text(ResultSet rs, int i, String name) throws SQLException {
        Object o = rs.getObject(i);
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException(name + " is not text: " + describe(o));
        }
        return s;
    }

    private static byte[] bytes(ResultSet rs, int i, String name) throws SQLException {
        Object o = rs.getObject(i);
        if (o == null) {
            // SQLite hands back an empty BLOB as NULL through the JDBC driver.
            return new byte[0];
        }
        if (!(o instanceof byte[] b)) {
            throw new IllegalArgumentException(name + " is not a blob: " + describe(o));
        }
        return b;
    }

    private static long longValue(ResultSet rs, int i, String name) throws SQLException {
        Object o = rs.getObject(i);
        if (o instanceof Integer v) {
            return v;
        }
        if (o instanceof Long v) {
            return v;
        }
        throw new IllegalArgumentException(name + " is not an integer: " + describe(o));
    }

    private static int integer(ResultSet rs, int i, String name) throws SQLException {
        long v = longValue(rs, i, name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " out of range: " + v);
        }
        return (int) v;
    }

    private static Instant instant(ResultSet rs, int i, String name) throws SQLException {
        return Instant.ofEpochMilli(longValue(rs, i, name));
    }

    private static Instant nullableInstant(ResultSet rs, int i, String name) throws SQLException {
        return rs.getObject(i) == null ? null : instant(rs, i, name);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "NULL";
        }
        String s = o instanceof byte[] b ? b.length + " octets" : String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
    }
}
