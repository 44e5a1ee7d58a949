package io.tern.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.campaign.CampaignStore;
import io.tern.smsc.campaign.JdbcCampaignStore;
import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.DueWork;
import io.tern.smsc.store.FinalOutcome;
import io.tern.smsc.store.HistoryEntry;
import io.tern.smsc.store.HistoryRows;
import io.tern.smsc.store.MessageRecord;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.QuarantinedRecord;
import io.tern.smsc.store.ReceiptAttempt;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.RecordQueries;
import io.tern.smsc.store.SharedStore;
import io.tern.smsc.store.StoreException;
import io.tern.smsc.store.StoreHealth;
import io.tern.smsc.store.StoreOverloadedException;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.Suppression;
import io.tern.smsc.store.SuppressionRows;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.store.UpstreamLink;
import io.tern.smsc.store.UpstreamReceiptResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store on PostgreSQL. Like the SQLite store, one writer thread runs whatever writes have
 * queued up in one transaction and commits them together (group commit: one WAL flush acknowledges
 * many operations), and write futures complete only after that COMMIT returned; reads run on a small
 * pool of their own, each on a pooled connection in autocommit mode.
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
// XXX: the writer loop, the batching of inserts/outcomes/receipts and the history derivation are a
// port of SqliteMessageStore's, which keeps them private; issue 13 plans to split that class so that
// the commit engine lives once and each dialect holds only its SQL. Until then, a fix to one of the
// two belongs in the other as well.
public final class PostgresMessageStore implements MessageStore, SharedStore, CampaignStore.Keeper {

    private static final Logger log = LoggerFactory.getLogger(PostgresMessageStore.class);

    private static final long IDLE_POLL_MILLIS = 100;
    private static final String PENDING = "state IN (0, 1)";
    private static final String FINAL = "state >= 2";
    /**
     * Pending messages past their validity, served by the partial index message_expiry; rows another
     * node is leasing right now are skipped, as a claim skips them.
     */
    static final String EXPIRY_SWEEP = PostgresRows.SELECT + " WHERE " + PENDING
            + " AND expiry_time <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT ? FOR UPDATE SKIP LOCKED";
    /** Rows whose state is no message_state; served by the partial index message_unknown_state (V2). */
    static final String UNKNOWN_STATE_SWEEP = "SELECT id, state FROM message WHERE state < 0 OR state > "
            + MessageState.REJECTED.value() + " LIMIT ?";

    /** A row leased by a claim, with its seq: the tie-breaker of the index order. */
    private record Claimed(StoredMessage message, long seq) {
    }

    /** claimDue's order: message_due's, highest priority first, then oldest due, then insertion. */
    private static final Comparator<Claimed> CLAIM_ORDER = Comparator
            .comparingInt((Claimed c) -> -c.message().priorityFlag())
            .thenComparing(c -> c.message().nextAttemptTime())
            .thenComparingLong(Claimed::seq);
    /** claimDueReceipts' order: message_receipt_due's. */
    private static final Comparator<Claimed> RECEIPT_CLAIM_ORDER = Comparator
            .comparing((Claimed c) -> c.message().receiptNextAttemptTime())
            .thenComparingLong(Claimed::seq);

    private static final Comparator<WriteOp<?>> BY_ID = Comparator.comparing(op -> op.id);

    private final PostgresStoreConfig config;
    private final Clock clock;
    /** Seconds a statement may wait for the database's answer before it fails (the writer's commits included). */
    static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 60;
    /** How often the LISTEN connection proves it is alive with a query. */
    private static final long LISTENER_PING_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HikariDataSource dataSource;
    /** This node's heartbeat and SMPP sessions in the tables all nodes share. */
    private final ClusterMembership cluster;
    private final BlockingQueue<WriteOp<?>> writeQueue;
    /** The writer's connection; replaced when it breaks (writer thread only after construction). */
    private Statements writer;
    private final Thread writerThread;
    private final ThreadPoolExecutor readerPool;
    /** Held by the writer around each batch; package-private so tests can stall the writer deterministically. */
    private final ReentrantLock writerGate = new ReentrantLock();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tern-pg-completer");
        t.setDaemon(true);
        return t;
    });
    private final List<WriteOp<?>> insertOps = new ArrayList<>();
    private final List<WriteOp<?>> attemptOps = new ArrayList<>();
    private final List<WriteOp<?>> receiptOps = new ArrayList<>();
    private final List<WriteOp<?>> otherOps = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedOperations = new AtomicLong();
    private volatile boolean closing;
    /** Failures that repeat on every batch or every second while the database is away: logged once, then counted. */
    private final RateLimitedLog failures = RateLimitedLog.of(log);
    /** When the store stopped committing (System.nanoTime()), and how much failed since; writer thread only. */
    private long unwritableSinceNanos;
    private long failedCommits;
    private long refusedOperations;
    private long nextFlushNanos = System.nanoTime();
    /** Whether the last write transaction committed (for readiness), and why not. */
    private volatile StoreHealth health;
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
        this.config = config;
        this.clock = clock;
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
        try {
            migrate(dataSource, config.url());
            // a failure (locks held too long) is logged and retried hourly; rows wait in the default partition
            createPartitionsAhead();
            writer = openWriter();
            cluster.start();
        } catch (SQLException | RuntimeException e) {
            maintenance.shutdown();
            cluster.close();
            dataSource.close();
            throw e instanceof StoreException se ? se : new StoreException("cannot open " + config.url(), e);
        }
        writeQueue = new ArrayBlockingQueue<>(config.writeQueueCapacity());
        int readers = config.poolSize() - 1;
        AtomicInteger readerNumber = new AtomicInteger();
        readerPool = new ThreadPoolExecutor(readers, readers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.writeQueueCapacity()), r -> {
                    Thread t = new Thread(r, "tern-pg-reader-" + readerNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        writerThread = new Thread(this::writerLoop, "tern-pg-writer");
        writerThread.start();
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

    /** Transactions committed so far; for metrics and the benchmark. */
    public long commits() {
        return commits.get();
    }

    /** Write operations committed so far; divided by {@link #commits()} it gives the group-commit factor. */
    public long committedOperations() {
        return committedOperations.get();
    }

    ReentrantLock writerGate() {
        return writerGate;
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
        return write(new WriteOp<>(w -> work.apply(w.connection)));
    }

    /** Runs {@code work} on a reader connection (auto-commit: each statement sees the latest commit). */
    <T> CompletableFuture<T> readWith(JdbcCampaignStore.SqlWork<T> work) {
        return read(r -> work.apply(r.connection));
    }

    @Override
    public CompletableFuture<Void> insert(StoredMessage message) {
        return write(WriteOp.insert(List.of(message)));
    }

    @Override
    public CompletableFuture<Void> insertLeased(StoredMessage message, Instant leaseUntil) {
        WriteOp<Void> op = WriteOp.insert(List.of(message));
        op.leaseUntil = Objects.requireNonNull(leaseUntil, "leaseUntil");
        return write(op);
    }

    @Override
    public CompletableFuture<Void> insertAll(List<StoredMessage> messages) {
        return write(WriteOp.insert(List.copyOf(messages)));
    }

    @Override
    public CompletableFuture<List<String>> insertReplacingIfPresent(StoredMessage message) {
        return write(new WriteOp<>(w -> {
            List<String> superseded = new ArrayList<>();
            PreparedStatement ps = w.ps("SELECT id FROM message WHERE owner = ? AND service_type = ?"
                    + " AND source_ton = ? AND source_npi = ? AND source_addr = ?"
                    + " AND dest_ton = ? AND dest_npi = ? AND dest_addr = ? AND " + PENDING + " ORDER BY seq FOR UPDATE");
            ps.setString(1, message.owner());
            ps.setString(2, message.serviceType());
            bindAddress(ps, 3, message.source());
            bindAddress(ps, 6, message.destination());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    superseded.add(rs.getString(1));
                }
            }
            Instant now = clock.instant();
            for (String id : superseded) {
                w.delete(id, now, HistoryEntry.Event.SUPERSEDED);
            }
            w.insertRows(List.of(message));
            return List.copyOf(superseded);
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDue(String target, Instant now, int limit, Instant leaseUntil) {
        requireLimit(limit);
        return write(new WriteOp<>(w -> {
            // One statement leases and returns the rows; SKIP LOCKED passes over rows another
            // transaction (another node) is claiming. RETURNING has no order: it is restored here.
            // (id, submit_time): with the partition key (V17) each row is found in its partition only.
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = ?, lease_node = ?"
                    + " WHERE (id, submit_time) IN (SELECT id, submit_time FROM message"
                    + " WHERE target = ? AND " + PENDING
                    + " AND next_attempt <= ? AND expiry_time > ? AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY priority_flag DESC, next_attempt, seq LIMIT ? FOR UPDATE SKIP LOCKED)"
                    + " RETURNING " + PostgresRows.COLUMNS + ", seq");
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, config.nodeId());
            ps.setString(3, target);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            ps.setInt(7, limit);
            return w.readClaimed(ps, now, CLAIM_ORDER);
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDueReceipts(String owner, Instant now, int limit,
            Instant leaseUntil) {
        requireLimit(limit);
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET receipt_lease_until = ?, receipt_lease_node = ?"
                    + " WHERE (id, submit_time) IN (SELECT id, submit_time"
                    + " FROM message WHERE owner = ? AND receipt_state = 1"
                    + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?)"
                    + " ORDER BY receipt_next, seq LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "
                    + PostgresRows.COLUMNS + ", seq");
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, config.nodeId());
            ps.setString(3, owner);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setInt(6, limit);
            return w.readClaimed(ps, now, RECEIPT_CLAIM_ORDER);
        }));
    }

    @Override
    public CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt, Instant receiptLeaseUntil) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attempt, "attempt");
        return write(WriteOp.attempt(id, attempt, receiptLeaseUntil));
    }

    @Override
    public CompletableFuture<UpdateResult> recordReceiptAttempt(String id, ReceiptAttempt attempt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attempt, "attempt");
        return write(WriteOp.receipt(id, attempt));
    }

    @Override
    public CompletableFuture<UpdateResult> cancel(String id, String owner) {
        return write(new WriteOp<>(w -> {
            UpdateResult check = w.checkPending(id, owner);
            if (check == UpdateResult.OK) {
                w.delete(id, clock.instant(), HistoryEntry.Event.CANCELLED);
            }
            return check;
        }));
    }

    @Override
    public CompletableFuture<Integer> wakeDestination(String target, String destinationAddr, Instant now) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(destinationAddr, "destinationAddr");
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET next_attempt = ? WHERE target = ? AND " + PENDING
                    + " AND dest_addr = ? AND next_attempt > ? AND (lease_until IS NULL OR lease_until <= ?)");
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, target);
            ps.setString(3, destinationAddr);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            return ps.executeUpdate();
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
            ps.setArray(1, w.connection.createArrayOf("text", copy.toArray()));
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<Integer> cancelMatching(String owner, String serviceType, StoredAddress source,
            StoredAddress destination) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(source, "source");
        boolean anyService = serviceType == null || serviceType.isEmpty();
        String sql = "SELECT id FROM message WHERE owner = ? AND source_ton = ? AND source_npi = ? AND source_addr = ?"
                + (destination == null ? "" : " AND dest_ton = ? AND dest_npi = ? AND dest_addr = ?")
                + (anyService ? "" : " AND service_type = ?") + " AND " + PENDING + " ORDER BY seq FOR UPDATE";
        return write(new WriteOp<>(w -> {
            PreparedStatement ps = w.ps(sql);
            int i = 1;
            ps.setString(i++, owner);
            bindAddress(ps, i, source);
            i += 3;
            if (destination != null) {
                bindAddress(ps, i, destination);
                i += 3;
            }
            if (!anyService) {
                ps.setString(i, serviceType);
            }
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            Instant now = clock.instant();
            for (String id : ids) {
                w.delete(id, now, HistoryEntry.Event.CANCELLED);
            }
            return ids.size();
        }));
    }

    @Override
    public CompletableFuture<UpdateResult> replace(String id, String owner, byte[] newShortMessage,
            Instant newSchedule, Instant newExpiry, int newRegisteredDelivery) {
        byte[] body = newShortMessage.clone();
        if (newRegisteredDelivery < 0 || newRegisteredDelivery > 0xFF) {
            throw new IllegalArgumentException("registeredDelivery must be an octet: " + newRegisteredDelivery);
        }
        return write(new WriteOp<>(w -> {
            UpdateResult check = w.checkPending(id, owner);
            if (check != UpdateResult.OK) {
                return check;
            }
            PreparedStatement up = w.ps("UPDATE message SET short_message = ?, registered_delivery = ?,"
                    + " schedule_time = COALESCE(?, schedule_time), next_attempt = COALESCE(?, next_attempt),"
                    + " state = CASE WHEN ? THEN 0 ELSE state END, expiry_time = COALESCE(?, expiry_time)"
                    + " WHERE id = ?");
            up.setBytes(1, body);
            up.setInt(2, newRegisteredDelivery);
            PostgresRows.setNullableInstant(up, 3, newSchedule);
            PostgresRows.setNullableInstant(up, 4, newSchedule);
            up.setBoolean(5, newSchedule != null);
            PostgresRows.setNullableInstant(up, 6, newExpiry);
            up.setString(7, id);
            up.executeUpdate();
            w.history(id, clock.instant(), HistoryEntry.Event.REPLACED, 0);
            return UpdateResult.OK;
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> expireDue(Instant now, int limit) {
        requireLimit(limit);
        return write(new WriteOp<>(w -> {
            w.quarantineUnknownStates(now, limit);
            PreparedStatement ps = w.ps(EXPIRY_SWEEP);
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
            List<StoredMessage> due = w.readAll(ps, now);
            List<StoredMessage> expired = new ArrayList<>(due.size());
            for (StoredMessage m : due) {
                boolean receipt = m.receiptWanted(false);
                w.finish(m.id(), MessageState.EXPIRED, now, receipt);
                w.history(m.id(), now, HistoryEntry.Event.EXPIRED, 0);
                expired.add(m.withOutcome(MessageState.EXPIRED, m.attempts(), m.lastError(), now,
                        receipt ? ReceiptState.PENDING : m.receiptState(), receipt ? now : m.receiptNextAttemptTime()));
            }
            return expired;
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
        if (closing) {
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
            try (Statement st = w.connection.createStatement()) {
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

    /** A message with the sender-ID rule its history records, if any (history is indexed by message_id). */
    private static final String FIND = PostgresRows.SELECT.replace(" FROM message", ", (SELECT detail FROM attempt"
            + " WHERE message_id = message.id AND event = 'SENDER_REWRITTEN' LIMIT 1) FROM message") + " WHERE id = ?";

    @Override
    public CompletableFuture<List<FinalOutcome>> finalOutcomes(int limit) {
        return read(r -> RecordQueries.finalOutcomes(r.ps(RecordQueries.finalOutcomes(PostgresRows.COLUMNS, RecordQueries.Link.TABLE)), limit,
                PostgresRows::map, PostgresRows.COLUMN_COUNT));
    }

    @Override
    public CompletableFuture<Long> forEachMessage(Instant from, Instant to, String owner, Consumer<MessageRecord> sink) {
        return read(r -> {
            // pgjdbc streams with a cursor only inside a transaction and with a fetch size
            r.connection.setAutoCommit(false);
            try {
                PreparedStatement ps = r.ps(RecordQueries.export(PostgresRows.COLUMNS, RecordQueries.Link.TABLE, owner != null));
                ps.setFetchSize(500);
                return RecordQueries.export(ps, from, to, owner, PostgresRows::map, PostgresRows.COLUMN_COUNT, sink);
            } finally {
                r.connection.rollback();
                r.connection.setAutoCommit(true);
            }
        });
    }

    @Override
    public CompletableFuture<List<String>> pendingDestinations(String target, int limit) {
        return read(r -> RecordQueries.pendingDestinations(r.ps(RecordQueries.PENDING_DESTINATIONS), target, limit));
    }

    @Override
    public CompletableFuture<Optional<StoredMessage>> find(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps(FIND);
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(PostgresRows.map(rs).withSenderRule(rs.getString(PostgresRows.COLUMN_COUNT + 1)));
                } catch (RuntimeException e) {
                    // Readers do not write: the writer moves the row aside, this caller learns why.
                    String error = e.toString();
                    write(new WriteOp<>(w -> {
                        w.quarantine(id, error, clock.instant());
                        return null;
                    })).whenComplete((v, t) -> {
                        if (t != null) {
                            log.error("could not quarantine damaged message {}", id, t);
                        }
                    });
                    throw new StoreException("message " + id + " is damaged and set aside: " + error, e);
                }
            }
        });
    }

    @Override
    public CompletableFuture<Optional<String>> findByDedupeKey(String owner, String dedupeKey, Instant since) {
        // XXX: look-up then insert is not atomic (as in SQLite), and across nodes even less so.
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT id FROM message WHERE owner = ? AND dedupe_key = ?"
                    + " AND submit_time >= ? ORDER BY submit_time DESC LIMIT 1");
            ps.setString(1, owner);
            ps.setString(2, dedupeKey);
            ps.setLong(3, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public CompletableFuture<DueWork> targetsWithDueWork(Instant now) {
        return read(r -> io.tern.smsc.store.DueWorkScan.find(r::ps, now.toEpochMilli()));
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

    @Override
    public CompletableFuture<Map<String, Long>> pendingByTarget() {
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT target, COUNT(*) FROM message WHERE " + PENDING + " GROUP BY target");
            Map<String, Long> out = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<List<HistoryEntry>> history(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT at, event, error_code, detail FROM attempt WHERE message_id = ? ORDER BY seq");
            ps.setString(1, id);
            List<HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(1)),
                            HistoryEntry.Event.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4)));
                }
            }
            // The two commonest events have no row of their own: the message row holds them.
            PreparedStatement row = r.ps("SELECT state, final_time, receipt_state, receipt_next FROM message WHERE id = ?");
            row.setString(1, id);
            try (ResultSet rs = row.executeQuery()) {
                if (rs.next()) {
                    int at = 0;
                    long finalTime = rs.getLong(2);
                    boolean hasFinal = !rs.wasNull();
                    if (rs.getInt(1) == MessageState.DELIVERED.value() && hasFinal) {
                        at = addDerived(entries, 0, new HistoryEntry(id, Instant.ofEpochMilli(finalTime),
                                HistoryEntry.Event.DELIVERED, 0));
                    }
                    long receiptNext = rs.getLong(4);
                    boolean hasReceiptNext = !rs.wasNull();
                    if (rs.getInt(3) == ReceiptState.SENT.code() && hasReceiptNext) {
                        addDerived(entries, at, new HistoryEntry(id, Instant.ofEpochMilli(receiptNext),
                                HistoryEntry.Event.RECEIPT_SENT, 0));
                    }
                }
            }
            return entries;
        });
    }

    /** SqliteMessageStore.addDerived: places an event read from the message row among the history rows. */
    private static int addDerived(List<HistoryEntry> entries, int from, HistoryEntry e) {
        if (entries.contains(e)) {
            return entries.indexOf(e) + 1;
        }
        int i = from;
        while (i < entries.size() && !entries.get(i).at().isAfter(e.at())
                && !(e.event() == HistoryEntry.Event.DELIVERED && isReceiptEvent(entries.get(i).event()))) {
            i++;
        }
        entries.add(i, e);
        return i + 1;
    }

    private static boolean isReceiptEvent(HistoryEntry.Event event) {
        return event == HistoryEntry.Event.RECEIPT_SENT || event == HistoryEntry.Event.RECEIPT_RETRY;
    }

    @Override
    public CompletableFuture<Integer> addSuppressions(List<Suppression> rows) {
        List<Suppression> copy = List.copyOf(rows);
        return write(new WriteOp<>(w -> SuppressionRows.add(w::ps, copy)));
    }

    @Override
    public CompletableFuture<Boolean> removeSuppression(String account, String number) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(number, "number");
        return write(new WriteOp<>(w -> SuppressionRows.remove(w::ps, account, number)));
    }

    @Override
    public CompletableFuture<List<Suppression>> suppressions(String account, String after, int limit) {
        Objects.requireNonNull(account, "account");
        return read(r -> SuppressionRows.page(r::ps, account, after, limit));
    }

    @Override
    public CompletableFuture<List<QuarantinedRecord>> quarantined() {
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT id, quarantined_at, error FROM quarantine ORDER BY seq");
            List<QuarantinedRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new QuarantinedRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3)));
                }
            }
            return records;
        });
    }

    @Override
    public CompletableFuture<Map<MessageState, Long>> countByState() {
        return read(r -> {
            Map<MessageState, Long> counts = new EnumMap<>(MessageState.class);
            for (MessageState s : StoredMessage.STATES) {
                counts.put(s, 0L);
            }
            PreparedStatement ps = r.ps("SELECT state, COUNT(*) FROM message GROUP BY state");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(1);
                    if (StoredMessage.isState(code)) {
                        counts.merge(StoredMessage.stateOf(code), rs.getLong(2), Long::sum);
                    } else {
                        log.warn("{} messages have the unknown state {}", rs.getLong(2), code);
                    }
                }
            }
            return counts;
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
        while (!closing) {
            try (Connection c = openListenerConnection(); Statement st = c.createStatement()) {
                st.execute("LISTEN tern_work");
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextPing = System.nanoTime() + LISTENER_PING_NANOS;
                while (!closing) {
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
                if (closing) {
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

    @Override
    public StoreHealth health() {
        StoreHealth h = health;
        return h != null ? h : new StoreHealth(true, "", clock.instant());
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        closing = true;
        return closed;
    }

    private void writerLoop() {
        List<WriteOp<?>> batch = new ArrayList<>(Math.min(config.maxBatch(), 4096));
        try {
            while (true) {
                // Read the flag before looking at the queue: a write offered after this empty poll is
                // then sure to see the flag and withdraw itself (see write()).
                boolean stopping = closing;
                WriteOp<?> first;
                try {
                    first = stopping ? writeQueue.poll() : writeQueue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.warn("store writer interrupted; closing");
                    closing = true;
                    continue;
                }
                if (System.nanoTime() - nextFlushNanos >= 0) {
                    nextFlushNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    failures.flush();
                }
                if (first == null) {
                    if (stopping) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                writerGate.lock();
                try {
                    writeQueue.drainTo(batch, config.maxBatch() - 1);
                    commitBatch(batch);
                } finally {
                    writerGate.unlock();
                    batch.clear();
                }
            }
        } catch (Throwable t) {
            log.error("store writer died; failing queued writes", t);
            closing = true;
            StoreException failure = new StoreException("store writer died", t);
            batch.forEach(op -> op.future.completeExceptionally(failure));
            List<WriteOp<?>> left = new ArrayList<>();
            writeQueue.drainTo(left);
            left.forEach(op -> op.future.completeExceptionally(failure));
        } finally {
            shutDown();
        }
    }

    /**
     * Runs {@code batch} in one transaction and commits it; each operation (or group of batchable
     * ones) under a savepoint, so that one failing operation fails alone. Only when COMMIT has
     * returned are the futures completed; if it fails, every operation of the batch fails, none
     * reported done. A broken connection is replaced for the next batch.
     */
    private void commitBatch(List<WriteOp<?>> batch) {
        try {
            if (writer == null) {
                writer = openWriter();
            }
            for (WriteOp<?> op : batch) {
                switch (op.kind) {
                    case INSERT -> insertOps.add(op);
                    case ATTEMPT -> attemptOps.add(op);
                    case RECEIPT -> receiptOps.add(op);
                    default -> otherOps.add(op);
                }
            }
            // Outcomes update rows in id order (a stable sort: two outcomes of one message keep theirs),
            // so that two nodes' writers lock rows in the same order and rarely deadlock.
            attemptOps.sort(BY_ID);
            receiptOps.sort(BY_ID);
            runGroup(insertOps);
            runGroup(attemptOps);
            runGroup(receiptOps);
            for (WriteOp<?> op : otherOps) {
                runIsolated(op);
            }
            writer.connection.commit();
        } catch (Throwable t) {
            if (writer != null) {
                try {
                    writer.connection.rollback();
                } catch (SQLException e) {
                    t.addSuppressed(e);
                }
                if (!writer.isValid()) {
                    log.warn("store writer connection is broken; a new one is used for the next batch");
                    writer.closeQuietly();
                    writer = null;
                }
            }
            if (health == null || health.writable()) {
                health = new StoreHealth(false, "transaction not committed: " + t, clock.instant());
                unwritableSinceNanos = System.nanoTime();
                failedCommits = 0;
                refusedOperations = 0;
            }
            failedCommits++;
            refusedOperations += batch.size();
            failures.error("store commit failed", "store commit of " + batch.size() + " operations failed: " + t, t);
            StoreException failure = new StoreException("transaction not committed", t);
            List<WriteOp<?>> failed = List.copyOf(batch);
            completer.execute(() -> failed.forEach(op -> op.future.completeExceptionally(failure)));
            return;
        } finally {
            insertOps.clear();
            attemptOps.clear();
            receiptOps.clear();
            otherOps.clear();
        }
        commits.incrementAndGet();
        committedOperations.addAndGet(batch.size());
        if (health == null || !health.writable()) {
            if (health != null) {
                failures.report();
                log.warn(String.format(java.util.Locale.ROOT,
                        "store writable again after %.1f s (%s); %,d commits failed meanwhile, %,d operations refused",
                        (System.nanoTime() - unwritableSinceNanos) / 1e9, health.reason(), failedCommits,
                        refusedOperations));
            }
            health = new StoreHealth(true, "", clock.instant());
        }
        List<WriteOp<?>> done = List.copyOf(batch);
        completer.execute(() -> done.forEach(WriteOp::complete));
    }

    private void runGroup(List<WriteOp<?>> ops) throws SQLException {
        if (ops.isEmpty()) {
            return;
        }
        if (ops.size() == 1) {
            runIsolated(ops.get(0));
            return;
        }
        writer.exec("SAVEPOINT run");
        try {
            writer.runBatch(ops.get(0).kind, ops);
            writer.exec("RELEASE SAVEPOINT run");
        } catch (SQLException | RuntimeException e) {
            writer.clearBatches();
            writer.exec("ROLLBACK TO SAVEPOINT run");
            writer.exec("RELEASE SAVEPOINT run");
            for (WriteOp<?> op : ops) {
                op.result = null;
                runIsolated(op);
            }
        }
    }

    private void runIsolated(WriteOp<?> op) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            writer.exec("SAVEPOINT op");
            try {
                if (op.kind == Kind.OTHER) {
                    op.run(writer);
                } else {
                    writer.runBatch(op.kind, List.of(op));
                }
                writer.exec("RELEASE SAVEPOINT op");
                return;
            } catch (SQLException | RuntimeException e) {
                writer.clearBatches();
                // If this throws, the transaction itself is gone and the whole batch fails.
                writer.exec("ROLLBACK TO SAVEPOINT op");
                writer.exec("RELEASE SAVEPOINT op");
                op.result = null;
                if (attempt < MAX_ATTEMPTS && isTransient(e)) {
                    // another node's writer held rows this one needed, and PostgreSQL chose this side
                    log.info("store operation retried after {}", e.toString());
                    continue;
                }
                op.failure = e instanceof StoreException se ? se : new StoreException("store operation failed", e);
                return;
            }
        }
    }

    /** How often an operation that lost a deadlock to another node's transaction is run. */
    private static final int MAX_ATTEMPTS = 3;

    /** A deadlock or serialization failure: the operation may succeed when run again. */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                for (SQLException n = sql; n != null; n = n.getNextException()) {
                    if ("40P01".equals(n.getSQLState()) || "40001".equals(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void shutDown() {
        log.info("store writer: {} commits, {} operations", commits.get(), committedOperations.get());
        maintenance.shutdown();
        readerPool.shutdown();
        try {
            if (!readerPool.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("store readers did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer != null) {
            writer.closeQuietly();
        }
        completer.shutdown();
        try {
            if (!completer.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("store completions did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        closed.complete(null);
    }

    private <T> CompletableFuture<T> write(WriteOp<T> op) {
        if (closing) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        if (!writeQueue.offer(op)) {
            return CompletableFuture.failedFuture(new StoreOverloadedException(
                    "store write queue full (" + config.writeQueueCapacity() + " operations waiting)"));
        }
        if (closing && writeQueue.remove(op)) {
            op.future.completeExceptionally(new StoreException("store is closed"));
        }
        return op.future;
    }

    private <T> CompletableFuture<T> read(SqlFunction<Statements, T> work) {
        if (closing) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            readerPool.execute(() -> {
                Statements reader = null;
                try {
                    reader = new Statements(dataSource.getConnection(), config.nodeId());
                    future.complete(work.apply(reader));
                } catch (StoreException e) {
                    future.completeExceptionally(e);
                } catch (Throwable t) {
                    future.completeExceptionally(new StoreException("store read failed", t));
                } finally {
                    if (reader != null) {
                        reader.closeQuietly();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(readerPool.isShutdown()
                    ? new StoreException("store is closed")
                    : new StoreOverloadedException("store read queue full"));
        }
        return future;
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

    private static void bindAddress(PreparedStatement ps, int first, StoredAddress a) throws SQLException {
        ps.setInt(first, a.ton());
        ps.setInt(first + 1, a.npi());
        ps.setString(first + 2, a.addr());
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    @FunctionalInterface
    private interface SqlFunction<A, R> {
        R apply(A a) throws SQLException;
    }

    /** Write operations the writer runs as JDBC batches, grouped by kind; OTHER runs alone. */
    private enum Kind { INSERT, ATTEMPT, RECEIPT, OTHER }

    /** A queued write: a batchable one carries its data, any other its work. */
    private static final class WriteOp<T> {
        final Kind kind;
        final List<StoredMessage> rows;
        final String id;
        final Attempt attempt;
        Instant receiptLeaseUntil;
        Instant leaseUntil;
        final ReceiptAttempt receipt;
        final SqlFunction<Statements, T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        StoreException failure;

        private WriteOp(Kind kind, List<StoredMessage> rows, String id, Attempt attempt, ReceiptAttempt receipt,
                SqlFunction<Statements, T> work) {
            this.kind = kind;
            this.rows = rows;
            this.id = id;
            this.attempt = attempt;
            this.receipt = receipt;
            this.work = work;
        }

        /** Any other write. */
        WriteOp(SqlFunction<Statements, T> work) {
            this(Kind.OTHER, null, null, null, null, work);
        }

        static WriteOp<Void> insert(List<StoredMessage> rows) {
            return new WriteOp<>(Kind.INSERT, rows, null, null, null, null);
        }

        static WriteOp<UpdateResult> attempt(String id, Attempt attempt, Instant receiptLeaseUntil) {
            WriteOp<UpdateResult> op = new WriteOp<>(Kind.ATTEMPT, null, id, attempt, null, null);
            op.receiptLeaseUntil = receiptLeaseUntil;
            return op;
        }

        static WriteOp<UpdateResult> receipt(String id, ReceiptAttempt receipt) {
            return new WriteOp<>(Kind.RECEIPT, null, id, null, receipt, null);
        }

        void run(Statements w) throws SQLException {
            result = work.apply(w);
        }

        @SuppressWarnings("unchecked")
        void setResult(Object value) {
            result = (T) value;
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    /** One connection with its prepared statements: the writer's for its life, a reader's for one read. */
    private static final class Statements {
        final Connection connection;
        /** The node whose leases this connection's writes take. */
        private final String node;
        private final Map<String, PreparedStatement> cache = new HashMap<>();

        Statements(Connection connection, String node) {
            this.connection = connection;
            this.node = node;
        }

        PreparedStatement ps(String sql) throws SQLException {
            PreparedStatement ps = cache.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                cache.put(sql, ps);
            }
            return ps;
        }

        void exec(String sql) throws SQLException {
            ps(sql).execute();
        }

        boolean isValid() {
            try {
                return connection.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        void insertRows(List<StoredMessage> rows) throws SQLException {
            PreparedStatement ps = ps(PostgresRows.INSERT);
            for (StoredMessage m : rows) {
                PostgresRows.bind(ps, m, null, node);
                ps.addBatch();
            }
            executeAndClear(ps);
            PreparedStatement history = ps(HISTORY_INSERT);
            if (HistoryRows.addSenderRules(history, rows)) {
                executeAndClear(history);
            }
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
                + " WHERE id = ? AND " + PENDING;
        private static final String RECEIPT_UPDATE = "UPDATE message SET"
                + " receipt_state = CASE WHEN ? THEN 2 ELSE receipt_state END,"
                + " receipt_attempts = receipt_attempts + 1, receipt_next = COALESCE(?, receipt_next),"
                + " receipt_lease_until = NULL WHERE id = ? AND receipt_state = 1";
        /**
         * HistoryRows.INSERT's parameters, with the message's submit_time added: attempt's partition
         * key (V17), the entry's own time for a message that is not there.
         */
        private static final String HISTORY_INSERT = "INSERT INTO attempt (message_id, at, event, error_code, detail,"
                + " submit_time) SELECT v.m, v.a, v.e, v.c, v.d, COALESCE((SELECT submit_time FROM message"
                + " WHERE id = v.m LIMIT 1), v.a) FROM (VALUES (?, ?::bigint, ?, ?::integer, ?)) AS v (m, a, e, c, d)";
        private static final String EXISTS = "SELECT 1 FROM message WHERE id = ?";
        private static final String LINK_INSERT = "INSERT INTO upstream_link (message_id, upstream, upstream_id)"
                + " VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET upstream = EXCLUDED.upstream,"
                + " upstream_id = EXCLUDED.upstream_id, seq = EXCLUDED.seq";
        private static final String KEPT_RECEIPT = "SELECT state, error_code, done_at FROM upstream_receipt"
                + " WHERE upstream = ? AND upstream_id = ?";
        private static final String KEPT_RECEIPT_DELETE =
                "DELETE FROM upstream_receipt WHERE upstream = ? AND upstream_id = ?";
        private static final String LINKED_MESSAGE = "SELECT message_id FROM upstream_link"
                + " WHERE upstream = ? AND upstream_id = ? ORDER BY seq DESC LIMIT 1";

        /** Forwarded outcomes of the current attempt batch that changed their message (writer only). */
        private final List<WriteOp<?>> forwarded = new ArrayList<>();

        void runBatch(Kind kind, List<WriteOp<?>> ops) throws SQLException {
            switch (kind) {
                case INSERT -> insertBatch(ops);
                case ATTEMPT -> attemptBatch(ops);
                case RECEIPT -> receiptBatch(ops);
                default -> throw new IllegalArgumentException("not batchable: " + kind);
            }
        }

        void clearBatches() throws SQLException {
            forwarded.clear();
            for (String sql : List.of(PostgresRows.INSERT, ATTEMPT_UPDATE, RECEIPT_UPDATE, HISTORY_INSERT,
                    LINK_INSERT)) {
                PreparedStatement ps = cache.get(sql);
                if (ps != null) {
                    ps.clearBatch();
                }
            }
        }

        private void insertBatch(List<WriteOp<?>> ops) throws SQLException {
            PreparedStatement ps = ps(PostgresRows.INSERT);
            for (WriteOp<?> op : ops) {
                for (StoredMessage m : op.rows) {
                    PostgresRows.bind(ps, m, op.leaseUntil, node);
                    ps.addBatch();
                }
            }
            executeAndClear(ps);
            PreparedStatement history = ps(HISTORY_INSERT);
            boolean any = false;
            for (WriteOp<?> op : ops) {
                any |= HistoryRows.addSenderRules(history, op.rows);
            }
            if (any) {
                executeAndClear(history);
            }
        }

        /** Delivery outcomes: SqliteMessageStore's attemptBatch, statement for statement. */
        private void attemptBatch(List<WriteOp<?>> ops) throws SQLException {
            PreparedStatement up = ps(ATTEMPT_UPDATE);
            for (WriteOp<?> op : ops) {
                Attempt a = op.attempt;
                long at = a.at().toEpochMilli();
                MessageState state = a.state();
                int increment = 1;
                Integer lastError;
                Long next = null;
                Long finalTime = at;
                int receiptCode = 2; // failure: wanted for registered_delivery 1 and 2
                if (a instanceof Attempt.FailedTemporary t) {
                    lastError = t.errorCode();
                    next = t.retryAt().toEpochMilli();
                    finalTime = null;
                } else if (a instanceof Attempt.Deferred d) {
                    increment = 0;
                    lastError = null;
                    next = d.retryAt().toEpochMilli();
                    finalTime = null;
                } else if (a instanceof Attempt.Forwarded f) {
                    lastError = null;
                    if (f.awaitReceipt()) {
                        next = f.awaitUntil().toEpochMilli();
                        finalTime = null;
                    }
                } else if (a instanceof Attempt.Delivered) {
                    lastError = 0;
                    receiptCode = 3;
                } else if (a instanceof Attempt.FailedPermanent p) {
                    lastError = p.errorCode();
                } else if (a instanceof Attempt.Reported r) {
                    increment = 0;
                    lastError = r.state() == MessageState.DELIVERED ? 0 : r.errorCode();
                    receiptCode = r.state() == MessageState.DELIVERED ? 3 : 2;
                } else {
                    increment = 0;
                    lastError = null;
                }
                boolean receiptFlag = finalTime != null;
                up.setInt(1, state.value());
                up.setInt(2, increment);
                PostgresRows.setNullableInt(up, 3, lastError);
                PostgresRows.setNullableLong(up, 4, next);
                PostgresRows.setNullableLong(up, 5, finalTime);
                up.setBoolean(6, receiptFlag);
                up.setInt(7, receiptCode);
                up.setBoolean(8, receiptFlag);
                up.setInt(9, receiptCode);
                up.setLong(10, at);
                up.setBoolean(11, receiptFlag);
                up.setInt(12, receiptCode);
                PostgresRows.setNullableInstant(up, 13, op.receiptLeaseUntil);
                up.setBoolean(14, receiptFlag);
                up.setInt(15, receiptCode);
                up.setString(16, op.receiptLeaseUntil == null ? null : node);
                up.setString(17, op.id);
                up.addBatch();
            }
            int[] changed = executeAndClear(up);
            PreparedStatement history = ps(HISTORY_INSERT);
            boolean any = false;
            for (int i = 0; i < ops.size(); i++) {
                WriteOp<?> op = ops.get(i);
                if (!settle(op, changed[i])) {
                    continue;
                }
                Attempt a = op.attempt;
                if (changed[i] > 0 && a.state() == MessageState.DELIVERED) {
                    continue; // the row's DELIVERED state and final_time are this history entry
                }
                HistoryEntry.Event event;
                int error = 0;
                String detail = null;
                if (a instanceof Attempt.Delivered) {
                    event = HistoryEntry.Event.DELIVERED;
                } else if (a instanceof Attempt.FailedTemporary t) {
                    event = HistoryEntry.Event.FAILED_TEMPORARY;
                    error = t.errorCode();
                } else if (a instanceof Attempt.Deferred d) {
                    event = HistoryEntry.Event.THROTTLED;
                    error = d.errorCode();
                } else if (a instanceof Attempt.Forwarded f) {
                    event = HistoryEntry.Event.FORWARDED;
                    if (changed[i] > 0) {
                        link(f, op.id);
                        forwarded.add(op);
                    }
                } else if (a instanceof Attempt.FailedPermanent p) {
                    event = HistoryEntry.Event.FAILED_PERMANENT;
                    error = p.errorCode();
                    detail = p.reason();
                } else if (a instanceof Attempt.Reported r) {
                    event = HistoryEntry.Event.UPSTREAM_RECEIPT;
                    error = r.errorCode();
                } else {
                    event = HistoryEntry.Event.EXPIRED;
                }
                HistoryRows.add(history, op.id, a.at(), event, error, detail);
                any = true;
            }
            if (any) {
                executeAndClear(history);
            }
            if (!forwarded.isEmpty()) {
                executeAndClear(ps(LINK_INSERT));
                List<WriteOp<?>> linked = List.copyOf(forwarded);
                forwarded.clear(); // matching runs attempt batches of its own
                matchKeptReceipts(linked);
            }
        }

        private void link(Attempt.Forwarded f, String id) throws SQLException {
            PreparedStatement ps = ps(LINK_INSERT);
            ps.setString(1, id);
            ps.setString(2, f.upstream());
            ps.setString(3, f.upstreamId());
            ps.addBatch();
        }

        /** Receipts that came before their message's submit_sm_resp was recorded: applied now. */
        private void matchKeptReceipts(List<WriteOp<?>> ops) throws SQLException {
            // Unlike SQLite's, no "nothing is kept" hint: another node may keep a receipt at any time.
            for (WriteOp<?> op : ops) {
                Attempt.Forwarded f = (Attempt.Forwarded) op.attempt;
                PreparedStatement find = ps(KEPT_RECEIPT);
                find.setString(1, f.upstream());
                find.setString(2, f.upstreamId());
                Attempt.Reported report = null;
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        report = new Attempt.Reported(Instant.ofEpochMilli(rs.getLong(3)),
                                StoredMessage.stateOf(rs.getInt(1)), rs.getInt(2));
                    }
                }
                if (report != null) {
                    if (applyReport(op.id, report)) {
                        op.setResult(UpdateResult.OK_AND_REPORTED);
                    }
                    PreparedStatement delete = ps(KEPT_RECEIPT_DELETE);
                    delete.setString(1, f.upstream());
                    delete.setString(2, f.upstreamId());
                    delete.executeUpdate();
                }
            }
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

        private boolean applyReport(String id, Attempt.Reported report) throws SQLException {
            WriteOp<UpdateResult> op = WriteOp.attempt(id, report, null);
            attemptBatch(List.of(op));
            return op.result == UpdateResult.OK;
        }

        /** OK when the UPDATE changed the row; else ALREADY_FINAL if it exists, or NOT_FOUND. True: history. */
        private boolean settle(WriteOp<?> op, int changed) throws SQLException {
            if (changed > 0) {
                op.setResult(UpdateResult.OK);
            } else if (exists(op.id)) {
                op.setResult(UpdateResult.ALREADY_FINAL);
            } else {
                op.setResult(UpdateResult.NOT_FOUND);
                return false;
            }
            return true;
        }

        private static int[] executeAndClear(PreparedStatement ps) throws SQLException {
            try {
                return ps.executeBatch();
            } finally {
                ps.clearBatch();
            }
        }

        private void receiptBatch(List<WriteOp<?>> ops) throws SQLException {
            PreparedStatement up = ps(RECEIPT_UPDATE);
            for (WriteOp<?> op : ops) {
                ReceiptAttempt r = op.receipt;
                if (r instanceof ReceiptAttempt.Retry retry) {
                    up.setBoolean(1, false);
                    up.setLong(2, retry.retryAt().toEpochMilli());
                } else {
                    up.setBoolean(1, true);
                    up.setLong(2, r.at().toEpochMilli()); // a SENT receipt's receipt_next is when it went
                }
                up.setString(3, op.id);
                up.addBatch();
            }
            int[] changed = executeAndClear(up);
            PreparedStatement history = ps(HISTORY_INSERT);
            boolean any = false;
            for (int i = 0; i < ops.size(); i++) {
                WriteOp<?> op = ops.get(i);
                if (!settle(op, changed[i])) {
                    continue;
                }
                if (changed[i] > 0 && op.receipt instanceof ReceiptAttempt.Sent) {
                    continue; // the row's receipt_state SENT and receipt_next are this history entry
                }
                if (op.receipt instanceof ReceiptAttempt.Retry retry) {
                    addHistory(history, op.id, retry.at(), HistoryEntry.Event.RECEIPT_RETRY, retry.errorCode());
                } else {
                    addHistory(history, op.id, op.receipt.at(), HistoryEntry.Event.RECEIPT_SENT, 0);
                }
                any = true;
            }
            if (any) {
                executeAndClear(history);
            }
        }

        private boolean exists(String id) throws SQLException {
            PreparedStatement ps = ps(EXISTS);
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }

        private static void addHistory(PreparedStatement ps, String id, Instant at, HistoryEntry.Event event,
                int errorCode) throws SQLException {
            HistoryRows.add(ps, id, at, event, errorCode, null);
        }

        /** Maps the rows an {@code UPDATE ... RETURNING <columns>, seq} leased, in {@code order}. */
        List<StoredMessage> readClaimed(PreparedStatement ps, Instant now, Comparator<Claimed> order)
                throws SQLException {
            List<Claimed> good = new ArrayList<>();
            Map<String, String> damaged = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        good.add(new Claimed(PostgresRows.map(rs), rs.getLong(PostgresRows.COLUMN_COUNT + 1)));
                    } catch (RuntimeException e) {
                        damaged.put(rs.getString(1), e.toString());
                    }
                }
            }
            for (Map.Entry<String, String> d : damaged.entrySet()) {
                quarantine(d.getKey(), d.getValue(), now);
            }
            good.sort(order);
            List<StoredMessage> claimed = new ArrayList<>(good.size());
            for (Claimed c : good) {
                claimed.add(c.message());
            }
            return claimed;
        }

        List<StoredMessage> readAll(PreparedStatement ps, Instant now) throws SQLException {
            List<StoredMessage> good = new ArrayList<>();
            Map<String, String> damaged = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        good.add(PostgresRows.map(rs));
                    } catch (RuntimeException e) {
                        damaged.put(rs.getString(1), e.toString());
                    }
                }
            }
            for (Map.Entry<String, String> d : damaged.entrySet()) {
                quarantine(d.getKey(), d.getValue(), now);
            }
            return good;
        }

        void quarantine(String id, String error, Instant now) throws SQLException {
            log.error("message {} cannot be read and is quarantined: {}", id, error);
            String columns = PostgresRows.COLUMNS + ", lease_until, receipt_lease_until, lease_node, receipt_lease_node";
            PreparedStatement copy = ps("INSERT INTO quarantine (" + columns + ", quarantined_at, error) SELECT "
                    + columns + ", ?, ? FROM message WHERE id = ?");
            copy.setLong(1, now.toEpochMilli());
            copy.setString(2, error);
            copy.setString(3, id);
            copy.executeUpdate();
            PreparedStatement delete = ps("DELETE FROM message WHERE id = ?");
            delete.setString(1, id);
            delete.executeUpdate();
        }

        void quarantineUnknownStates(Instant now, int limit) throws SQLException {
            PreparedStatement ps = ps(UNKNOWN_STATE_SWEEP);
            ps.setInt(1, limit);
            Map<String, String> damaged = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    damaged.put(rs.getString(1), "state is not a message_state: " + rs.getString(2));
                }
            }
            for (Map.Entry<String, String> d : damaged.entrySet()) {
                quarantine(d.getKey(), d.getValue(), now);
            }
        }

        /** NOT_FOUND also for another owner's message, which must not learn that it exists. Locks the row. */
        UpdateResult checkPending(String id, String owner) throws SQLException {
            PreparedStatement ps = ps("SELECT state, owner FROM message WHERE id = ? FOR UPDATE");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !owner.equals(rs.getString(2))) {
                    return UpdateResult.NOT_FOUND;
                }
                return StoredMessage.stateOf(rs.getInt(1)).isFinal() ? UpdateResult.ALREADY_FINAL : UpdateResult.OK;
            }
        }

        void delete(String id, Instant now, HistoryEntry.Event why) throws SQLException {
            PreparedStatement up = ps("UPDATE message SET state = 4, final_time = ?, lease_until = NULL WHERE id = ?");
            up.setLong(1, now.toEpochMilli());
            up.setString(2, id);
            up.executeUpdate();
            history(id, now, why, 0);
        }

        /** Moves a pending message to a final state without counting an attempt (the expiry sweep). */
        void finish(String id, MessageState state, Instant at, boolean receiptWanted) throws SQLException {
            PreparedStatement up = ps("UPDATE message SET state = ?, final_time = ?, lease_until = NULL,"
                    + " receipt_state = CASE WHEN ? THEN 1 ELSE receipt_state END,"
                    + " receipt_next = CASE WHEN ? THEN ? ELSE receipt_next END WHERE id = ?");
            up.setInt(1, state.value());
            up.setLong(2, at.toEpochMilli());
            up.setBoolean(3, receiptWanted);
            up.setBoolean(4, receiptWanted);
            up.setLong(5, at.toEpochMilli());
            up.setString(6, id);
            up.executeUpdate();
        }

        void history(String id, Instant at, HistoryEntry.Event event, int errorCode) throws SQLException {
            PreparedStatement ps = ps(HISTORY_INSERT);
            HistoryRows.add(ps, id, at, event, errorCode, null);
            ps.executeBatch();
        }

        void closeQuietly() {
            try {
                for (PreparedStatement ps : cache.values()) {
                    ps.close();
                }
                connection.close();
            } catch (SQLException e) {
                log.warn("closing a store connection failed", e);
            }
        }
    }
}
