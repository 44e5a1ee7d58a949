package io.tern.smsc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code suppression} table's statements, the same in the SQLite and the PostgreSQL dialect
 * (V6 / V8), so both stores run them through their own connections.
 */
public final class SuppressionRows {

    /** A connection's prepared statement for {@code sql} (a store's statement cache). */
    @FunctionalInterface
    public interface Statements {
        PreparedStatement ps(String sql) throws SQLException;
    }

    private static final String INSERT = "INSERT INTO suppression (account, number, added_at, reason)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (account, number) DO NOTHING";
    private static final String DELETE = "DELETE FROM suppression WHERE account = ? AND number = ?";
    private static final String PAGE = "SELECT number, added_at, reason FROM suppression"
            + " WHERE account = ? AND number > ? ORDER BY number LIMIT ?";

    private SuppressionRows() {
    }

    /** Inserts those not listed yet; returns how many were new. */
    public static int add(Statements w, List<Suppression> rows) throws SQLException {
        PreparedStatement ps = w.ps(INSERT);
        int added = 0;
        for (Suppression s : rows) {
            ps.setString(1, s.account());
            ps.setString(2, s.number());
            ps.setLong(3, s.addedAt().toEpochMilli());
            ps.setString(4, s.reason());
            added += ps.executeUpdate();
        }
        return added;
    }

    public static boolean remove(Statements w, String account, String number) throws SQLException {
        PreparedStatement ps = w.ps(DELETE);
        ps.setString(1, account);
        ps.setString(2, number);
        return ps.executeUpdate() > 0;
    }

    public static List<Suppression> page(Statements r, String account, String after, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        PreparedStatement ps = r.ps(PAGE);
        ps.setString(1, account);
        ps.setString(2, after == null ? "" : after);
        ps.setInt(3, limit);
        List<Suppression> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Suppression(account, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
            }
        }
        return out;
    }
}
