package io.tern.smsc.campaign;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link CampaignStore} in the SQL database of a message store (the tables {@code campaign},
 * {@code campaign_row} and {@code campaign_reject}): its writes join the message store's group
 * commits, its reads use its readers, and a campaign's message counts read the {@code message}
 * table by the campaign's id prefix. A dialect supplies how it runs work and what its SQL differs in.
 */
public abstract class JdbcCampaignStore implements CampaignStore {

    /** Work on a connection of the message store; it must not commit, roll back or keep the connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static final String COLUMNS = "id, owner, name, source_addr, template, rate, start_at, validity_ms,"
            + " window_start, window_end, receipt, default_region, state, created_at, total, accepted, rejected, sent,"
            + " refused, inflight_lo, inflight_hi, finished_at, delivered, failed, expired";
    /** Rows deleted per transaction when discarding an incomplete upload, so the writer is never held long. */
    private static final int DELETE_CHUNK = 20_000;

    /** Runs {@code work} in the message store's next write transaction; completes after its commit. */
    protected abstract <T> CompletableFuture<T> write(SqlWork<T> work);

    /** Runs {@code work} on a reader connection (auto-commit). */
    protected abstract <T> CompletableFuture<T> read(SqlWork<T> work);

    /** Runs {@code ps}, an INSERT of one campaign row, and returns the id it was given. */
    protected abstract long insertCampaign(Connection c, PreparedStatement ps) throws SQLException;

    /** The INSERT of {@link #create}, as the dialect's {@link #insertCampaign} runs it. */
    protected String insertCampaignSql() {
        return INSERT_CAMPAIGN;
    }

    /**
     * The condition selecting the first parts of a campaign's messages, with two parameters: the
     * bounds of the id range ['CN_', 'CN`'), which holds exactly them in byte order ('`' follows
     * '_', and digits come before both); the dialect says how to compare bytewise and find no '.'.
     */
    protected abstract String firstPartsOf();

    /**
     * An extra condition on the campaign row for {@link #markSent} with its parameters bound from
     * {@code first}, or "" for none; a store shared by several nodes fences writes by a node that
     * lost the campaign's send lease.
     */
    protected String markSentFence() {
        return "";
    }

    /** Binds the parameters of {@link #markSentFence} from index {@code first}. */
    protected void bindFence(PreparedStatement ps, int first) throws SQLException {
    }

    /**
     * An extra condition on the uploads {@link #discardIncomplete} deletes, or "" for every one: a
     * store shared by several nodes deletes only those of this node and of nodes that are gone, not
     * one another node is uploading now.
     */
    protected String abandoned() {
        return "";
    }

    /** The parameters of {@link #abandoned}. */
    protected List<Object> abandonedArgs() {
        return List.of();
    }

    /** Adds accepted rows (state PENDING) in one go; a batched INSERT unless the dialect has better. */
    protected void insertRows(Connection c, long id, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO campaign_row (campaign_id, row_no, dest_addr, text, state) VALUES (?,?,?,?,0)")) {
            for (Row r : rows) {
                ps.setLong(1, id);
                ps.setLong(2, r.rowNo());
                ps.setString(3, r.dest());
                ps.setString(4, r.text());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static final String INSERT_CAMPAIGN = "INSERT INTO campaign (owner, name, source_addr, template,"
            + " rate, start_at, validity_ms, window_start, window_end, receipt, default_region, state,"
            + " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

    @Override
    public CompletableFuture<Long> create(String owner, CampaignSpec s, Instant now) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(insertCampaignSql())) {
                ps.setString(1, owner);
                ps.setString(2, s.name());
                ps.setString(3, s.from());
                ps.setString(4, s.template());
                ps.setInt(5, s.rate());
                setMillis(ps, 6, s.startAt());
                if (s.validity() == null) {
                    ps.setNull(7, Types.INTEGER);
                } else {
                    ps.setLong(7, s.validity().toMillis());
                }
                if (s.window() == null) {
                    ps.setNull(8, Types.INTEGER);
                    ps.setNull(9, Types.INTEGER);
                } else {
                    ps.setInt(8, s.window().start().toSecondOfDay());
                    ps.setInt(9, s.window().end().toSecondOfDay());
                }
                ps.setInt(10, s.receipt() ? 1 : 0);
                ps.setString(11, s.defaultRegion());
                ps.setInt(12, CampaignState.UPLOADING.code());
                ps.setLong(13, now.toEpochMilli());
                return insertCampaign(c, ps);
            }
        });
    }

    @Override
    public CompletableFuture<Void> append(long id, List<Row> rows, List<Reject> rejects) {
        return write(c -> {
            if (!rows.isEmpty()) {
                insertRows(c, id, rows);
            }
            if (!rejects.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO campaign_reject (campaign_id, line_no, reason, line) VALUES (?,?,?,?)")) {
                    for (Reject r : rejects) {
                        ps.setLong(1, id);
                        ps.setLong(2, r.lineNo());
                        ps.setString(3, r.reason());
                        ps.setString(4, r.line());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> completeUpload(long id, long total, long accepted, long rejected) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET state = ?, total = ?, accepted = ?,"
                    + " rejected = ? WHERE id = ? AND state = ?")) {
                ps.setInt(1, CampaignState.RUNNING.code());
                ps.setLong(2, total);
                ps.setLong(3, accepted);
                ps.setLong(4, rejected);
                ps.setLong(5, id);
                ps.setInt(6, CampaignState.UPLOADING.code());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("campaign " + id + " is not uploading");
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Integer> discardIncomplete() {
        List<Object> args = new ArrayList<>(List.of(CampaignState.UPLOADING.code()));
        args.addAll(abandonedArgs());
        return read(c -> query(c, "SELECT id FROM campaign WHERE state = ?" + abandoned(), rs -> rs.getLong(1),
                args.toArray())).thenCompose(ids -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (long id : ids) {
                chain = chain.thenCompose(v -> discard(id));
            }
            return chain.thenApply(v -> ids.size());
        });
    }

    /** Deletes an uploading campaign's rows in chunks, then the campaign itself. */
    @Override
    public CompletableFuture<Void> discard(long id) {
        return write(c -> {
            int n = 0;
            for (String table : List.of("campaign_row", "campaign_reject")) {
                String key = table.equals("campaign_row") ? "row_no" : "line_no";
                // A chunk is a key range up to the chunk's last key, found once: an index range scan
                // whatever the statistics say. "key IN (SELECT ... LIMIT n)" was planned by PostgreSQL,
                // on statistics from before the upload (the campaign's id unseen: one row estimated),
                // as a nested loop that ran the subquery again for every row: minutes for 45,000 rows.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE campaign_id = ? AND "
                        + key + " <= COALESCE((SELECT " + key + " FROM " + table + " WHERE campaign_id = ? ORDER BY "
                        + key + " LIMIT 1 OFFSET ?), 9223372036854775807)"
                        + " AND EXISTS (SELECT 1 FROM campaign WHERE id = ? AND state = ?)")) {
                    ps.setLong(1, id);
                    ps.setLong(2, id);
                    ps.setInt(3, DELETE_CHUNK - 1);
                    ps.setLong(4, id);
                    ps.setInt(5, CampaignState.UPLOADING.code());
                    n += ps.executeUpdate();
                }
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM campaign WHERE id = ? AND state = ?")) {
                    ps.setLong(1, id);
                    ps.setInt(2, CampaignState.UPLOADING.code());
                    ps.executeUpdate();
                }
            }
            return n;
        }).thenCompose(n -> n == 0 ? CompletableFuture.completedFuture(null) : discard(id));
    }

    @Override
    public CompletableFuture<Long> dropRowsOfFinished() {
        return read(c -> query(c, "SELECT id FROM campaign WHERE finished_at IS NOT NULL"
                + " AND EXISTS (SELECT 1 FROM campaign_row r WHERE r.campaign_id = campaign.id)",
                rs -> rs.getLong(1))).thenCompose(ids -> {
            CompletableFuture<Long> chain = CompletableFuture.completedFuture(0L);
            for (long id : ids) {
                chain = chain.thenCompose(total -> dropRows(id, total));
            }
            return chain;
        });
    }

    /** Deletes a finished campaign's rows, {@link #DELETE_CHUNK} a transaction (key ranges, as {@link #discard}). */
    private CompletableFuture<Long> dropRows(long id, long deletedSoFar) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM campaign_row WHERE campaign_id = ? AND row_no"
                    + " <= COALESCE((SELECT row_no FROM campaign_row WHERE campaign_id = ? ORDER BY row_no"
                    + " LIMIT 1 OFFSET ?), 9223372036854775807)"
                    + " AND EXISTS (SELECT 1 FROM campaign WHERE id = ? AND finished_at IS NOT NULL)")) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                ps.setInt(3, DELETE_CHUNK - 1);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        }).thenCompose(n -> n == 0 ? CompletableFuture.completedFuture(deletedSoFar)
                : dropRows(id, deletedSoFar + n));
    }

    @Override
    public CompletableFuture<Optional<Campaign>> find(long id) {
        return read(c -> query(c, "SELECT " + COLUMNS + " FROM campaign WHERE id = ? AND state <> ?",
                JdbcCampaignStore::campaign, id, CampaignState.UPLOADING.code()).stream().findFirst());
    }

    @Override
    public CompletableFuture<List<Campaign>> list(String owner, int limit) {
        return read(c -> query(c, "SELECT " + COLUMNS
                + " FROM campaign WHERE owner = ? AND state <> ? ORDER BY id DESC LIMIT ?", JdbcCampaignStore::campaign,
                owner, CampaignState.UPLOADING.code(), limit));
    }

    @Override
    public CompletableFuture<List<Campaign>> active() {
        return read(c -> query(c, "SELECT " + COLUMNS + " FROM campaign WHERE state IN (?, ?, ?) ORDER BY id",
                JdbcCampaignStore::campaign, CampaignState.RUNNING.code(), CampaignState.PAUSED.code(),
                CampaignState.SENT.code()));
    }

    @Override
    public CompletableFuture<List<Row>> pendingRows(long id, long afterRow, int limit) {
        return read(c -> query(c, "SELECT row_no, dest_addr, text FROM campaign_row"
                + " WHERE campaign_id = ? AND row_no > ? AND state = 0 ORDER BY row_no LIMIT ?",
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)), id, afterRow, limit));
    }

    @Override
    public CompletableFuture<Void> markSent(long id, List<Long> sent, List<Long> refused, long nextLo, long nextHi) {
        return write(c -> {
            // counted as they change, so that marking a row twice (recovery after a refused batch) counts it once
            int sentNow = setRowState(c, id, sent, 2);
            int refusedNow = setRowState(c, id, refused, 4);
            boolean batch = nextLo != 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET sent = sent + ?, refused = refused + ?,"
                    + " inflight_lo = ?, inflight_hi = ? WHERE id = ?" + (batch ? " AND state = ?" : "")
                    + markSentFence())) {
                ps.setLong(1, sentNow);
                ps.setLong(2, refusedNow);
                if (batch) {
                    ps.setLong(3, nextLo);
                    ps.setLong(4, nextHi);
                } else {
                    ps.setNull(3, Types.BIGINT);
                    ps.setNull(4, Types.BIGINT);
                }
                ps.setLong(5, id);
                if (batch) {
                    // a batch is started only while the campaign runs: none after a pause or cancel is committed
                    ps.setInt(6, CampaignState.RUNNING.code());
                }
                bindFence(ps, batch ? 7 : 6);
                if (ps.executeUpdate() != 1) {
                    throw new CampaignException(CampaignException.Kind.CONFLICT, "campaign " + id
                            + (batch ? " is not running here (paused, cancelled or sent by another node)"
                            : " is sent by another node"));
                }
            }
            return null;
        });
    }

    /** Moves PENDING rows among {@code rows} to {@code state}; how many it moved. */
    private static int setRowState(Connection c, long id, List<Long> rows, int state) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE campaign_row SET state = ? WHERE campaign_id = ? AND row_no = ? AND state = 0")) {
            for (long r : rows) {
                ps.setInt(1, state);
                ps.setLong(2, id);
                ps.setLong(3, r);
                ps.addBatch();
            }
            int changed = 0;
            for (int n : ps.executeBatch()) {
                changed += Math.max(n, 0);
            }
            return changed;
        }
    }

    @Override
    public CompletableFuture<Boolean> changeState(long id, List<CampaignState> from, CampaignState to) {
        return write(c -> {
            StringBuilder in = new StringBuilder();
            for (CampaignState s : from) {
                in.append(in.isEmpty() ? "" : ",").append(s.code());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE campaign SET state = ? WHERE id = ? AND state IN (" + in + ")")) {
                ps.setInt(1, to.code());
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public CompletableFuture<Map<MessageState, Long>> messageStates(long id) {
        return read(c -> {
            // the message ids of campaign N are 'CN_row' (first parts) and 'CN_row.part'
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM message WHERE "
                    + firstPartsOf() + " GROUP BY state")) {
                ps.setString(1, "C" + id + "_");
                ps.setString(2, "C" + id + "`");
                Map<MessageState, Long> out = new EnumMap<>(MessageState.class);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.merge(StoredMessage.stateOf(rs.getInt(1)), rs.getLong(2), Long::sum);
                        } catch (IllegalArgumentException e) {
                            // a row with no message_state is the store's to quarantine; it is not counted
                        }
                    }
                }
                return out;
            }
        });
    }

    @Override
    public CompletableFuture<Map<FailureKey, Long>> failures(long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, last_error, COUNT(*) FROM message"
                    + " WHERE " + firstPartsOf() + " AND state IN (4, 5, 7, 8) GROUP BY state, last_error")) {
                ps.setString(1, "C" + id + "_");
                ps.setString(2, "C" + id + "`");
                Map<FailureKey, Long> out = new java.util.LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(new FailureKey(StoredMessage.stateOf(rs.getInt(1)), rs.getInt(2)), rs.getLong(3));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public CompletableFuture<Void> finish(long id, Instant at, long delivered, long failed, long expired) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign SET finished_at = ?, delivered = ?,"
                    + " failed = ?, expired = ?, state = CASE state WHEN ? THEN ? ELSE state END"
                    + " WHERE id = ? AND finished_at IS NULL")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setLong(2, delivered);
                ps.setLong(3, failed);
                ps.setLong(4, expired);
                ps.setInt(5, CampaignState.SENT.code());
                ps.setInt(6, CampaignState.FINISHED.code());
                ps.setLong(7, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Reject>> rejects(long id, long afterLine, int limit) {
        return read(c -> query(c, "SELECT line_no, reason, line FROM campaign_reject"
                + " WHERE campaign_id = ? AND line_no > ? ORDER BY line_no LIMIT ?",
                rs -> new Reject(rs.getLong(1), rs.getString(2), rs.getString(3)), id, afterLine, limit));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row {@code sql} with {@code args} (Integer, Long or String) selects, each read by {@code reader}. */
    private static <T> List<T> query(Connection c, String sql, RowReader<T> reader, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        }
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        long validity = rs.getLong(8);
        Duration v = rs.wasNull() ? null : Duration.ofMillis(validity);
        int ws = rs.getInt(9);
        SendWindow window = rs.wasNull() ? null
                : new SendWindow(LocalTime.ofSecondOfDay(ws), LocalTime.ofSecondOfDay(rs.getInt(10)));
        CampaignSpec spec = new CampaignSpec(rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                millis(rs, 7), v, window, rs.getInt(11) == 1, rs.getString(12));
        return new Campaign(rs.getLong(1), rs.getString(2), spec, CampaignState.of(rs.getInt(13)),
                Instant.ofEpochMilli(rs.getLong(14)), rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18),
                rs.getLong(19), rs.getLong(20), rs.getLong(21), millis(rs, 22), rs.getLong(23), rs.getLong(24),
                rs.getLong(25));
    }

    private static Instant millis(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setMillis(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }
}
