package io.tern.smsc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection of a store with its prepared statements, each prepared once and reused for the
 * connection's life: the writer's for as long as it works, a reader's for as long as the store keeps
 * it. Each store extends it with the statements of its dialect.
 */
public class StoreConnection {

    private static final Logger log = LoggerFactory.getLogger(StoreConnection.class);

    private final Connection connection;
    private final Map<String, PreparedStatement> cache = new HashMap<>();

    public StoreConnection(Connection connection) {
        this.connection = connection;
    }

    public final Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared on first use. */
    public final PreparedStatement ps(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    /** The statement for {@code sql} if it was prepared, else null (to clear what a failed batch left bound). */
    protected final PreparedStatement prepared(String sql) {
        return cache.get(sql);
    }

    /** Clears the batch of every statement prepared here, so that nothing a failed batch bound is left. */
    protected final void clearAllBatches() throws SQLException {
        for (PreparedStatement ps : cache.values()) {
            ps.clearBatch();
        }
    }

    /** Closes and forgets the statements whose SQL {@code which} accepts. */
    protected final void forgetStatements(Predicate<String> which) {
        cache.entrySet().removeIf(e -> {
            if (!which.test(e.getKey())) {
                return false;
            }
            try {
                e.getValue().close();
            } catch (SQLException ignored) {
                // dropped either way
            }
            return true;
        });
    }

    /** Runs a statement without parameters (SAVEPOINT, RELEASE ...), prepared once and reused. */
    public final void exec(String sql) throws SQLException {
        ps(sql).execute();
    }

    /** Whether the connection still answers (within two seconds). */
    public final boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs a JDBC batch and always clears it, so a failed batch leaves nothing bound. */
    public static int[] executeAndClear(PreparedStatement ps) throws SQLException {
        try {
            return ps.executeBatch();
        } finally {
            ps.clearBatch();
        }
    }

    /** Closes and forgets every prepared statement; the next use of each prepares it again. */
    public final void resetStatements() {
        for (PreparedStatement ps : cache.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // dropped either way
            }
        }
        cache.clear();
    }

    public final void closeQuietly() {
        resetStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            // After a failed transaction this is expected; the database rolls back and releases it anyway.
            log.debug("closing a store connection failed", e);
        }
    }
}
