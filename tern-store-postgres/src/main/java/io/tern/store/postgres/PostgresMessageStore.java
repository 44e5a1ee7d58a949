package io.tern.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.JdbcCampaignStore;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.GroupCommitWriter;
import io.tern.smsc.store.HistoryRows;
import io.tern.smsc.store.JdbcMessageStore;
import io.tern.smsc.store.MessageRecord;
import io.tern.smsc.store.MessageRows;
import io.tern.smsc.store.OutcomeColumns;
import io.tern.smsc.store.ReaderPool;
import io.tern.smsc.store.RecordQueries;
import io.tern.smsc.store.SharedStore;
import io.tern.smsc.store.StoreException;
import io.tern.smsc.store.StoreStatements;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.store.UpstreamLink;
import io.tern.smsc.store.UpstreamReceiptResult;
import io.tern.smsc.store.WriteOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store on PostgreSQL. Like the SQLite store, it writes through the shared
 * {@link GroupCommitWriter}: one writer thread runs whatever writes have queued up in one transaction
 * and commits them together (group commit: one WAL flush acknowledges many operations), and write
 * futures complete only after that COMMIT returned; reads run on a {@link ReaderPool}, each on a
 * pooled connection in autocommit mode. This class holds PostgreSQL's SQL and what is PostgreSQL's
 * own: the connection pool, leases that name their node, LISTEN/NOTIFY, the link table, retries of
 * operations that lost a deadlock to another node.
 *
 * <p>Claims lease rows with {@code FOR UPDATE SKIP LOCKED}, so that several stores (nodes) on one
 * database never claim the same row: a row another transaction is leasing is skipped, and a row
 * whose lease was committed after this statement's snapshot is re-checked against the lease and
 * dropped. Every lease names the node ({@code nodeId}) that holds it, and {@link #releaseAllLeases()}
 * releases only this node's leases and expired ones. What else several nodes need is not done yet
 * (see docs/operations.md).
 *
 * <p>Write futures complete in commit order on one store thread ({@code tern-pg-completer}):
 * callers hop to their own executor before doing real work in a callback.
 */
public final class PostgresMessageStore extends JdbcMessageStore<PostgresMessageStore.Statements>
        implements SharedStore, CampaignStore.Keeper {

    private static final Logger log = LoggerFactory.getLogger(PostgresMessageStore.class);

    /** How often the writer reports failures counted by {@link #failures} when no new one comes. */
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(10);
    private static final String PENDING = StoreStatements.PENDING;
    /**
     * Pending messages past their validity, served by the partial index message_expiry; rows another
     * node is leasing right now are skipped, as a claim skips them.
     */
    static final String EXPIRY_SWEEP = MessageRows.SELECT + " WHERE " + PENDING
            + " AND expiry_time <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT ? FOR UPDATE SKIP LOCKED";

    /** A forward is a history row of its own here, its link in a table of its own. */
    private static final Dialect DIALECT = new Dialect(EXPIRY_SWEEP, "seq", "NULL", RecordQueries.Link.TABLE);

    private static final Comparator<WriteOp<Statements, ?>> BY_ID = Comparator.comparing(WriteOp::id);

    private final PostgresStoreConfig config;
    /** Seconds a statement may wait for the database's answer before it fails (the writer's commits included). */
    static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 60;
    /** How often the LISTEN connection proves it is alive with a query. */
    private static final long LISTENER_PING_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HikariDataSource dataSource;
    /** This node's heartbeat and SMPP sessions in the tables all nodes share. */
    private final ClusterMembership cluster;
    /** The time partitions of message and attempt (V17), kept and purged on {@link #maintenance}. */
    private final PostgresPartitions partitions;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tern-pg-partitions");
        t.setDaemon(true);
        return t;
    });
    /** Listens on channel tern_work once {@link #onRemoteWork} is called (V5__work_notifications). */
    private volatile Thread listener;

    /**
     * Connects, migrates the schema (Flyway takes an advisory lock, so nodes starting together
     * migrate once) and starts the writer and the readers.
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    public PostgresMessageStore(PostgresStoreConfig config, Clock clock) {
        super(clock, log, DIALECT);
        this.config = config;
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        hikari.setPoolName("tern-pg");
        hikari.setConnectionTimeout(10_000);
        hikari.setAutoCommit(true);
        // One round trip per JDBC batch of inserts instead of one statement per row.
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "tern");
        // A partition from the database must end a statement, not hang the writer until TCP gives up
        // (hours): a statement unanswered for socketTimeout seconds fails, its connection is replaced,
        // and the submits of that batch are refused. A socketTimeout in the URL takes precedence.
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(DEFAULT_SOCKET_TIMEOUT_SECONDS));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + config.url() + ": " + e.getMessage(), e);
        }
        cluster = new ClusterMembership(dataSource, config.nodeId());
        partitions = new PostgresPartitions(dataSource, config.partition());
        Statements first;
        try {
            migrate(dataSource, config.url());
            // a failure (locks held too long) is logged and retried hourly; rows wait in the default partition
            createPartitionsAhead();
            first = openWriter();
            cluster.start();
        } catch (SQLException | RuntimeException e) {
            maintenance.shutdown();
            cluster.close();
            dataSource.close();
            throw e instanceof StoreException se ? se : new StoreException("cannot open " + config.url(), e);
        }
        GroupCommitWriter<Statements> writer = new GroupCommitWriter<>("tern-pg", config.maxBatch(),
                config.writeQueueCapacity(), config.commitDelay(), FLUSH_INTERVAL, new PostgresEngine(), first, clock,
                log, failures);
        ReaderPool<Statements> readerPool = new ReaderPool<>("tern-pg", config.poolSize() - 1,
                config.writeQueueCapacity(),
                new ReaderPool.Connections<>() {
                    @Override
                    public Statements take() throws SQLException {
                        return new Statements(dataSource.getConnection(), config.nodeId());
                    }

                    @Override
                    public void give(Statements reader, Throwable failure) {
                        reader.closeQuietly();
                    }
                }, writer, log);
        start(writer, readerPool);
        maintenance.scheduleWithFixedDelay(this::createPartitionsAhead, 1, 1, TimeUnit.HOURS);
        maintenance.scheduleWithFixedDelay(this::analyzeYoungPartitions, 5, 5, TimeUnit.SECONDS);
    }

    private void analyzeYoungPartitions() {
        try {
            partitions.analyzeYoung();
        } catch (SQLException | RuntimeException e) {
            failures.warn("partition analysis failed", "analyzing new partitions failed: " + e, null);
        }
    }

    private void createPartitionsAhead() {
        try {
            partitions.createAhead(clock.instant());
        } catch (SQLException | RuntimeException e) {
            failures.warn("partitions failed", "creating partitions ahead failed (again in an hour): " + e, null);
        }
    }

    /** The campaigns in this database (migration V13), sent under this node's leases. */
    @Override
    public CampaignStore campaignStore() {
        return new PostgresCampaignStore(this, config.nodeId());
    }

    /**
     * Runs {@code work} on the writer in its next transaction (group commit), under a savepoint of its
     * own: the future completes after the COMMIT, or fails and nothing of {@code work} took effect.
     */
    <T> CompletableFuture<T> writeWith(JdbcCampaignStore.SqlWork<T> work) {
        return write(new WriteOp<>(w -> work.apply(w.connection())));
    }

    /** Runs {@code work} on a reader connection (auto-commit: each statement sees the latest commit). */
    <T> CompletableFuture<T> readWith(JdbcCampaignStore.SqlWork<T> work) {
        return read(r -> work.apply(r.connection()));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDue(String target, Instant now, int limit, Instant leaseUntil) {
        StoreStatements.requireLimit(limit);
        return write(new WriteOp<>(w -> {
            // One statement leases and returns the rows; SKIP LOCKED passes over rows another
            // transaction (another node) is claiming. RETURNING has no order: it is restored here.
            // (id, submit_time): with the partition key (V17) each row is found in its partition only.
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = ?, lease_node = ?"
                    + " WHERE (id, submit_time) IN (SELECT id, submit_time FROM message"
                    + " WHERE target = ? AND " + PENDING
                    + " AND next_attempt <= ? AND expiry_time > ? AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY priority_flag DESC, next_attempt, seq LIMIT ? FOR UPDATE SKIP LOCKED)"
                    + " RETURNING " + MessageRows.COLUMNS + ", seq");
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, config.nodeId());
            ps.setString(3, target);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            ps.setInt(7, limit);
            return w.readClaimed(ps, now, StoreStatements.CLAIM_ORDER);
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDueReceipts(String owner, Instant now, int limit,
            Instant leaseUntil) {
        StoreStatements.requireLimit(limit);
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET receipt_lease_until = ?, receipt_lease_node = ?"
                    + " WHERE (id, submit_time) IN (SELECT id, submit_time"
                    + " FROM message WHERE owner = ? AND receipt_state = 1"
                    + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?)"
                    + " ORDER BY receipt_next, seq LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "
                    + MessageRows.COLUMNS + ", seq");
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, config.nodeId());
            ps.setString(3, owner);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setInt(6, limit);
            return w.readClaimed(ps, now, StoreStatements.RECEIPT_CLAIM_ORDER);
        }));
    }

    /**
     * Clears this node's leases (those its {@code nodeId} holds, or no node: written before leases had
     * one) and leases that have run out, whoever held them; leases of other nodes that still run are
     * kept, since those nodes may be alive and attempting the messages.
     */
    @Override
    public CompletableFuture<Integer> releaseAllLeases() {
        String mine = "lease_until IS NOT NULL AND (lease_node = ? OR lease_node IS NULL OR lease_until <= ?)";
        String mineReceipt = "receipt_lease_until IS NOT NULL AND (receipt_lease_node = ?"
                + " OR receipt_lease_node IS NULL OR receipt_lease_until <= ?)";
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET"
                    + " lease_until = CASE WHEN " + mine + " THEN NULL ELSE lease_until END,"
                    + " receipt_lease_until = CASE WHEN " + mineReceipt + " THEN NULL ELSE receipt_lease_until END"
                    + " WHERE (" + mine + ") OR (" + mineReceipt + ")");
            long now = clock.millis();
            for (int i = 0; i < 4; i++) {
                ps.setString(2 * i + 1, config.nodeId());
                ps.setLong(2 * i + 2, now);
            }
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<Integer> releaseLeases(List<String> ids) {
        List<String> copy = List.copyOf(ids);
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = NULL, receipt_lease_until = NULL"
                    + " WHERE id = ANY (?) AND (lease_until IS NOT NULL OR receipt_lease_until IS NOT NULL)");
            ps.setArray(1, w.connection().createArrayOf("text", copy.toArray()));
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<UpstreamReceiptResult> recordUpstreamReceipt(String upstream, String upstreamId,
            Attempt.Reported report) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamId, "upstreamId");
        Objects.requireNonNull(report, "report");
        return write(new WriteOp<>(w -> w.upstreamReceipt(upstream, upstreamId, report, clock.instant())));
    }

    @Override
    public CompletableFuture<Integer> purgeUnmatchedReceipts(Instant cutoff) {
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("DELETE FROM upstream_receipt WHERE received_at < ?");
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
        }));
    }

    /**
     * Runs on the partition thread, not the writer: a partition whose messages may all go is dropped,
     * elsewhere rows are deleted in chunks of their own transactions (PostgresPartitions#purge).
     */
    @Override
    public CompletableFuture<Integer> purgeFinalBefore(Instant cutoff) {
        if (writer().closing()) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        CompletableFuture<Integer> purged = new CompletableFuture<>();
        try {
            maintenance.execute(() -> {
                try {
                    partitions.createAhead(clock.instant());
                    purged.complete(partitions.purge(cutoff));
                } catch (SQLException | RuntimeException e) {
                    purged.completeExceptionally(new StoreException("purge failed", e));
                }
            });
        } catch (RejectedExecutionException e) {
            purged.completeExceptionally(new StoreException("store is closed"));
        }
        return purged;
    }

    @Override
    public CompletableFuture<Void> keepFinalOutcomes(boolean keep) {
        return write(new WriteOp<>(w -> {
            try (Statement st = w.connection().createStatement()) {
                if (keep) {
                    st.executeUpdate("CREATE OR REPLACE TRIGGER cdr_final AFTER INSERT OR UPDATE OF state ON message"
                            + " FOR EACH ROW EXECUTE FUNCTION tern_cdr_outbox()");
                } else {
                    st.executeUpdate("DROP TRIGGER IF EXISTS cdr_final ON message");
                    st.executeUpdate("DELETE FROM cdr_outbox");
                }
            }
            return null;
        }));
    }

    @Override
    public CompletableFuture<Integer> finalOutcomesWritten(List<Long> seqs) {
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps(RecordQueries.DELETE_OUTCOME);
            for (long seq : seqs) {
                ps.setLong(1, seq);
                ps.addBatch();
            }
            int n = 0;
            for (int c : ps.executeBatch()) {
                n += Math.max(c, 0);
            }
            return n;
        }));
    }

    @Override
    public CompletableFuture<Long> forEachMessage(Instant from, Instant to, String owner, Consumer<MessageRecord> sink) {
        return read(r -> {
            // pgjdbc streams with a cursor only inside a transaction and with a fetch size
            r.connection().setAutoCommit(false);
            try {
                PreparedStatement ps = r.ps(RecordQueries.export(MessageRows.COLUMNS, RecordQueries.Link.TABLE, owner != null));
                ps.setFetchSize(500);
                return RecordQueries.export(ps, from, to, owner, PostgresRows::map, MessageRows.COLUMN_COUNT, sink);
            } finally {
                r.connection().rollback();
                r.connection().setAutoCommit(true);
            }
        });
    }

    @Override
    public CompletableFuture<Optional<UpstreamLink>> upstreamLink(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT upstream, upstream_id FROM upstream_link WHERE message_id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new UpstreamLink(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    /**
     * Starts a thread that LISTENs on {@code tern_work} on a connection of its own (outside the pool)
     * and passes each notification on; if the connection breaks, it reconnects after a second (the
     * periodic scan covers what was missed meanwhile).
     */
    @Override
    public CompletableFuture<Boolean> reserveBind(String systemId, String sessionKey, String bindType, int maxBinds) {
        return cluster.reserveBind(systemId, sessionKey, bindType, maxBinds);
    }

    @Override
    public CompletableFuture<Void> releaseBind(String sessionKey) {
        return cluster.releaseBind(sessionKey);
    }

    @Override
    public int idSlot() {
        return cluster.idSlot();
    }

    @Override
    public List<io.tern.smsc.store.NodeStatus> nodes() {
        return cluster.nodes();
    }

    @Override
    public void reportInFlight(int deliveries) {
        cluster.reportInFlight(deliveries);
    }

    @Override
    public Map<String, Integer> accountNodes() {
        return cluster.accountNodes();
    }

    @Override
    public void onHeartbeat(Runnable task) {
        cluster.onHeartbeat(task);
    }

    @Override
    public synchronized void onRemoteWork(Consumer<String> target, Consumer<String> receiptOwner) {
        if (listener != null) {
            throw new IllegalStateException("already listening");
        }
        Thread t = new Thread(() -> listen(target, receiptOwner), "tern-pg-listener");
        t.setDaemon(true);
        listener = t;
        t.start();
    }

    private void listen(Consumer<String> target, Consumer<String> receiptOwner) {
        while (!writer().closing()) {
            try (Connection c = openListenerConnection(); Statement st = c.createStatement()) {
                st.execute("LISTEN tern_work");
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextPing = System.nanoTime() + LISTENER_PING_NANOS;
                while (!writer().closing()) {
                    if (System.nanoTime() - nextPing >= 0) {
                        // waiting for notifications reads nothing from a dead peer: a query does, and
                        // fails within the socket timeout, so a partition is noticed and healed
                        nextPing = System.nanoTime() + LISTENER_PING_NANOS;
                        st.execute("SELECT 1");
                    }
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        String payload = n.getParameter();
                        if (payload.length() < 2) {
                            continue;
                        }
                        String name = payload.substring(1);
                        try {
                            if (payload.charAt(0) == 't') {
                                target.accept(name);
                            } else if (payload.charAt(0) == 'r') {
                                receiptOwner.accept(name);
                            } else if (payload.charAt(0) == 'c') {
                                cluster.changed(); // V16: what nodes hold in memory changed somewhere
                            }
                        } catch (RuntimeException e) {
                            log.warn("a wake-up for {} failed: {}", payload, e.toString());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (writer().closing()) {
                    break;
                }
                failures.warn("listen failed", "listening for other nodes' work failed, again in 1 s (the periodic"
                        + " scan finds their work meanwhile): " + e, null);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Connection openListenerConnection() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        props.setProperty("ApplicationName", "tern-listener");
        props.setProperty("socketTimeout", String.valueOf(DEFAULT_SOCKET_TIMEOUT_SECONDS));
        props.setProperty("tcpKeepAlive", "true");
        return new org.postgresql.Driver().connect(config.url(), props);
    }

    /** What the group-commit writer needs to know about PostgreSQL. */
    private final class PostgresEngine implements GroupCommitWriter.Engine<Statements> {

        @Override
        public Statements openWriter() throws SQLException {
            return PostgresMessageStore.this.openWriter();
        }

        /** Rolls back; a broken connection is replaced for the next batch. */
        @Override
        public boolean recover(Statements w, Throwable t) {
            try {
                w.connection().rollback();
            } catch (SQLException e) {
                t.addSuppressed(e);
            }
            if (!w.isValid()) {
                log.warn("store writer connection is broken; a new one is used for the next batch");
                return false;
            }
            return true;
        }

        @Override
        public StoreException failure(String message, Throwable t) {
            return new StoreException(message, t);
        }

        @Override
        public String reason(Throwable t) {
            return "transaction not committed: " + t;
        }

        /**
         * Outcomes update rows in id order (a stable sort: two outcomes of one message keep theirs),
         * so that two nodes' writers lock rows in the same order and rarely deadlock.
         */
        @Override
        public void order(List<WriteOp<Statements, ?>> ops) {
            ops.sort(BY_ID);
        }

        @Override
        public boolean transientFailure(Throwable t) {
            return isTransient(t);
        }

        /**
         * A savepoint costs PostgreSQL two round trips and a subtransaction: a batch runs without them
         * unless a statement of it failed (then the batch runs again with them).
         */
        @Override
        public boolean savepointsOnlyAfterAFailure() {
            return true;
        }

        @Override
        public void closed() {
            maintenance.shutdown();
            readers().shutDown();
            Thread l = listener;
            if (l != null) {
                try {
                    l.join(5_000); // it sees closing within a notification wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            cluster.close();
            dataSource.close();
        }
    }

    /**
     * The advisory lock key of an owner's dedupe key: 64 bits of a SHA-256 of both (a collision only
     * makes two submissions wait for each other's commit).
     */
    static long dedupeLock(String owner, String dedupeKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(("tern-dedupe\0" + owner + "\0" + dedupeKey).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SQLSTATE of a table that does not exist (a partition a write named was dropped). */
    static final String UNDEFINED_TABLE = "42P01";

    /**
     * A deadlock or serialization failure, or a partition named by a write that was dropped meanwhile
     * (the writer reads the partitions again): the operation may succeed when run again.
     */
    static boolean isTransient(Throwable t) {
        return hasState(t, "40P01", "40001", UNDEFINED_TABLE);
    }

    /** Whether {@code t}, its causes or their chained exceptions have one of {@code states}. */
    static boolean hasState(Throwable t, String... states) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                for (SQLException n = sql; n != null; n = n.getNextException()) {
                    // no SQLSTATE (null: an I/O failure, a closed connection) is none of them; List.of's
                    // contains would throw on null and fail the whole batch instead of this operation
                    String state = n.getSQLState();
                    if (state != null && List.of(states).contains(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void migrate(HikariDataSource dataSource, String url) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/postgresql")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the store schema at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The writer's connection, in manual-commit mode. A COMMIT that returned must be durable: if the
     * server (or the role) runs with {@code synchronous_commit = off}, the writer's session sets it
     * back on, since an acknowledged message may not be lost in a server crash.
     */
    private Statements openWriter() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                    log.warn("synchronous_commit is off on the database; the store's writer sets it on");
                    st.execute("SET synchronous_commit = on");
                }
            }
            c.setAutoCommit(false);
            return new Statements(c, config.nodeId());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A connection with PostgreSQL's statements: the writer's for its life, a reader's for one read. */
    static final class Statements extends StoreStatements {
        /** The node whose leases this connection's writes take. */
        private final String node;

        Statements(Connection connection, String node) {
            super(connection, log, SQL);
            this.node = node;
        }

        private static final String ATTEMPT_UPDATE = "UPDATE message SET state = ?, attempts = attempts + ?,"
                + " last_error = COALESCE(?, last_error), next_attempt = COALESCE(?, next_attempt),"
                + " final_time = COALESCE(?, final_time), lease_until = NULL,"
                + " receipt_state = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN 1 ELSE receipt_state END,"
                + " receipt_next = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN ? ELSE receipt_next END,"
                + " receipt_lease_until = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN ?"
                + " ELSE receipt_lease_until END,"
                + " receipt_lease_node = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN ?"
                + " ELSE receipt_lease_node END"
                + " WHERE id = ? AND " + StoreStatements.PENDING_BY_ID;
        /**
         * Planner settings for the writes of many rows by id at once below, set for those statements
         * alone (in the same round trip, back to the defaults right after): the join of the rows'
         * values to {@code message} must descend the primary key. A partition not analyzed yet (a new
         * day's) looks empty to the planner, and a prepared statement keeps the plan it made then (a
         * hash join over a sequential scan) after the partition has grown to millions of rows.
         */
        private static final String KEY_JOINS_ONLY = "SET LOCAL enable_seqscan = off;"
                + " SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; ";
        private static final String PLANNER_DEFAULTS = "; SET LOCAL enable_seqscan TO DEFAULT;"
                + " SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT";
        /** Whether the outcome in v makes the message's receipt PENDING: {@link #ATTEMPT_UPDATE}'s rule. */
        private static final String RECEIPT_WANTED = "v.flag AND (m.registered_delivery & 3) IN (1, v.code)";
        /**
         * {@link #ATTEMPT_UPDATE} for many messages in one statement, each with its own values (one
         * array a column, in the order of the ids); the ids it changed come back. PostgreSQL spends
         * about half the CPU per row of one execution a row (docs/scaling.md).
         */
        private static final String ATTEMPTS_UPDATE = "UPDATE message m SET state = v.state,"
                + " attempts = m.attempts + v.inc, last_error = COALESCE(v.last_error, m.last_error),"
                + " next_attempt = COALESCE(v.next, m.next_attempt), final_time = COALESCE(v.final_time, m.final_time),"
                + " lease_until = NULL,"
                + " receipt_state = CASE WHEN " + RECEIPT_WANTED + " THEN 1 ELSE m.receipt_state END,"
                + " receipt_next = CASE WHEN " + RECEIPT_WANTED + " THEN v.at ELSE m.receipt_next END,"
                + " receipt_lease_until = CASE WHEN " + RECEIPT_WANTED + " THEN v.lease ELSE m.receipt_lease_until END,"
                + " receipt_lease_node = CASE WHEN " + RECEIPT_WANTED + " THEN v.node ELSE m.receipt_lease_node END"
                + " FROM unnest(?::text[], ?::integer[], ?::integer[], ?::integer[], ?::bigint[], ?::bigint[],"
                + " ?::boolean[], ?::integer[], ?::bigint[], ?::bigint[], ?::text[])"
                + " AS v (id, state, inc, last_error, next, final_time, flag, code, at, lease, node)"
                + " WHERE m.id = v.id AND m." + StoreStatements.PENDING_BY_ID + " RETURNING m.id";
        /** {@link StoreStatements#RECEIPT_UPDATE} for many messages in one statement, as {@link #ATTEMPTS_UPDATE}. */
        private static final String RECEIPTS_UPDATE = "UPDATE message m SET"
                + " receipt_state = CASE WHEN v.sent THEN 2 ELSE m.receipt_state END,"
                + " receipt_attempts = m.receipt_attempts + 1, receipt_next = COALESCE(v.next, m.receipt_next),"
                + " receipt_lease_until = NULL FROM unnest(?::text[], ?::boolean[], ?::bigint[]) AS v (id, sent, next)"
                + " WHERE m.id = v.id AND m.receipt_state BETWEEN 1 AND 1 RETURNING m.id";
        /** {@link #ATTEMPTS_UPDATE} and {@link #RECEIPTS_UPDATE} as {@link #updateMany} sends them. */
        private static final String OUTCOMES_SENT = KEY_JOINS_ONLY + ATTEMPTS_UPDATE + PLANNER_DEFAULTS;
        private static final String RECEIPTS_SENT = KEY_JOINS_ONLY + RECEIPTS_UPDATE + PLANNER_DEFAULTS;
        /**
         * HistoryRows.INSERT's parameters, with the message's submit_time added: attempt's partition
         * key (V17), the entry's own time for a message that is not there.
         */
        private static final String HISTORY_INSERT = "INSERT INTO attempt (message_id, at, event, error_code, detail,"
                + " submit_time) SELECT v.m, v.a, v.e, v.c, v.d, COALESCE((SELECT submit_time FROM message"
                + " WHERE id = v.m LIMIT 1), v.a) FROM (VALUES (?, ?::bigint, ?, ?::integer, ?)) AS v (m, a, e, c, d)";
        /** HistoryRows.INSERT's parameters then the message's submit_time, into a partition of attempt's. */
        private static final String HISTORY_INSERT_KNOWN = "INSERT INTO attempt (message_id, at, event, error_code,"
                + " detail, submit_time) VALUES (?, ?, ?, ?, ?, ?)";
        /** How old a read of the partitions must be before a time none covers has them read again. */
        private static final long PARTITIONS_REREAD_NANOS = 1_000_000_000L;
        private static final String LINK_INSERT = "INSERT INTO upstream_link (message_id, upstream, upstream_id)"
                + " VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET upstream = EXCLUDED.upstream,"
                + " upstream_id = EXCLUDED.upstream_id, seq = EXCLUDED.seq";
        private static final String LINKED_MESSAGE = "SELECT message_id FROM upstream_link"
                + " WHERE upstream = ? AND upstream_id = ? ORDER BY seq DESC LIMIT 1";
        /**
         * Rows are locked (another node's writer may be changing them), several in insertion order so
         * that two nodes' writers lock them in one order.
         */
        private static final Sql SQL = new Sql(PostgresRows.INSERT, HISTORY_INSERT,
                MessageRows.COLUMNS + ", lease_until, receipt_lease_until, lease_node, receipt_lease_node",
                " FOR UPDATE", " ORDER BY seq FOR UPDATE",
                "EXISTS (SELECT 1 FROM upstream_link l WHERE l.message_id = message.id)");

        /** Takes the advisory locks of an array of keys in the array's order (unnest's). */
        private static final String LOCK_DEDUPE_KEYS =
                "SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS k";

        /** Forwarded outcomes of the current attempt batch that changed their message (writer only). */
        private final List<WriteOp<?, ?>> forwarded = new ArrayList<>();
        /**
         * The partitions of {@code message} as last read, so that a write by id of a message whose
         * submit_time is known goes to the one partition that holds it (docs/scaling.md, "Keys and
         * look-ups"); null until read, and after a write named one that is gone.
         */
        private List<PostgresPartitions.Partition> partitions;
        /** When {@link #partitions} was read ({@link System#nanoTime}). */
        private long partitionsRead;
        /** Per partition name, the SQL of a write by id naming it instead of {@code message}. */
        private final Map<String, Map<String, String>> partitionSql = new HashMap<>();

        /** The writes of one message by id on the message path: the outcome and the receipt hand-over. */
        static List<String> writesById() {
            return List.of(ATTEMPT_UPDATE, RECEIPT_UPDATE);
        }

        /** The writes of many messages by id at once on the message path, without their planner settings. */
        static List<String> writesOfManyById() {
            return List.of(ATTEMPTS_UPDATE, RECEIPTS_UPDATE);
        }

        /** What sets the planner up for {@link #writesOfManyById} within a transaction. */
        static String keyJoinsOnly() {
            return KEY_JOINS_ONLY;
        }

        @Override
        protected StoredMessage map(ResultSet rs) throws SQLException {
            return PostgresRows.map(rs);
        }

        @Override
        protected StoredMessage mapClaimed(ResultSet rs) throws SQLException {
            return PostgresRows.map(rs);
        }

        @Override
        protected void bindInsert(PreparedStatement ps, StoredMessage m, Instant leaseUntil) throws SQLException {
            PostgresRows.bind(ps, m, leaseUntil, node);
        }

        /**
         * Several nodes' writers share the table, each in READ COMMITTED: a transaction-scoped advisory
         * lock per owner and key, taken in ascending order (so that two writers with several keys each
         * cannot deadlock), makes a second writer with the same key wait for the first one's commit
         * and then find its row.
         */
        @Override
        protected void lockDedupeKeys(List<StoredMessage> keyed) throws SQLException {
            Long[] keys = keyed.stream().map(m -> dedupeLock(m.owner(), m.dedupeKey())).sorted().distinct()
                    .toArray(Long[]::new);
            PreparedStatement ps = ps(LOCK_DEDUPE_KEYS);
            ps.setArray(1, connection().createArrayOf("bigint", keys));
            ps.executeQuery().close();
        }

        @Override
        public void runBatch(WriteOp.Kind kind, List<? extends WriteOp<?, ?>> ops) throws SQLException {
            try {
                switch (kind) {
                    case INSERT -> insertBatch(ops);
                    case DEDUPE -> dedupeBatch(ops);
                    case ATTEMPT -> attemptBatch(ops);
                    case RECEIPT -> receiptBatch(ops);
                    default -> throw new IllegalArgumentException("not batchable: " + kind);
                }
            } catch (SQLException e) {
                if (hasState(e, UNDEFINED_TABLE)) {
                    // A partition named here was dropped meanwhile (by a purge, on any node): read them
                    // again; the writer runs the operations again (transientFailure).
                    partitions = null;
                }
                throw e;
            }
        }

        @Override
        public void clearBatches() throws SQLException {
            forwarded.clear();
            clearAllBatches();
        }

        /**
         * The partition of {@code message} that holds a row submitted at {@code submitTime}, or null
         * when that is not known (the write then goes to {@code message}, which finds the row in
         * whichever partition holds it). The partitions are read again when none covers the time and
         * the last read is a second old (another node may have made one), or after one was dropped.
         */
        private PostgresPartitions.Partition partitionOf(Instant submitTime) throws SQLException {
            if (submitTime == null) {
                return null;
            }
            long t = submitTime.toEpochMilli();
            if (partitions == null) {
                readPartitions();
            }
            PostgresPartitions.Partition p = PostgresPartitions.covering(partitions, t);
            if (p == null && System.nanoTime() - partitionsRead > PARTITIONS_REREAD_NANOS) {
                readPartitions();
                p = PostgresPartitions.covering(partitions, t);
            }
            return p;
        }

        private void readPartitions() throws SQLException {
            partitions = PostgresPartitions.list(connection());
            partitionsRead = System.nanoTime();
            Set<String> gone = new HashSet<>(partitionSql.keySet());
            partitions.forEach(p -> gone.remove(p.name()));
            // the statements of partitions that are gone: closed, not kept for ever
            Set<String> stale = new HashSet<>();
            for (String name : gone) {
                stale.addAll(partitionSql.remove(name).values());
            }
            if (!stale.isEmpty()) {
                forgetStatements(stale::contains);
            }
        }

        /**
         * {@code sql}, an UPDATE of or an INSERT into {@code message}, or an INSERT into {@code attempt},
         * naming {@code p}'s table (or its history's) instead.
         */
        private String inPartition(String sql, PostgresPartitions.Partition p) {
            return partitionSql.computeIfAbsent(p.name(), n -> new HashMap<>()).computeIfAbsent(sql, q -> {
                String settings = q.startsWith(KEY_JOINS_ONLY) ? KEY_JOINS_ONLY : "";
                String write = q.substring(settings.length());
                for (String[] table : List.of(new String[] {"UPDATE message ", "UPDATE " + p.name() + " "},
                        new String[] {"INSERT INTO message ", "INSERT INTO " + p.name() + " "},
                        new String[] {"INSERT INTO attempt ", "INSERT INTO " + p.history() + " "})) {
                    if (write.startsWith(table[0])) {
                        return settings + table[1] + write.substring(table[0].length());
                    }
                }
                throw new IllegalArgumentException("not a write of one message row: " + q);
            });
        }

        /** Straight into the partition that takes it, when this writer knows one. */
        @Override
        protected PreparedStatement insertStatement(StoredMessage m, PreparedStatement shared) throws SQLException {
            PostgresPartitions.Partition p = partitionOf(m.submitTime());
            return p == null ? shared : ps(inPartition(PostgresRows.INSERT, p));
        }

        @Override
        protected PreparedStatement rowStatement(String sql, WriteOp<?, ?> op, PreparedStatement shared)
                throws SQLException {
            PostgresPartitions.Partition p = partitionOf(op.submitTime());
            return p == null ? shared : ps(inPartition(sql, p));
        }

        /**
         * With the message's submit_time known, the row goes straight into the history partition of
         * the message's (the time bound here); else {@link #HISTORY_INSERT} reads it from the message.
         */
        @Override
        protected PreparedStatement historyStatement(WriteOp<?, ?> op, PreparedStatement shared) throws SQLException {
            PostgresPartitions.Partition p = partitionOf(op.submitTime());
            if (p == null) {
                return shared;
            }
            PreparedStatement ps = ps(inPartition(HISTORY_INSERT_KNOWN, p));
            ps.setLong(6, op.submitTime().toEpochMilli());
            return ps;
        }

        /**
         * Delivery outcomes: one conditional UPDATE per message ({@link OutcomeColumns}, the receipt
         * leased to this node with it when asked), the history rows, and the links of forwards in a
         * table of their own, each as one JDBC batch.
         */
        private void attemptBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
            int[] changed = distinctIds(ops) ? updateMany(OUTCOMES_SENT, ops, this::outcomeArrays)
                    : executeByRow(ATTEMPT_UPDATE, ops, this::bindOutcome);
            List<PreparedStatement> history = new ArrayList<>(1);
            for (int i = 0; i < ops.size(); i++) {
                WriteOp<?, ?> op = ops.get(i);
                if (!settle(op, changed[i])) {
                    continue;
                }
                Attempt a = op.attempt();
                if (changed[i] > 0 && a instanceof Attempt.Forwarded f) {
                    link(f, op.id());
                    forwarded.add(op);
                    if (op.folded() != null) {
                        // the upstream's receipt written with it: its history entry follows the forward's
                        PreparedStatement ps = historyStatement(op, ps(HISTORY_INSERT));
                        HistoryRows.addOutcome(ps, op.id(), a);
                        pending(history, ps);
                        a = op.folded().attempt();
                    }
                }
                if (changed[i] > 0 && a.state() == MessageState.DELIVERED) {
                    continue; // the row's DELIVERED state and final_time are this history entry
                }
                PreparedStatement ps = historyStatement(op, ps(HISTORY_INSERT));
                HistoryRows.addOutcome(ps, op.id(), a);
                pending(history, ps);
            }
            executePending(history);
            if (!forwarded.isEmpty()) {
                executeAndClear(ps(LINK_INSERT));
                List<WriteOp<?, ?>> linked = List.copyOf(forwarded);
                forwarded.clear(); // matching runs attempt batches of its own
                // Unlike SQLite's, no "nothing is kept" hint: another node may keep a receipt at any time.
                matchKeptReceipts(linked);
            }
        }

        /** {@link #ATTEMPT_UPDATE}'s parameters for one outcome. */
        private void bindOutcome(PreparedStatement up, WriteOp<?, ?> op) throws SQLException {
            OutcomeColumns c = OutcomeColumns.of(op);
            boolean receiptFlag = c.receiptFlag();
            up.setInt(1, c.state().value());
            up.setInt(2, c.increment());
            MessageRows.setNullableInt(up, 3, c.lastError());
            MessageRows.setNullableLong(up, 4, c.next());
            MessageRows.setNullableLong(up, 5, c.finalTime());
            up.setBoolean(6, receiptFlag);
            up.setInt(7, c.receiptCode());
            up.setBoolean(8, receiptFlag);
            up.setInt(9, c.receiptCode());
            up.setLong(10, op.outcome().at().toEpochMilli());
            up.setBoolean(11, receiptFlag);
            up.setInt(12, c.receiptCode());
            MessageRows.setNullableInstant(up, 13, op.outcomeLease());
            up.setBoolean(14, receiptFlag);
            up.setInt(15, c.receiptCode());
            up.setString(16, op.outcomeLease() == null ? null : node);
            up.setString(17, op.id());
        }

        /** {@link #RECEIPTS_UPDATE} for a batch of distinct messages, else one UPDATE a receipt. */
        @Override
        protected int[] updateReceipts(List<? extends WriteOp<?, ?>> ops) throws SQLException {
            if (!distinctIds(ops)) {
                return super.updateReceipts(ops);
            }
            return updateMany(RECEIPTS_SENT, ops, (ps, group) -> {
                int n = group.size();
                String[] ids = new String[n];
                Boolean[] sent = new Boolean[n];
                Long[] next = new Long[n];
                for (int i = 0; i < n; i++) {
                    WriteOp<?, ?> op = group.get(i);
                    ids[i] = op.id();
                    sent[i] = receiptSent(op);
                    next[i] = receiptNext(op);
                }
                bindArrays(ps, ids, sent, next);
            });
        }

        /** {@link #ATTEMPTS_UPDATE}'s arrays for {@code group}: {@link #ATTEMPT_UPDATE}'s values a message. */
        private void outcomeArrays(PreparedStatement ps, List<WriteOp<?, ?>> group) throws SQLException {
            int n = group.size();
            String[] ids = new String[n];
            Integer[] state = new Integer[n];
            Integer[] increment = new Integer[n];
            Integer[] lastError = new Integer[n];
            Long[] next = new Long[n];
            Long[] finalTime = new Long[n];
            Boolean[] flag = new Boolean[n];
            Integer[] code = new Integer[n];
            Long[] at = new Long[n];
            Long[] lease = new Long[n];
            String[] leaseNode = new String[n];
            for (int i = 0; i < n; i++) {
                WriteOp<?, ?> op = group.get(i);
                OutcomeColumns c = OutcomeColumns.of(op);
                ids[i] = op.id();
                state[i] = c.state().value();
                increment[i] = c.increment();
                lastError[i] = c.lastError();
                next[i] = c.next();
                finalTime[i] = c.finalTime();
                flag[i] = c.receiptFlag();
                code[i] = c.receiptCode();
                at[i] = op.outcome().at().toEpochMilli();
                lease[i] = op.outcomeLease() == null ? null : op.outcomeLease().toEpochMilli();
                leaseNode[i] = op.outcomeLease() == null ? null : node;
            }
            bindArrays(ps, ids, state, increment, lastError, next, finalTime, flag, code, at, lease, leaseNode);
        }

        /** Binds each of {@code arrays} as a PostgreSQL array, parameters 1, 2, ... in order. */
        private void bindArrays(PreparedStatement ps, Object[]... arrays) throws SQLException {
            for (int i = 0; i < arrays.length; i++) {
                Object[] a = arrays[i];
                String type = a instanceof String[] ? "text" : a instanceof Boolean[] ? "bool"
                        : a instanceof Long[] ? "int8" : "int4";
                ps.setArray(i + 1, connection().createArrayOf(type, a));
            }
        }

        /** Binds one statement's arrays for a group of operations on one table. */
        @FunctionalInterface
        private interface ArrayBinder {
            void bind(PreparedStatement ps, List<WriteOp<?, ?>> group) throws SQLException;
        }

        /** Whether no two of {@code ops} write the same message (then one statement may write them all). */
        private static boolean distinctIds(List<? extends WriteOp<?, ?>> ops) {
            if (ops.size() < 2) {
                return false; // one row: the statement of one row
            }
            boolean ascending = true; // as the writer orders them (PostgresEngine.order): no set needed
            for (int i = 1; i < ops.size() && ascending; i++) {
                ascending = ops.get(i - 1).id().compareTo(ops.get(i).id()) < 0;
            }
            if (ascending) {
                return true;
            }
            Set<String> ids = new HashSet<>(ops.size() * 2);
            for (WriteOp<?, ?> op : ops) {
                if (!ids.add(op.id())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Runs {@code sql}, a write of many messages by id returning the ids it changed with the planner
         * settings it needs around it ({@link #OUTCOMES_SENT}, {@link #RECEIPTS_SENT}), once for the
         * operations of each partition (usually one): how many rows each operation changed, in the
         * order of {@code ops}.
         */
        private int[] updateMany(String sql, List<? extends WriteOp<?, ?>> ops, ArrayBinder binder)
                throws SQLException {
            Map<String, List<WriteOp<?, ?>>> byTable = new LinkedHashMap<>();
            for (WriteOp<?, ?> op : ops) {
                PostgresPartitions.Partition p = partitionOf(op.submitTime());
                byTable.computeIfAbsent(p == null ? sql : inPartition(sql, p), k -> new ArrayList<>()).add(op);
            }
            Set<String> changedIds = new HashSet<>(ops.size() * 2);
            for (Map.Entry<String, List<WriteOp<?, ?>>> e : byTable.entrySet()) {
                PreparedStatement ps = ps(e.getKey());
                binder.bind(ps, e.getValue());
                boolean rows = ps.execute();
                while (rows || ps.getUpdateCount() != -1) {
                    if (rows) {
                        try (ResultSet rs = ps.getResultSet()) {
                            while (rs.next()) {
                                changedIds.add(rs.getString(1));
                            }
                        }
                    }
                    rows = ps.getMoreResults();
                }
            }
            int[] changed = new int[ops.size()];
            for (int i = 0; i < changed.length; i++) {
                changed[i] = changedIds.contains(ops.get(i).id()) ? 1 : 0;
            }
            return changed;
        }

        private void link(Attempt.Forwarded f, String id) throws SQLException {
            PreparedStatement ps = ps(LINK_INSERT);
            ps.setString(1, id);
            ps.setString(2, f.upstream());
            ps.setString(3, f.upstreamId());
            ps.addBatch();
        }

        UpstreamReceiptResult upstreamReceipt(String upstream, String upstreamId, Attempt.Reported report,
                Instant now) throws SQLException {
            PreparedStatement find = ps(LINKED_MESSAGE);
            find.setString(1, upstream);
            find.setString(2, upstreamId);
            String id = null;
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    id = rs.getString(1);
                }
            }
            if (id == null) {
                PreparedStatement keep = ps("INSERT INTO upstream_receipt"
                        + " (upstream, upstream_id, state, error_code, done_at, received_at) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (upstream, upstream_id) DO UPDATE SET state = EXCLUDED.state,"
                        + " error_code = EXCLUDED.error_code, done_at = EXCLUDED.done_at,"
                        + " received_at = EXCLUDED.received_at");
                keep.setString(1, upstream);
                keep.setString(2, upstreamId);
                keep.setInt(3, report.state().value());
                keep.setInt(4, report.errorCode());
                keep.setLong(5, report.at().toEpochMilli());
                keep.setLong(6, now.toEpochMilli());
                keep.executeUpdate();
                return UpstreamReceiptResult.kept();
            }
            String owner;
            PreparedStatement ownerOf = ps("SELECT owner FROM message WHERE id = ?");
            ownerOf.setString(1, id);
            try (ResultSet rs = ownerOf.executeQuery()) {
                owner = rs.next() ? rs.getString(1) : null;
            }
            boolean changed = applyReport(id, report);
            return new UpstreamReceiptResult(changed ? UpstreamReceiptResult.Outcome.MATCHED
                    : UpstreamReceiptResult.Outcome.ALREADY_FINAL, id, owner);
        }

        @Override
        protected boolean applyReport(String id, Attempt.Reported report) throws SQLException {
            WriteOp<Statements, UpdateResult> op = WriteOp.attempt(id, report, null);
            attemptBatch(List.of(op));
            return op.result() == UpdateResult.OK;
        }
    }
}
