package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The mapping between {@link StoredMessage} and a row of the SQLite {@code message} table. Reading
 * is strict (an integer column holding text is an error, not a zero) so that a damaged row is
 * recognised and quarantined rather than delivered with made-up values.
 */
final class SqliteRows {

    /** Every mapped column, in record order; {@code message} has two more (the leases) after these. */
    static final String COLUMNS = "id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi, dest_addr, "
            + "service_type, esm_class, protocol_id, priority_flag, data_coding, registered_delivery, "
            + "short_message, tlvs, user_message_reference, target, submit_time, schedule_time, expiry_time, "
            + "state, attempts, next_attempt, last_error, final_time, receipt_state, receipt_attempts, "
            + "receipt_next, dedupe_key, callback_url, client_ref";

    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = 32;

    /** {@link #COLUMNS} then the message lease, bound by {@link #bind(PreparedStatement, StoredMessage, Instant)}. */
    static final String INSERT = "INSERT INTO message (" + COLUMNS + ", lease_until) VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT = "SELECT " + COLUMNS + " FROM message";

    /**
     * A column to select after {@link #COLUMNS} (and anything else) that lets {@link #mapChecked}
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
        bind(ps, m);
        setNullableInstant(ps, COLUMN_COUNT + 1, leaseUntil);
    }

    static void bind(PreparedStatement ps, StoredMessage m) throws SQLException {
        ps.setString(1, m.id());
        ps.setString(2, m.owner());
        ps.setInt(3, m.source().ton());
        ps.setInt(4, m.source().npi());
        ps.setString(5, m.source().addr());
        ps.setInt(6, m.destination().ton());
        ps.setInt(7, m.destination().npi());
        ps.setString(8, m.destination().addr());
        ps.setString(9, m.serviceType());
        ps.setInt(10, m.esmClass());
        ps.setInt(11, m.protocolId());
        ps.setInt(12, m.priorityFlag());
        ps.setInt(13, m.dataCoding());
        ps.setInt(14, m.registeredDelivery());
        ps.setBytes(15, m.shortMessageArray());
        ps.setBytes(16, m.tlvsArray());
        setNullableInt(ps, 17, m.userMessageReference());
        ps.setString(18, m.target());
        ps.setLong(19, m.submitTime().toEpochMilli());
        setNullableInstant(ps, 20, m.scheduleTime());
        ps.setLong(21, m.expiryTime().toEpochMilli());
        ps.setInt(22, m.state().value());
        ps.setInt(23, m.attempts());
        ps.setLong(24, m.nextAttemptTime().toEpochMilli());
        ps.setInt(25, m.lastError());
        setNullableInstant(ps, 26, m.finalTime());
        ps.setInt(27, m.receiptState().code());
        ps.setInt(28, m.receiptAttempts());
        setNullableInstant(ps, 29, m.receiptNextAttemptTime());
        ps.setString(30, m.dedupeKey());
        ps.setString(31, m.callbackUrl());
        ps.setString(32, m.clientRef());
    }

    /**
     * Reads the current row, selected with {@link #COLUMNS}.
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
     * Reads the current row, selected with {@link #COLUMNS} and {@link #CHECK} at {@code checkColumn}:
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

    private static void setNullableInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    static void setNullableInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
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
