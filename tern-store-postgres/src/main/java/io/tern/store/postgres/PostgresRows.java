package io.tern.store.postgres;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The mapping between {@link StoredMessage} and a row of the PostgreSQL {@code message} table.
 * The column list is SqliteRows' (same names, same order, times in epoch milliseconds); unlike
 * SQLite, PostgreSQL enforces the column types, so what a damaged row can hold is an out-of-domain
 * value (an unknown state), which {@link #map} rejects with {@link IllegalArgumentException}.
 */
// XXX: COLUMNS and bind() duplicate io.tern.smsc.store.SqliteRows (package-private there); once the
// SQLite store is split (issue 13), a shared public row mapper should serve both dialects.
final class PostgresRows {

    static final String COLUMNS = "id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi, dest_addr, "
            + "service_type, esm_class, protocol_id, priority_flag, data_coding, registered_delivery, "
            + "short_message, tlvs, user_message_reference, target, submit_time, schedule_time, expiry_time, "
            + "state, attempts, next_attempt, last_error, final_time, receipt_state, receipt_attempts, "
            + "receipt_next, dedupe_key, callback_url, client_ref";

    static final int COLUMN_COUNT = 32;

    /** {@link #COLUMNS} then the message lease and its node. */
    static final String INSERT = "INSERT INTO message (" + COLUMNS + ", lease_until, lease_node) VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT = "SELECT " + COLUMNS + " FROM message";

    private PostgresRows() {
    }

    /** Binds {@link #INSERT}: the message, leased to {@code node} until {@code leaseUntil} unless that is null. */
    static void bind(PreparedStatement ps, StoredMessage m, Instant leaseUntil, String node) throws SQLException {
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
        ps.setBytes(15, m.shortMessage());
        ps.setBytes(16, m.tlvs());
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
        setNullableInstant(ps, 33, leaseUntil);
        ps.setString(34, leaseUntil == null ? null : node);
    }

    /**
     * Reads the current row, selected with {@link #COLUMNS} first.
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

    static void setNullableInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static void setNullableInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        setNullableLong(ps, i, t == null ? null : t.toEpochMilli());
    }
}
