package io.tern.smsc.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded message store: SQLite in WAL mode with {@code synchronous=FULL}, written by one
 * thread that commits whatever has queued up in one transaction (group commit), so that one fsync
 * acknowledges hundreds of messages; reads run concurrently on a small pool of reader connections.
 *
 * <p>Write futures complete on the writer thread right after the commit: callers must hop to their
 * own executor before doing real work in a callback, or they slow down every other writer.
 */
public final class SqliteMessageStore implements MessageStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteMessageStore.class);

    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final long IDLE_POLL_MILLIS = 100;
    /** Negative: KiB rather than pages, as SQLite's cache_size pragma takes it. */
    private static final int WRITER_CACHE_KIB = -64 * 1024;
    private static final String PENDING = "state IN (0, 1)";
    private static final String FINAL = "state >= 2";

    private final SqliteStoreConfig config;
    private final Clock clock;
    private final BlockingQueue<WriteOp<?>> writeQueue;
    private final Statements writer;
    private final Thread writerThread;
    private final ThreadPoolExecutor readerPool;
    private final BlockingQueue<Statements> readers;
    /** Held by the writer around each batch; package-private so tests can stall the writer deterministically. */
    private final ReentrantLock writerGate = new ReentrantLock();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedOperations = new AtomicLong();
    private volatile boolean closing;

    /**
     * Opens (creating or migrating) the database in {@code config.file()} and starts the writer and
     * the readers.
     *
     * @throws StoreException if the database cannot be opened with the durability settings required
     */
    public SqliteMessageStore(SqliteStoreConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        String url = "jdbc:sqlite:" + config.file().toAbsolutePath();
        migrate(url);
        List<Statements> opened = new ArrayList<>();
        try {
            writer = new Statements(open(url, true));
            opened.add(writer);
            readers = new ArrayBlockingQueue<>(config.readerThreads());
            for (int i = 0; i < config.readerThreads(); i++) {
                Statements reader = new Statements(open(url, false));
                opened.add(reader);
                readers.add(reader);
            }
        } catch (SQLException | RuntimeException e) {
            opened.forEach(Statements::closeQuietly);
            throw new StoreException("cannot open " + config.file(), e);
        }
        writeQueue = new ArrayBlockingQueue<>(config.writeQueueCapacity());
        AtomicInteger readerNumber = new AtomicInteger();
        readerPool = new ThreadPoolExecutor(config.readerThreads(), config.readerThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.writeQueueCapacity()), r -> {
                    Thread t = new Thread(r, "tern-store-reader-" + readerNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        writerThread = new Thread(this::writerLoop, "tern-store-writer");
        writerThread.start();
    }

    /** Transactions committed so far (each one fsync); for metrics and the benchmark. */
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

    // ---------------------------------------------------------------------------------------------
    // writes

    @Override
    public CompletableFuture<Void> insert(StoredMessage message) {
        return write(new WriteOp<>(List.of(message), w -> {
            w.insertRows(List.of(message));
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> insertAll(List<StoredMessage> messages) {
        List<StoredMessage> rows = List.copyOf(messages);
        return write(new WriteOp<>(rows, w -> {
            w.insertRows(rows);
            return null;
        }));
    }

    @Override
    public CompletableFuture<List<String>> insertReplacingIfPresent(StoredMessage message) {
        return write(new WriteOp<>(null, w -> {
            List<String> superseded = new ArrayList<>();
            PreparedStatement ps = w.ps("SELECT id FROM message WHERE owner = ? AND service_type = ?"
                    + " AND source_ton = ? AND source_npi = ? AND source_addr = ?"
                    + " AND dest_ton = ? AND dest_npi = ? AND dest_addr = ? AND " + PENDING);
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
        return write(new WriteOp<>(null, w -> {
            PreparedStatement ps = w.ps(SqliteRows.SELECT + " WHERE target = ? AND " + PENDING
                    + " AND next_attempt <= ? AND expiry_time > ? AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY priority_flag DESC, next_attempt LIMIT ?");
            ps.setString(1, target);
            ps.setLong(2, now.toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, now.toEpochMilli());
            ps.setInt(5, limit);
            List<StoredMessage> claimed = w.readAll(ps, now);
            w.lease("UPDATE message SET lease_until = ? WHERE id = ?", claimed, leaseUntil);
            return claimed;
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDueReceipts(String owner, Instant now, int limit,
            Instant leaseUntil) {
        requireLimit(limit);
        return write(new WriteOp<>(null, w -> {
            PreparedStatement ps = w.ps(SqliteRows.SELECT + " WHERE owner = ? AND receipt_state = 1"
                    + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?)"
                    + " ORDER BY receipt_next LIMIT ?");
            ps.setString(1, owner);
            ps.setLong(2, now.toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            ps.setInt(4, limit);
            List<StoredMessage> claimed = w.readAll(ps, now);
            w.lease("UPDATE message SET receipt_lease_until = ? WHERE id = ?", claimed, leaseUntil);
            return claimed;
        }));
    }

    @Override
    public CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt) {
        return write(new WriteOp<>(null, w -> {
            PreparedStatement ps = w.ps("SELECT state, registered_delivery FROM message WHERE id = ?");
            ps.setString(1, id);
            MessageState state;
            int registeredDelivery;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return UpdateResult.NOT_FOUND;
                }
                state = MessageState.fromCode(rs.getInt(1));
                registeredDelivery = rs.getInt(2);
            }
            Instant at = attempt.at();
            if (attempt instanceof Attempt.Delivered) {
                w.history(id, at, HistoryEntry.Event.DELIVERED, 0);
            } else if (attempt instanceof Attempt.FailedTemporary t) {
                w.history(id, at, HistoryEntry.Event.FAILED_TEMPORARY, t.errorCode());
            } else if (attempt instanceof Attempt.FailedPermanent p) {
                w.history(id, at, HistoryEntry.Event.FAILED_PERMANENT, p.errorCode());
            } else {
                w.history(id, at, HistoryEntry.Event.EXPIRED, 0);
            }
            if (state.isFinal()) {
                // Cancelled or expired while the attempt was in flight: the attempt is history, the state stays.
                return UpdateResult.ALREADY_FINAL;
            }
            if (attempt instanceof Attempt.FailedTemporary t) {
                PreparedStatement up = w.ps("UPDATE message SET state = 1, attempts = attempts + 1, last_error = ?,"
                        + " next_attempt = ?, lease_until = NULL WHERE id = ?");
                up.setInt(1, t.errorCode());
                up.setLong(2, t.retryAt().toEpochMilli());
                up.setString(3, id);
                up.executeUpdate();
            } else if (attempt instanceof Attempt.Delivered) {
                w.finish(id, MessageState.DELIVERED, 1, 0, at,
                        StoredMessage.receiptWanted(registeredDelivery, true));
            } else if (attempt instanceof Attempt.FailedPermanent p) {
                w.finish(id, MessageState.UNDELIVERABLE, 1, p.errorCode(), at,
                        StoredMessage.receiptWanted(registeredDelivery, false));
            } else {
                w.finish(id, MessageState.EXPIRED, 0, null, at,
                        StoredMessage.receiptWanted(registeredDelivery, false));
            }
            return UpdateResult.OK;
        }));
    }

    @Override
    public CompletableFuture<UpdateResult> recordReceiptAttempt(String id, ReceiptAttempt attempt) {
        return write(new WriteOp<>(null, w -> {
            PreparedStatement ps = w.ps("SELECT receipt_state FROM message WHERE id = ?");
            ps.setString(1, id);
            ReceiptState receipt;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return UpdateResult.NOT_FOUND;
                }
                receipt = ReceiptState.fromCode(rs.getInt(1));
            }
            if (attempt instanceof ReceiptAttempt.Retry r) {
                w.history(id, r.at(), HistoryEntry.Event.RECEIPT_RETRY, r.errorCode());
            } else {
                w.history(id, attempt.at(), HistoryEntry.Event.RECEIPT_SENT, 0);
            }
            if (receipt != ReceiptState.PENDING) {
                return UpdateResult.ALREADY_FINAL;
            }
            PreparedStatement up;
            if (attempt instanceof ReceiptAttempt.Retry r) {
                up = w.ps("UPDATE message SET receipt_attempts = receipt_attempts + 1, receipt_next = ?,"
                        + " receipt_lease_until = NULL WHERE id = ?");
                up.setLong(1, r.retryAt().toEpochMilli());
                up.setString(2, id);
            } else {
                up = w.ps("UPDATE message SET receipt_state = 2, receipt_attempts = receipt_attempts + 1,"
                        + " receipt_lease_until = NULL WHERE id = ?");
                up.setString(1, id);
            }
            up.executeUpdate();
            return UpdateResult.OK;
        }));
    }

    @Override
    public CompletableFuture<UpdateResult> cancel(String id, String owner) {
        return write(new WriteOp<>(null, w -> {
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
        return write(new WriteOp<>(null, w -> {
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

    @Override
    public CompletableFuture<Integer> releaseAllLeases() {
        return write(new WriteOp<>(null, w -> {
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = NULL, receipt_lease_until = NULL"
                    + " WHERE lease_until IS NOT NULL OR receipt_lease_until IS NOT NULL");
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<Integer> cancelMatching(String owner, String serviceType, Address source,
            Address destination) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(source, "source");
        boolean anyService = serviceType == null || serviceType.isEmpty();
        String sql = "SELECT id FROM message WHERE owner = ? AND source_ton = ? AND source_npi = ? AND source_addr = ?"
                + (destination == null ? "" : " AND dest_ton = ? AND dest_npi = ? AND dest_addr = ?")
                + (anyService ? "" : " AND service_type = ?") + " AND " + PENDING;
        return write(new WriteOp<>(null, w -> {
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
        StoredMessage.requireOctet("registeredDelivery", newRegisteredDelivery);
        return write(new WriteOp<>(null, w -> {
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
            SqliteRows.setNullableInstant(up, 3, newSchedule);
            SqliteRows.setNullableInstant(up, 4, newSchedule);
            up.setInt(5, newSchedule == null ? 0 : 1);
            SqliteRows.setNullableInstant(up, 6, newExpiry);
            up.setString(7, id);
            up.executeUpdate();
            w.history(id, clock.instant(), HistoryEntry.Event.REPLACED, 0);
            return UpdateResult.OK;
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> expireDue(Instant now, int limit) {
        requireLimit(limit);
        return write(new WriteOp<>(null, w -> {
            w.quarantineUnknownStates(now, limit);
            PreparedStatement ps = w.ps(SqliteRows.SELECT + " WHERE " + PENDING
                    + " AND expiry_time <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT ?");
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
            List<StoredMessage> due = w.readAll(ps, now);
            List<StoredMessage> expired = new ArrayList<>(due.size());
            for (StoredMessage m : due) {
                boolean receipt = m.receiptWanted(false);
                w.finish(m.id(), MessageState.EXPIRED, 0, null, now, receipt);
                w.history(m.id(), now, HistoryEntry.Event.EXPIRED, 0);
                expired.add(new StoredMessage(m.id(), m.owner(), m.source(), m.destination(), m.serviceType(),
                        m.esmClass(), m.protocolId(), m.priorityFlag(), m.dataCoding(), m.registeredDelivery(),
                        m.shortMessage(), m.tlvs(), m.userMessageReference(), m.target(), m.submitTime(),
                        m.scheduleTime(), m.expiryTime(), MessageState.EXPIRED, m.attempts(), m.nextAttemptTime(),
                        m.lastError(), now, receipt ? ReceiptState.PENDING : m.receiptState(), m.receiptAttempts(),
                        receipt ? now : m.receiptNextAttemptTime(), m.dedupeKey()));
            }
            return expired;
        }));
    }

    @Override
    public CompletableFuture<Integer> purgeFinalBefore(Instant cutoff) {
        // XXX: one transaction for the whole purge stalls every writer behind it when years of traffic
        // expire at once; deleting in chunks of a few thousand per operation would keep commits short.
        String doomed = FINAL + " AND final_time < ? AND receipt_state <> 1";
        return write(new WriteOp<>(null, w -> {
            PreparedStatement history = w.ps(
                    "DELETE FROM attempt WHERE message_id IN (SELECT id FROM message WHERE " + doomed + ")");
            history.setLong(1, cutoff.toEpochMilli());
            history.executeUpdate();
            PreparedStatement messages = w.ps("DELETE FROM message WHERE " + doomed);
            messages.setLong(1, cutoff.toEpochMilli());
            return messages.executeUpdate();
        }));
    }

    // ---------------------------------------------------------------------------------------------
    // reads

    @Override
    public CompletableFuture<Optional<StoredMessage>> find(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps(SqliteRows.SELECT + " WHERE id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(SqliteRows.map(rs));
                } catch (RuntimeException e) {
                    // Readers may not write: the writer moves the row aside, this caller learns why.
                    String error = e.toString();
                    write(new WriteOp<>(null, w -> {
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
        // XXX: look-up then insert is not atomic, so two concurrent resubmissions can both pass; an
        // insert that checks the key in the same transaction (insertUnlessDuplicate) would close that.
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
        // XXX: DISTINCT over all pending messages is a scan of the pending part of the table; fine as a
        // periodic fallback at SQLite scale, a per-target "next due" summary table would make it O(targets).
        return read(r -> {
            long t = now.toEpochMilli();
            PreparedStatement ps = r.ps("SELECT DISTINCT target FROM message WHERE " + PENDING
                    + " AND next_attempt <= ? AND expiry_time > ? AND (lease_until IS NULL OR lease_until <= ?)");
            ps.setLong(1, t);
            ps.setLong(2, t);
            ps.setLong(3, t);
            Set<String> targets = strings(ps);
            PreparedStatement receipts = r.ps("SELECT DISTINCT owner FROM message WHERE receipt_state = 1"
                    + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?)");
            receipts.setLong(1, t);
            receipts.setLong(2, t);
            return new DueWork(targets, strings(receipts));
        });
    }

    @Override
    public CompletableFuture<List<HistoryEntry>> history(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps(
                    "SELECT at, event, error_code FROM attempt WHERE message_id = ? ORDER BY rowid");
            ps.setString(1, id);
            List<HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new HistoryEntry(id, Instant.ofEpochMilli(rs.getLong(1)),
                            HistoryEntry.Event.valueOf(rs.getString(2)), rs.getInt(3)));
                }
            }
            return entries;
        });
    }

    @Override
    public CompletableFuture<List<QuarantinedRecord>> quarantined() {
        return read(r -> {
            PreparedStatement ps = r.ps("SELECT id, quarantined_at, error FROM quarantine ORDER BY rowid");
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
            for (MessageState s : MessageState.values()) {
                counts.put(s, 0L);
            }
            PreparedStatement ps = r.ps("SELECT state, COUNT(*) FROM message GROUP BY state");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt(1);
                    if (code >= 0 && code <= MessageState.REJECTED.code()) {
                        counts.merge(MessageState.fromCode(code), rs.getLong(2), Long::sum);
                    } else {
                        // Damaged rows are counted nowhere until a claim or find quarantines them.
                        log.warn("{} messages have the unknown state {}", rs.getLong(2), code);
                    }
                }
            }
            return counts;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle

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
     * Runs {@code batch} in one transaction and commits it. Each operation runs under its own
     * savepoint so that one failing operation (a duplicate id) fails alone; only a failed commit
     * fails them all, and then none of them is reported as done.
     */
    private void commitBatch(List<WriteOp<?>> batch) {
        try {
            int i = 0;
            while (i < batch.size()) {
                if (batch.get(i).rows != null) {
                    int j = i + 1;
                    while (j < batch.size() && batch.get(j).rows != null) {
                        j++;
                    }
                    insertRun(batch.subList(i, j));
                    i = j;
                } else {
                    runIsolated(batch.get(i));
                    i++;
                }
            }
            writer.connection.commit();
        } catch (Throwable t) {
            try {
                writer.connection.rollback();
            } catch (SQLException e) {
                t.addSuppressed(e);
            }
            log.error("store commit of {} operations failed", batch.size(), t);
            StoreException failure = new StoreException("transaction not committed", t);
            batch.forEach(op -> op.future.completeExceptionally(failure));
            return;
        }
        commits.incrementAndGet();
        committedOperations.addAndGet(batch.size());
        batch.forEach(WriteOp::complete);
    }

    /** Inserts consecutive insert operations as one JDBC batch; if that fails, finds the culprit one by one. */
    private void insertRun(List<WriteOp<?>> ops) throws SQLException {
        if (ops.size() == 1) {
            runIsolated(ops.get(0));
            return;
        }
        writer.exec("SAVEPOINT run");
        try {
            PreparedStatement ps = writer.ps(SqliteRows.INSERT);
            for (WriteOp<?> op : ops) {
                for (StoredMessage m : op.rows) {
                    SqliteRows.bind(ps, m);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
            writer.exec("RELEASE run");
        } catch (SQLException | RuntimeException e) {
            writer.ps(SqliteRows.INSERT).clearBatch();
            writer.exec("ROLLBACK TO run");
            writer.exec("RELEASE run");
            for (WriteOp<?> op : ops) {
                runIsolated(op);
            }
        }
    }

    private void runIsolated(WriteOp<?> op) throws SQLException {
        writer.exec("SAVEPOINT op");
        try {
            op.run(writer);
            writer.exec("RELEASE op");
        } catch (SQLException | RuntimeException e) {
            // If this throws, the transaction itself is gone and the whole batch fails.
            writer.exec("ROLLBACK TO op");
            writer.exec("RELEASE op");
            op.failure = e instanceof StoreException se ? se : new StoreException("store operation failed", e);
        }
    }

    private void shutDown() {
        readerPool.shutdown();
        try {
            if (!readerPool.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("store readers did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.closeQuietly();
        readers.forEach(Statements::closeQuietly);
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
            // The writer may already have drained its last batch; take the operation back.
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
                Statements reader = readers.poll();
                if (reader == null) {
                    future.completeExceptionally(new StoreException("no reader connection available"));
                    return;
                }
                try {
                    future.complete(work.apply(reader));
                } catch (StoreException e) {
                    future.completeExceptionally(e);
                } catch (Throwable t) {
                    future.completeExceptionally(new StoreException("store read failed", t));
                } finally {
                    readers.offer(reader);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(readerPool.isShutdown()
                    ? new StoreException("store is closed")
                    : new StoreOverloadedException("store read queue full"));
        }
        return future;
    }

    // ---------------------------------------------------------------------------------------------
    // plumbing

    private static void migrate(String url) {
        try {
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/migration/sqlite")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the store schema at " + url, e);
        }
    }

    private static Connection open(String url, boolean writer) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit reported done survives power loss; NORMAL may lose the last ones (DESIGN.md).
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // No generated keys: the driver would otherwise run a regex over every statement and an
        // extra last_insert_rowid() query after it; the store never reads them (ids are ours).
        sqlite.setGetGeneratedKeys(false);
        if (writer) {
            // The default 2 MiB cache makes every batch re-read the index pages it touches.
            sqlite.setCacheSize(WRITER_CACHE_KIB);
        }
        // Deferred transactions (the default): the driver begins the next transaction right after each
        // commit, and an IMMEDIATE one would hold the write lock while the writer is idle, locking out
        // operators' tools. With a single writer a deferred transaction never has to wait for the lock.
        Connection c = DriverManager.getConnection(url, sqlite.toProperties());
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("journal_mode is not WAL");
                }
            }
            try (ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
                if (!rs.next() || rs.getInt(1) != 2) {
                    throw new SQLException("synchronous is not FULL");
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(!writer);
        return c;
    }

    private static void bindAddress(PreparedStatement ps, int first, Address a) throws SQLException {
        ps.setInt(first, a.ton());
        ps.setInt(first + 1, a.npi());
        ps.setString(first + 2, a.addr());
    }

    private static Set<String> strings(PreparedStatement ps) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
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

    /** A queued write; {@code rows} is set for plain inserts, which the writer batches together. */
    private static final class WriteOp<T> {
        final List<StoredMessage> rows;
        final SqlFunction<Statements, T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        StoreException failure;

        WriteOp(List<StoredMessage> rows, SqlFunction<Statements, T> work) {
            this.rows = rows;
            this.work = work;
        }

        void run(Statements w) throws SQLException {
            result = work.apply(w);
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    /** One connection with its prepared statements, reused for the connection's life. */
    private static final class Statements {
        final Connection connection;
        private final Map<String, PreparedStatement> cache = new HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement ps(String sql) throws SQLException {
            PreparedStatement ps = cache.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                cache.put(sql, ps);
            }
            return ps;
        }

        /** Runs a statement without parameters (SAVEPOINT, RELEASE ...), prepared once and reused. */
        void exec(String sql) throws SQLException {
            ps(sql).execute();
        }

        void insertRows(List<StoredMessage> rows) throws SQLException {
            PreparedStatement ps = ps(SqliteRows.INSERT);
            for (StoredMessage m : rows) {
                SqliteRows.bind(ps, m);
                ps.addBatch();
            }
            try {
                ps.executeBatch();
            } finally {
                ps.clearBatch();
            }
        }

        /** Maps every selected row; a row that does not map is quarantined instead, in this transaction. */
        List<StoredMessage> readAll(PreparedStatement ps, Instant now) throws SQLException {
            List<StoredMessage> good = new ArrayList<>();
            Map<String, String> damaged = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        good.add(SqliteRows.map(rs));
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
            PreparedStatement copy = ps("INSERT INTO quarantine SELECT *, ?, ? FROM message WHERE id = ?");
            copy.setLong(1, now.toEpochMilli());
            copy.setString(2, error);
            copy.setString(3, id);
            copy.executeUpdate();
            PreparedStatement delete = ps("DELETE FROM message WHERE id = ?");
            delete.setString(1, id);
            delete.executeUpdate();
        }

        /**
         * A row whose state is no message_state is invisible to every claim and would never be
         * delivered nor reported; this periodic sweep (run with expiry) sets such rows aside. Text in
         * the integer column sorts above every number, so the range test catches it too.
         */
        void quarantineUnknownStates(Instant now, int limit) throws SQLException {
            // XXX: a damaged receipt_state is not swept (no index serves that scan); it is quarantined
            // only when a read maps the row. A full integrity pass at start-up would close that gap.
            PreparedStatement ps = ps("SELECT id, state FROM message WHERE state < 0 OR state > "
                    + MessageState.REJECTED.code() + " LIMIT ?");
            ps.setInt(1, limit);
            Map<String, String> damaged = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    damaged.put(rs.getString(1), "state is not a message_state: " + rs.getString(2));
                }
            }
            for (Map.Entry<String, String> d : damaged.entrySet()) {
                quarantine(d.getKey(), d.getValue(), now);
            }
        }

        void lease(String sql, List<StoredMessage> claimed, Instant leaseUntil) throws SQLException {
            if (claimed.isEmpty()) {
                return;
            }
            PreparedStatement up = ps(sql);
            for (StoredMessage m : claimed) {
                up.setLong(1, leaseUntil.toEpochMilli());
                up.setString(2, m.id());
                up.addBatch();
            }
            up.executeBatch();
        }

        /** NOT_FOUND also for another owner's message, which must not learn that it exists. */
        UpdateResult checkPending(String id, String owner) throws SQLException {
            PreparedStatement ps = ps("SELECT state, owner FROM message WHERE id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !owner.equals(rs.getString(2))) {
                    return UpdateResult.NOT_FOUND;
                }
                return MessageState.fromCode(rs.getInt(1)).isFinal() ? UpdateResult.ALREADY_FINAL : UpdateResult.OK;
            }
        }

        void delete(String id, Instant now, HistoryEntry.Event why) throws SQLException {
            PreparedStatement up = ps("UPDATE message SET state = 4, final_time = ?, lease_until = NULL WHERE id = ?");
            up.setLong(1, now.toEpochMilli());
            up.setString(2, id);
            up.executeUpdate();
            history(id, now, why, 0);
        }

        /** Moves a message to a final state; {@code lastError} null keeps the current one. */
        void finish(String id, MessageState state, int attemptIncrement, Integer lastError, Instant at,
                boolean receiptWanted) throws SQLException {
            PreparedStatement up = ps("UPDATE message SET state = ?, attempts = attempts + ?,"
                    + " last_error = COALESCE(?, last_error), final_time = ?, lease_until = NULL,"
                    + " receipt_state = CASE WHEN ? THEN 1 ELSE receipt_state END,"
                    + " receipt_next = CASE WHEN ? THEN ? ELSE receipt_next END WHERE id = ?");
            up.setInt(1, state.code());
            up.setInt(2, attemptIncrement);
            if (lastError == null) {
                up.setNull(3, java.sql.Types.INTEGER);
            } else {
                up.setInt(3, lastError);
            }
            up.setLong(4, at.toEpochMilli());
            up.setInt(5, receiptWanted ? 1 : 0);
            up.setInt(6, receiptWanted ? 1 : 0);
            up.setLong(7, at.toEpochMilli());
            up.setString(8, id);
            up.executeUpdate();
        }

        void history(String id, Instant at, HistoryEntry.Event event, int errorCode) throws SQLException {
            PreparedStatement ps = ps("INSERT INTO attempt (message_id, at, event, error_code) VALUES (?, ?, ?, ?)");
            ps.setString(1, id);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, event.name());
            ps.setInt(4, errorCode);
            ps.executeUpdate();
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
