package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The columns of the {@code message} table that hold a {@link StoredMessage}, the same names in the
 * same order in every SQL store (times in epoch milliseconds), and their binding. How a row is read
 * back is each dialect's: SQLite checks every column's type, PostgreSQL enforces them.
 */
public final class MessageRows {

    /** Every mapped column, in record order; each store's table has its lease columns after these. */
    public static final String COLUMNS = "id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi, "
            + "dest_addr, service_type, esm_class, protocol_id, priority_flag, data_coding, registered_delivery, "
            + "short_message, tlvs, user_message_reference, target, submit_time, schedule_time, expiry_time, "
            + "state, attempts, next_attempt, last_error, final_time, receipt_state, receipt_attempts, "
            + "receipt_next, dedupe_key, callback_url, client_ref";

    /** How many columns {@link #COLUMNS} names. */
    public static final int COLUMN_COUNT = 32;

    public static final String SELECT = "SELECT " + COLUMNS + " FROM message";

    private MessageRows() {
    }

    /** Binds {@link #COLUMNS} as parameters 1 to {@link #COLUMN_COUNT}. */
    public static void bind(PreparedStatement ps, StoredMessage m) throws SQLException {
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

    public static void setNullableInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    public static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    public static void setNullableInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }
}
