package io.tern.store.postgres;

import io.tern.smsc.campaign.JdbcCampaignStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;

/**
 * Campaigns in the PostgreSQL database of the {@link PostgresMessageStore} (migration V13), shared by
 * every node on it (docs/scaling.md#campaigns): accepted rows go in with COPY, and a node sends a
 * campaign only while it holds the campaign's lease ({@code lease_node}, {@code lease_until}), which
 * another node takes over once it has run out; a node that lost the lease can no longer mark rows
 * or move the in-flight marker, so it cannot hand a row to the message store that the new holder
 * sends as well (beyond the batch in flight, which recovery finds by its message ids).
 */
final class PostgresCampaignStore extends JdbcCampaignStore {

    private static final String COPY_ROWS = "COPY campaign_row (campaign_id, row_no, dest_addr, text, state)"
            + " FROM STDIN";

    private final PostgresMessageStore db;
    private final String node;

    PostgresCampaignStore(PostgresMessageStore db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    protected <T> CompletableFuture<T> write(SqlWork<T> work) {
        return db.writeWith(work);
    }

    @Override
    protected <T> CompletableFuture<T> read(SqlWork<T> work) {
        return db.readWith(work);
    }

    @Override
    protected String insertCampaignSql() {
        return super.insertCampaignSql() + " RETURNING id";
    }

    /** The new campaign names this node in {@code lease_node} while it uploads (see {@link #abandoned}). */
    @Override
    protected long insertCampaign(Connection c, PreparedStatement insert) throws SQLException {
        long id;
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET lease_node = ? WHERE id = ?")) {
            ps.setString(1, node);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return id;
    }

    @Override
    protected String abandoned() {
        return " AND (lease_node IS NULL OR lease_node = ? OR NOT EXISTS (SELECT 1 FROM cluster_node n"
                + " WHERE n.node_id = campaign.lease_node AND n.heartbeat_at > " + ClusterMembership.NOW_MS + " - ?))";
    }

    @Override
    protected List<Object> abandonedArgs() {
        return List.of(node, ClusterMembership.NODE_TIMEOUT.toMillis());
    }

    @Override
    protected String firstPartsOf() {
        // COLLATE "C" compares bytes whatever the database's collation; the partial index
        // message_campaign (V13) serves exactly this condition, hence its repeated LIKE
        return "id LIKE 'C%' AND id COLLATE \"C\" >= ? AND id COLLATE \"C\" < ? AND strpos(id, '.') = 0";
    }

    /** COPY in text format: one line a row, tab-separated, with backslash escapes. */
    @Override
    protected void insertRows(Connection c, long id, List<Row> rows) throws SQLException {
        StringBuilder b = new StringBuilder(rows.size() * 96);
        for (Row r : rows) {
            b.append(id).append('\t').append(r.rowNo()).append('\t');
            escape(b, r.dest());
            b.append('\t');
            escape(b, r.text());
            b.append("\t0\n");
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ROWS,
                    new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY of " + rows.size() + " campaign rows failed", e);
        }
    }

    /** Appends {@code s} as a field of COPY's text format. */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }

    @Override
    protected String markSentFence() {
        return " AND lease_node = ?";
    }

    @Override
    protected void bindFence(PreparedStatement ps, int first) throws SQLException {
        ps.setString(first, node);
    }

    @Override
    public CompletableFuture<Boolean> lease(long id, Instant now, Instant until) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET lease_node = ?, lease_until = ?"
                    + " WHERE id = ? AND (lease_node = ? OR lease_until IS NULL OR lease_until <= ?)")) {
                ps.setString(1, node);
                ps.setLong(2, until.toEpochMilli());
                ps.setLong(3, id);
                ps.setString(4, node);
                ps.setLong(5, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public CompletableFuture<Void> release(long id) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET lease_node = NULL, lease_until = NULL"
                    + " WHERE id = ? AND lease_node = ?")) {
                ps.setLong(1, id);
                ps.setString(2, node);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
