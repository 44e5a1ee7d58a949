package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded message store: SQLite in WAL mode with {@code synchronous=FULL}, written by one
 * thread that commits whatever has queued up in one transaction ({@link GroupCommitWriter}), so that
 * one fsync acknowledges hundreds of messages; reads run concurrently on a small pool of reader
 * connections ({@link ReaderPool}). This class holds SQLite's SQL and what is SQLite's own: the
 * pragmas, the file's permissions, the failure codes, the probe, the forward link on the message row.
 *
 * <p>Write futures complete right after the commit, in commit order, on one store thread
 * ({@code tern-store-completer}), not the writer: callers must still hop to their own executor
 * before doing real work in a callback, or they delay every other write's completion.
 *
 * <p>A failed transaction costs the writer its connection: SQLite may have rolled the whole
 * transaction back by itself (it does on SQLITE_FULL), and the driver finalizes a statement whose
 * step failed, so neither the transaction state nor the cached statements can be trusted; the next
 * batch runs on a fresh connection. While commits fail the store reports itself not writable
 * ({@link #health()}), fails writes with {@link StoreUnavailableException} when the cause is the disk,
 * and probes once a second, so that it is writable again within a second of space coming back.
 */
public final class SqliteMessageStore extends JdbcMessageStore<SqliteMessageStore.Statements> {

    private static final Logger log = LoggerFactory.getLogger(SqliteMessageStore.class);

    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    /** Negative: KiB rather than pages, as SQLite's cache_size pragma takes it. */
    private static final int WRITER_CACHE_KIB = -64 * 1024;
    /**
     * The size the WAL file is cut back to when it starts over after a checkpoint. It grows past its
     * usual few MiB while a long read (an export, a count over a large store) keeps the checkpoint from
     * finishing, and SQLite keeps a file that size for good unless told this.
     */
    static final long WAL_SIZE_LIMIT = 16L * 1024 * 1024;
    private static final String PENDING = StoreStatements.PENDING;
    /** Pending messages past their validity; served by the partial index message_expiry (V2). */
    static final String EXPIRY_SWEEP = MessageRows.SELECT + " WHERE " + PENDING
            + " AND expiry_time <= ? AND (lease_until IS NULL OR lease_until <= ?) LIMIT ?";
    /** The forward link is on the message row since V13. */
    private static final Dialect DIALECT = new Dialect(EXPIRY_SWEEP, "rowid", "forwarded_at",
            RecordQueries.Link.ON_ROW);
    private static final String FINAL = "state >= 2";
    /** How often the writer reports failures counted by {@link #failures} when no new one comes. */
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** SQLite's largest max_page_count: no limit. */
    private static final long NO_PAGE_LIMIT = 4_294_967_294L;

    private final SqliteStoreConfig config;
    private final String url;
    private final BlockingQueue<Statements> readers;
    /** Whether final outcomes go to the outbox ({@link #keepFinalOutcomes}); writer thread only. */
    private boolean keepOutcomes;
    /** Test hook: SQLite's max_page_count for the writer, 0 for none (see {@link #limitPages}). */
    private volatile long pageLimit;

    /**
     * Opens (creating or migrating) the database in {@code config.file()} and starts the writer and
     * the readers.
     *
     * @throws StoreException if the database cannot be opened with the durability settings required
     */
    public SqliteMessageStore(SqliteStoreConfig config, Clock clock) {
        super(clock, log, DIALECT);
        this.config = config;
        this.url = "jdbc:sqlite:" + config.file().toAbsolutePath();
        // Created 0600 before SQLite opens it: SQLite gives -wal and -shm the database file's permissions.
        try {
            PrivateFiles.createFile(config.file());
            restrictSidecars();
        } catch (IOException e) {
            throw new StoreException("cannot create " + config.file(), e);
        }
        migrate(url);
        List<Statements> opened = new ArrayList<>();
        Statements first;
        try {
            first = new Statements(open(url, true));
            opened.add(first);
            readers = new ArrayBlockingQueue<>(config.readerThreads());
            for (int i = 0; i < config.readerThreads(); i++) {
                Statements reader = new Statements(open(url, false));
                opened.add(reader);
                readers.add(reader);
            }
            restrictSidecars();
        } catch (SQLException | IOException | RuntimeException e) {
            opened.forEach(Statements::closeQuietly);
            throw new StoreException("cannot open " + config.file(), e);
        }
        SqliteEngine engine = new SqliteEngine();
        GroupCommitWriter<Statements> writer = new GroupCommitWriter<>("tern-store", config.maxBatch(),
                config.writeQueueCapacity(), config.commitDelay(), FLUSH_INTERVAL, engine, first, clock, log, failures);
        ReaderPool<Statements> readerPool = new ReaderPool<>("tern-store", config.readerThreads(),
                config.writeQueueCapacity(),
                new ReaderPool.Connections<>() {
                    @Override
                    public Statements take() {
                        return readers.poll();
                    }

                    @Override
                    public void give(Statements reader, Throwable failure) {
                        if (failure != null && engine.mayHaveFinalized(failure)) {
                            reader.resetStatements();
                        }
                        readers.offer(reader);
                    }
                }, writer, log);
        start(writer, readerPool);
    }

    /** SQLite's -wal and -shm beside the database, 0600 even if an older Tern left them readable. */
    private void restrictSidecars() throws IOException {
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            PrivateFiles.restrict(config.file().resolveSibling(config.file().getFileName() + suffix));
        }
    }

    /** Tells {@code observer} about every transaction committed from now on (metrics). */
    public void observeCommits(CommitObserver observer) {
        writer().observeCommits(observer);
    }

    /**
     * Test hook: sets SQLite's max_page_count on the writer's connection (kept when it is reopened),
     * so that a write needing more pages fails with SQLITE_FULL exactly as on a full disk; SQLite
     * raises a limit below the current size to that size. 0 lifts the limit. Completes with the
     * limit in force.
     */
    CompletableFuture<Long> limitPages(long pages) {
        pageLimit = pages;
        return write(WriteOp.other(this::applyPageLimit));
    }

    private long applyPageLimit(Statements w) throws SQLException {
        long pages = pageLimit;
        try (Statement st = w.connection().createStatement();
                ResultSet rs = st.executeQuery("PRAGMA max_page_count = " + (pages > 0 ? pages : NO_PAGE_LIMIT))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Work on this store's database by a module that keeps tables of its own in it (campaigns, V5). */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the writer in its next transaction (group commit), under a savepoint of its
     * own: the future completes after the COMMIT, or fails and nothing of {@code work} took effect.
     * The work must not commit, roll back or keep the connection.
     */
    public <T> CompletableFuture<T> writeWith(SqlWork<T> work) {
        return write(WriteOp.other(w -> work.apply(w.connection())));
    }

    /** Runs {@code work} on a reader connection (auto-commit: each statement sees the latest commit). */
    public <T> CompletableFuture<T> readWith(SqlWork<T> work) {
        return read(r -> work.apply(r.connection()));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDue(String target, Instant now, int limit, Instant leaseUntil) {
        StoreStatements.requireLimit(limit);
        return write(WriteOp.other(w -> {
            // One statement leases and returns the rows (no SELECT then UPDATE per row). RETURNING
            // comes back in no particular order, so the claim order is restored from the sort keys.
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = ? WHERE rowid IN (SELECT rowid FROM message"
                    + " WHERE target = ? AND " + PENDING
                    + " AND next_attempt <= ? AND expiry_time > ? AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY priority_flag DESC, next_attempt LIMIT ?) RETURNING " + MessageRows.COLUMNS
                    + ", rowid, " + SqliteRows.CHECK);
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, target);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setInt(6, limit);
            return w.readClaimed(ps, now, StoreStatements.CLAIM_ORDER);
        }));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> claimDueReceipts(String owner, Instant now, int limit,
            Instant leaseUntil) {
        StoreStatements.requireLimit(limit);
        return write(WriteOp.other(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET receipt_lease_until = ? WHERE rowid IN (SELECT rowid"
                    + " FROM message WHERE owner = ? AND receipt_state = 1"
                    + " AND receipt_next <= ? AND (receipt_lease_until IS NULL OR receipt_lease_until <= ?)"
                    + " ORDER BY receipt_next LIMIT ?) RETURNING " + MessageRows.COLUMNS + ", rowid, "
                    + SqliteRows.CHECK);
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, owner);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, now.toEpochMilli());
            ps.setInt(5, limit);
            return w.readClaimed(ps, now, StoreStatements.RECEIPT_CLAIM_ORDER);
        }));
    }

    @Override
    public CompletableFuture<Integer> releaseAllLeases() {
        return write(WriteOp.other(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = NULL, receipt_lease_until = NULL"
                    + " WHERE lease_until IS NOT NULL OR receipt_lease_until IS NOT NULL");
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<Integer> releaseLeases(List<String> ids) {
        List<String> copy = List.copyOf(ids);
        return write(WriteOp.other(w -> {
            PreparedStatement ps = w.ps("UPDATE message SET lease_until = NULL, receipt_lease_until = NULL"
                    + " WHERE id = ? AND (lease_until IS NOT NULL OR receipt_lease_until IS NOT NULL)");
            int released = 0;
            for (String id : copy) {
                ps.setString(1, id);
                released += ps.executeUpdate();
            }
            return released;
        }));
    }

    @Override
    public CompletableFuture<UpstreamReceiptResult> recordUpstreamReceipt(String upstream, String upstreamId,
            Attempt.Reported report) {
        return recordUpstreamReceipt(upstream, upstreamId, report, null);
    }

    @Override
    public CompletableFuture<UpstreamReceiptResult> recordUpstreamReceipt(String upstream, String upstreamId,
            Attempt.Reported report, Instant receiptLeaseUntil) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamId, "upstreamId");
        Objects.requireNonNull(report, "report");
        return write(WriteOp.upstream(upstream, upstreamId, report, clock.instant(), receiptLeaseUntil));
    }

    @Override
    public CompletableFuture<Integer> purgeUnmatchedReceipts(Instant cutoff) {
        return purgeUnmatchedReceipts(cutoff.toEpochMilli(), 0, PURGE_CHUNK);
    }

    /** {@link #purgeUnmatchedReceipts(Instant)} {@code chunk} receipts a transaction, oldest first, as the purge of messages. */
    CompletableFuture<Integer> purgeUnmatchedReceipts(long cutoff, int purgedSoFar, int chunk) {
        return write(WriteOp.other(w -> {
            PreparedStatement ps = w.ps("DELETE FROM upstream_receipt WHERE rowid IN (SELECT rowid FROM"
                    + " upstream_receipt WHERE received_at < ? ORDER BY received_at LIMIT ?)");
            ps.setLong(1, cutoff);
            ps.setInt(2, chunk);
            int n = ps.executeUpdate();
            w.recountKeptReceipts();
            return n;
        })).thenCompose(n -> n < chunk ? CompletableFuture.completedFuture(purgedSoFar + n)
                : purgeUnmatchedReceipts(cutoff, purgedSoFar + n, chunk));
    }

    @Override
    public CompletableFuture<Optional<UpstreamLink>> upstreamLink(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps(
                    "SELECT upstream, upstream_id FROM message WHERE id = ? AND upstream_id IS NOT NULL");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new UpstreamLink(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    /**
     * Messages one purge transaction deletes at most: a few milliseconds of the writer, so that a
     * purge of millions of messages (a day of traffic leaving the retention at once) never holds
     * the writes queued behind it for longer, and the WAL never holds more than one chunk of it.
     */
    static final int PURGE_CHUNK = 2_000;

    /** The next chunk of the purge: deletable messages from {@code fromFinalTime} on, oldest first. */
    private static final String PURGE_NEXT = "SELECT id, final_time FROM message WHERE final_time >= ?"
            + " AND final_time < ? AND " + FINAL + " AND receipt_state <> 1 ORDER BY final_time LIMIT ?";

    /**
     * The oldest final time of a message whose outcome record is not written yet (in the CDR outbox):
     * the purge stops short of it, so that its chunks need not look through the outbox each time.
     */
    private static final String OLDEST_IN_OUTBOX = "SELECT MIN(m.final_time) FROM cdr_outbox o"
            + " JOIN message m ON m.id = o.message_id";

    @Override
    public CompletableFuture<Integer> purgeFinalBefore(Instant cutoff) {
        return purgeFrom(cutoff.toEpochMilli(), Long.MIN_VALUE, 0, PURGE_CHUNK);
    }

    /**
     * Deletes the final messages before {@code cutoff} (and their history) {@code chunk} at a time,
     * each chunk a write of its own queued behind what is waiting; completes with the total. Messages
     * in the CDR outbox, and those final after the oldest of them, wait for a later purge: the outbox
     * is a queue of the latest outcomes, and a message that becomes final now is never before the
     * cutoff, so none joins it during the purge.
     */
    CompletableFuture<Integer> purgeFrom(long cutoff, long fromFinalTime, int purgedSoFar, int chunk) {
        return write(WriteOp.other(w -> {
            try (ResultSet rs = w.ps(OLDEST_IN_OUTBOX).executeQuery()) {
                long oldest = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? cutoff : Math.min(cutoff, oldest);
            }
        })).thenCompose(before -> purgeChunks(before, fromFinalTime, purgedSoFar, chunk));
    }

    private CompletableFuture<Integer> purgeChunks(long before, long fromFinalTime, int purgedSoFar, int chunk) {
        long[] next = {fromFinalTime};
        return write(WriteOp.other(w -> {
            next[0] = fromFinalTime;
            PreparedStatement select = w.ps(PURGE_NEXT);
            select.setLong(1, fromFinalTime);
            select.setLong(2, before);
            select.setInt(3, chunk);
            List<String> ids = new ArrayList<>(chunk);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    next[0] = rs.getLong(2);
                }
            }
            PreparedStatement history = w.ps("DELETE FROM attempt WHERE message_id = ?");
            PreparedStatement message = w.ps("DELETE FROM message WHERE id = ?");
            for (String id : ids) {
                history.setString(1, id);
                history.addBatch();
                message.setString(1, id);
                message.addBatch();
            }
            if (!ids.isEmpty()) {
                history.executeBatch();
                message.executeBatch();
            }
            return ids.size();
        })).thenCompose(n -> n < chunk ? CompletableFuture.completedFuture(purgedSoFar + n)
                // messages skipped in this chunk (a receipt still owed) are before next[0]: not read again
                : purgeChunks(before, next[0], purgedSoFar + n, chunk));
    }

    @Override
    public CompletableFuture<Void> keepFinalOutcomes(boolean keep) {
        // The outbox row is written by the three statements that make a message final, not by a
        // trigger: any trigger on message (even an empty one) more than doubled the writer's CPU per
        // message in CdrBench, as SQLite then journals every statement and loads the old row
        return write(WriteOp.other(w -> {
            keepOutcomes = keep;
            w.keepOutcomes = keep;
            // the triggers of the first version of this outbox, if a data directory has them
            w.exec("DROP TRIGGER IF EXISTS cdr_final");
            w.exec("DROP TRIGGER IF EXISTS cdr_final_insert");
            if (!keep) {
                w.exec("DELETE FROM cdr_outbox");
            }
            return null;
        }));
    }

    @Override
    public CompletableFuture<Integer> finalOutcomesWritten(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        // One writer adds outbox rows in commit order with growing rowids, and finalOutcomes gives the
        // oldest first: every row up to the largest seq written was among those written.
        long upTo = java.util.Collections.max(seqs);
        return write(WriteOp.other(w -> {
            PreparedStatement ps = w.ps("DELETE FROM cdr_outbox WHERE seq <= ?");
            ps.setLong(1, upTo);
            return ps.executeUpdate();
        }));
    }

    @Override
    public CompletableFuture<Long> forEachMessage(Instant from, Instant to, String owner,
            java.util.function.Consumer<MessageRecord> sink) {
        // XXX: no index on submit_time (it would cost every insert), so an export scans the table
        return read(r -> RecordQueries.export(
                r.ps(RecordQueries.export(MessageRows.COLUMNS, RecordQueries.Link.ON_ROW, owner != null)), from, to,
                owner, SqliteRows::map, MessageRows.COLUMN_COUNT, sink));
    }

    /** What the group-commit writer needs to know about SQLite: its result codes above all. */
    private final class SqliteEngine implements GroupCommitWriter.Engine<Statements> {

        @Override
        public Statements openWriter() throws SQLException {
            Statements w = new Statements(open(url, true));
            w.keepOutcomes = keepOutcomes;
            if (pageLimit > 0) {
                applyPageLimit(w);
            }
            return w;
        }

        /** Never: SQLite may have rolled the whole transaction back by itself; see the class comment. */
        @Override
        public boolean recover(Statements w, Throwable t) {
            return false;
        }

        /** SQLite's result codes for which the store, not the operation, is at fault, and that pass. */
        private static final Set<String> UNAVAILABLE = Set.of("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY",
                "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_NOMEM");

        /**
         * The exception a caller sees: {@link StoreUnavailableException} when the disk or the database
         * file is at fault (SQLITE_FULL, SQLITE_IOERR ...), so that it retries later; else StoreException.
         */
        @Override
        public StoreException failure(String message, Throwable t) {
            SQLiteException e = sqliteCause(t);
            if (e != null && UNAVAILABLE.contains(primary(e.getResultCode()))) {
                return new StoreUnavailableException(message + ": " + e.getMessage(), t);
            }
            return new StoreException(message, t);
        }

        /** SQLITE_FULL: the disk (or max_page_count) has no room for the pages the transaction needed. */
        @Override
        public boolean outOfSpace(Throwable t) {
            SQLiteException e = sqliteCause(t);
            return e != null && "SQLITE_FULL".equals(primary(e.getResultCode()));
        }

        /** The result codes after which the driver keeps the statement; it finalizes it after any other. */
        private static final Set<String> STATEMENT_KEPT = Set.of("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CONSTRAINT",
                "SQLITE_MISUSE");

        @Override
        public boolean mayHaveFinalized(Throwable t) {
            if (!(t instanceof SQLiteException e)) {
                return t instanceof SQLException;
            }
            return !STATEMENT_KEPT.contains(primary(e.getResultCode()));
        }

        /** SQLITE_IOERR for SQLITE_IOERR_WRITE and the other extended codes. */
        private static String primary(SQLiteErrorCode code) {
            String name = code.name();
            for (String primary : List.of("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED",
                    "SQLITE_CONSTRAINT")) {
                if (name.startsWith(primary)) {
                    return primary;
                }
            }
            return name;
        }

        private static SQLiteException sqliteCause(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof SQLiteException e) {
                    return e;
                }
            }
            return null;
        }

        /** For the health record and the log: the SQLite message (it names the code), or the failure. */
        @Override
        public String reason(Throwable t) {
            SQLiteException e = sqliteCause(t);
            return e != null ? e.getMessage() : t.toString();
        }

        @Override
        public boolean everyCommitProvesWritable() {
            return false;
        }

        @Override
        public boolean probes() {
            return true;
        }

        /**
         * A write of the store's own while it cannot commit, so that it notices space coming back with
         * no traffic at all (a readiness check keeps traffic away while it is not writable): a 32 KiB
         * row added and removed in one transaction needs new pages and WAL frames as an insert of
         * messages does, and leaves nothing behind. No message id is empty, so nothing else matches it.
         */
        @Override
        public void probe(Statements w) throws SQLException {
            w.ps(PROBE_INSERT).executeUpdate();
            w.ps(PROBE_DELETE).executeUpdate();
            w.connection().commit();
        }

        @Override
        public void closed() {
            readers().shutDown();
            readers.forEach(Statements::closeQuietly);
        }
    }

    private static final String PROBE_INSERT =
            "INSERT INTO attempt (message_id, at, event, error_code) VALUES ('', -1, zeroblob(32768), 0)";
    private static final String PROBE_DELETE = "DELETE FROM attempt WHERE message_id = '' AND at = -1";

    /**
     * Brings the schema of the database at {@code url} up to date; a damaged file is named as such.
     * Public for runtime administration, which keeps its tables in the same database.
     */
    public static void migrate(String url) {
        try {
            // a damaged file fails this read at once, where Flyway would retry for ten seconds first
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM sqlite_master").close();
            }
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/migration/sqlite")
                    .load()
                    .migrate();
        } catch (SQLException | RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                // SQLITE_CORRUPT (11) or SQLITE_NOTADB (26), as primary codes of possibly extended ones
                int code = c instanceof SQLException sql ? sql.getErrorCode() & 0xFF : -1;
                if (code == 11 || code == 26) {
                    throw new StoreException("the database file " + url.substring("jdbc:sqlite:".length())
                            + " is damaged or not a SQLite database", e);
                }
            }
            throw new StoreException("cannot migrate the store schema at " + url, e);
        }
    }

    private static Connection open(String url, boolean writer) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit reported done survives power loss; NORMAL may lose the last ones (docs/architecture.md).
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // No generated keys: the driver would otherwise run a regex over every statement and an
        // extra last_insert_rowid() query after it; the store never reads them (ids are ours).
        sqlite.setGetGeneratedKeys(false);
        if (writer) {
            // The default 2 MiB cache makes every batch re-read the index pages it touches.
            sqlite.setCacheSize(WRITER_CACHE_KIB);
            sqlite.setJournalSizeLimit((int) WAL_SIZE_LIMIT);
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

    /** A connection with SQLite's statements: the writer's batches, a reader's queries. */
    static final class Statements extends StoreStatements {

        /** No row locks: one writer, and SQLite locks the whole database for it. */
        private static final Sql SQL = new Sql(SqliteRows.INSERT, HistoryRows.INSERT,
                MessageRows.COLUMNS + ", lease_until, receipt_lease_until", "", "",
                "message.upstream_id IS NOT NULL");

        Statements(Connection connection) {
            super(connection, log, SQL);
        }

        /** Whether final outcomes go to the outbox (the writer's statements only). */
        boolean keepOutcomes;

        /** Adds a message that just became final to the outbox of final outcomes, when it is kept. */
        @Override
        protected void finalized(String id) throws SQLException {
            if (keepOutcomes) {
                PreparedStatement ps = ps(OUTBOX_INSERT);
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }

        private static final String OUTBOX_INSERT = "INSERT INTO cdr_outbox (message_id) VALUES (?)";

        /** Batches up to this many rows run on a statement of their own ({@link #batchPs}). */
        static final int FEW_ROWS = 16;
        private static final String FEW_ROWS_TAG = " /* few rows */";

        /**
         * The statement for a JDBC batch of {@code rows} rows: a batch of at most
         * {@link #FEW_ROWS} rows gets a statement of its own (the same SQL, told apart by a
         * comment). sqlite-jdbc keeps a statement's bound values in one array that grows to the
         * largest batch it ever ran and never shrinks, and clears the whole array after every
         * batch; once a large batch has run, a one-row batch on the same statement (an upstream
         * receipt, a kept receipt matched, a quiet moment's outcome) nulled tens of thousands
         * of slots, twice with the clear in {@code executeAndClear}.
         */
        @Override
        protected PreparedStatement batchPs(String sql, int rows) throws SQLException {
            return ps(rows <= FEW_ROWS ? sql + FEW_ROWS_TAG : sql);
        }

        @Override
        protected StoredMessage map(ResultSet rs) throws SQLException {
            return SqliteRows.map(rs);
        }

        /** Claims select {@link SqliteRows#CHECK} after the rowid: one typed read per column. */
        @Override
        protected StoredMessage mapClaimed(ResultSet rs) throws SQLException {
            return SqliteRows.mapChecked(rs, MessageRows.COLUMN_COUNT + 2);
        }

        @Override
        protected void bindInsert(PreparedStatement ps, StoredMessage m, Instant leaseUntil) throws SQLException {
            SqliteRows.bind(ps, m, leaseUntil);
        }

        /** An outcome's change of its message, pending ones only; params 1..13, the id 14. */
        private static final String ATTEMPT_SET = "state = ?, attempts = attempts + ?,"
                + " last_error = COALESCE(?, last_error), next_attempt = COALESCE(?, next_attempt),"
                + " final_time = COALESCE(?, final_time), lease_until = NULL,"
                + " receipt_state = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN 1 ELSE receipt_state END,"
                + " receipt_next = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN ? ELSE receipt_next END,"
                + " receipt_lease_until = CASE WHEN ? AND (registered_delivery & 3) IN (1, ?) THEN ?"
                + " ELSE receipt_lease_until END"
                + " WHERE id = ? AND " + PENDING;
        private static final String ATTEMPT_UPDATE = "UPDATE message SET " + ATTEMPT_SET;
        /**
         * A forward's outcome: the link on the row (params 1..3), then the same (4..17). A statement
         * of its own so that no other outcome names the columns of message_upstream, which would cost
         * every later update of a forwarded row that index's maintenance.
         */
        private static final String FORWARD_UPDATE = "UPDATE message SET upstream = ?, upstream_id = ?,"
                + " forwarded_at = ?, " + ATTEMPT_SET;

        @Override
        public void runBatch(WriteOp.Kind kind, List<? extends WriteOp<?, ?>> ops) throws SQLException {
            switch (kind) {
                case INSERT -> insertBatch(ops);
                case DEDUPE -> dedupeBatch(ops);
                case ATTEMPT -> attemptBatch(ops);
                case RECEIPT -> receiptBatch(ops);
                case UPSTREAM -> upstreamBatch(ops);
                default -> throw new IllegalArgumentException("not batchable: " + kind);
            }
        }

        @Override
        public void clearBatches() throws SQLException {
            forwarded.clear();
            for (String sql : List.of(SqliteRows.INSERT, ATTEMPT_UPDATE, FORWARD_UPDATE, RECEIPT_UPDATE,
                    HistoryRows.INSERT, KEEP_RECEIPT, OUTBOX_INSERT)) {
                for (String variant : List.of(sql, sql + FEW_ROWS_TAG)) {
                    PreparedStatement ps = prepared(variant);
                    if (ps != null) {
                        ps.clearBatch();
                    }
                }
            }
        }

        /**
         * Delivery outcomes: one conditional UPDATE per message (pending ones only; the receipt
         * decision is made in SQL from registered_delivery, {@link OutcomeColumns}) and one history
         * row per outcome the row does not hold, each as one JDBC batch. Only a message the UPDATE
         * did not change is looked up, to tell NOT_FOUND (no history) from ALREADY_FINAL (history kept).
         */
        private void attemptBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
            int forwards = 0;
            for (WriteOp<?, ?> op : ops) {
                if (op.attempt() instanceof Attempt.Forwarded) {
                    forwards++;
                }
            }
            PreparedStatement plain = forwards == ops.size() ? null : batchPs(ATTEMPT_UPDATE, ops.size() - forwards);
            PreparedStatement fwd = forwards == 0 ? null : batchPs(FORWARD_UPDATE, forwards);
            for (WriteOp<?, ?> op : ops) {
                Attempt a = op.attempt();
                OutcomeColumns c = OutcomeColumns.of(op);
                long at = a.at().toEpochMilli();
                boolean receiptFlag = c.receiptFlag();
                PreparedStatement up = plain;
                int o = 0;
                if (a instanceof Attempt.Forwarded f) {
                    up = fwd;
                    up.setString(1, f.upstream());
                    up.setString(2, f.upstreamId());
                    up.setLong(3, at);
                    o = 3;
                }
                up.setInt(o + 1, c.state().value());
                up.setInt(o + 2, c.increment());
                MessageRows.setNullableInt(up, o + 3, c.lastError());
                MessageRows.setNullableLong(up, o + 4, c.next());
                MessageRows.setNullableLong(up, o + 5, c.finalTime());
                up.setBoolean(o + 6, receiptFlag);
                up.setInt(o + 7, c.receiptCode());
                up.setBoolean(o + 8, receiptFlag);
                up.setInt(o + 9, c.receiptCode());
                up.setLong(o + 10, op.outcome().at().toEpochMilli());
                up.setBoolean(o + 11, receiptFlag);
                up.setInt(o + 12, c.receiptCode());
                MessageRows.setNullableInstant(up, o + 13, op.outcomeLease());
                up.setString(o + 14, op.id());
                up.addBatch();
            }
            int[] changed = inOpOrder(ops, plain == null ? null : executeAndClear(plain),
                    fwd == null ? null : executeAndClear(fwd));
            if (keepOutcomes) {
                PreparedStatement outbox = batchPs(OUTBOX_INSERT, ops.size());
                boolean any = false;
                for (int i = 0; i < ops.size(); i++) {
                    if (changed[i] > 0 && ops.get(i).outcome().state().isFinal()) {
                        outbox.setString(1, ops.get(i).id());
                        outbox.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    executeAndClear(outbox);
                }
            }
            PreparedStatement history = batchPs(HistoryRows.INSERT, ops.size());
            boolean any = false;
            for (int i = 0; i < ops.size(); i++) {
                WriteOp<?, ?> op = ops.get(i);
                if (!settle(op, changed[i])) {
                    continue;
                }
                Attempt a = op.attempt();
                if (changed[i] > 0 && a instanceof Attempt.Forwarded) {
                    forwarded.add(op); // the row's link and forwarded_at are this history entry
                    if (op.folded() == null) {
                        continue;
                    }
                    a = op.folded().attempt(); // and the upstream's receipt written with it
                }
                if (changed[i] > 0 && a.state() == MessageState.DELIVERED) {
                    continue; // the row's DELIVERED state and final_time are this history entry
                }
                HistoryRows.addOutcome(history, op.id(), a); // a Forwarded here: final already, no link
                any = true;
            }
            if (any) {
                executeAndClear(history);
            }
            if (!forwarded.isEmpty()) {
                List<WriteOp<?, ?>> linked = List.copyOf(forwarded);
                forwarded.clear(); // matching runs attempt batches of its own
                matchKeptReceipts(linked);
            }
        }

        /** The update counts of the plain and the forward batch, back in the order of {@code ops}. */
        private static int[] inOpOrder(List<? extends WriteOp<?, ?>> ops, int[] plain, int[] forwards) {
            int[] changed = new int[ops.size()];
            int p = 0;
            int f = 0;
            for (int i = 0; i < changed.length; i++) {
                changed[i] = ops.get(i).attempt() instanceof Attempt.Forwarded ? forwards[f++] : plain[p++];
            }
            return changed;
        }

        /** Forwarded outcomes of the current attempt batch that changed their message (writer only). */
        private final List<WriteOp<?, ?>> forwarded = new ArrayList<>();

        /** One writer keeps upstream_receipt: whether it holds anything is known here. */
        @Override
        protected void recountKeptReceipts() throws SQLException {
            try (ResultSet rs = ps("SELECT EXISTS (SELECT 1 FROM upstream_receipt)").executeQuery()) {
                keptReceiptsMayExist = !rs.next() || rs.getInt(1) != 0;
            }
        }

        @Override
        protected boolean applyReport(String id, Attempt.Reported report) throws SQLException {
            WriteOp<Statements, UpdateResult> op = WriteOp.attempt(id, report, null);
            attemptBatch(List.of(op));
            return op.result() == UpdateResult.OK;
        }

        private static final String LINKED_MESSAGE_OWNER = "SELECT id, owner FROM message"
                + " WHERE upstream = ? AND upstream_id = ? ORDER BY forwarded_at DESC LIMIT 1";
        private static final String KEEP_RECEIPT = "INSERT OR REPLACE INTO upstream_receipt"
                + " (upstream, upstream_id, state, error_code, done_at, received_at) VALUES (?, ?, ?, ?, ?, ?)";

        /**
         * Upstream SMSCs' receipts, batched like the outcomes they are: each finds its message by the
         * link (one indexed look-up), the matched ones take the reported state in one attempt batch
         * (the same statement as every outcome, so the receipt rule stays in one place), and the rest
         * are kept until their link is written.
         */
        private void upstreamBatch(List<? extends WriteOp<?, ?>> ops) throws SQLException {
            PreparedStatement find = ps(LINKED_MESSAGE_OWNER);
            PreparedStatement keep = null;
            List<WriteOp<?, ?>> reports = new ArrayList<>();
            List<WriteOp<?, ?>> matched = new ArrayList<>();
            for (WriteOp<?, ?> op : ops) {
                Attempt.Reported report = (Attempt.Reported) op.attempt();
                find.setString(1, op.upstream());
                find.setString(2, op.id());
                String id = null;
                String owner = null;
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                        owner = rs.getString(2);
                    }
                }
                if (id == null) {
                    keep = ps(KEEP_RECEIPT);
                    keep.setString(1, op.upstream());
                    keep.setString(2, op.id());
                    keep.setInt(3, report.state().value());
                    keep.setInt(4, report.errorCode());
                    keep.setLong(5, report.at().toEpochMilli());
                    keep.setLong(6, op.receivedAt().toEpochMilli());
                    keep.addBatch();
                    op.setResult(UpstreamReceiptResult.kept());
                } else {
                    reports.add(WriteOp.attempt(id, report, op.receiptLeaseUntil()));
                    matched.add(op);
                    op.setResult(new UpstreamReceiptResult(UpstreamReceiptResult.Outcome.MATCHED, id, owner));
                }
            }
            if (keep != null) {
                executeAndClear(keep);
                keptReceiptsMayExist = true;
            }
            if (reports.isEmpty()) {
                return;
            }
            attemptBatch(reports);
            for (int i = 0; i < reports.size(); i++) {
                UpstreamReceiptResult r = (UpstreamReceiptResult) matched.get(i).result();
                if (reports.get(i).result() != UpdateResult.OK) {
                    matched.get(i).setResult(new UpstreamReceiptResult(UpstreamReceiptResult.Outcome.ALREADY_FINAL,
                            r.messageId(), r.owner()));
                } else if (reports.get(i).receiptLeaseUntil() != null) {
                    StoredMessage m = leasedReceipt(r.messageId());
                    if (m != null) {
                        matched.get(i).setResult(new UpstreamReceiptResult(r.outcome(), r.messageId(), r.owner(), m));
                    }
                }
            }
        }

        /**
         * The message whose receipt the batch just made PENDING and leased, read back for the caller
         * to send from memory; null when no receipt is pending (the submitter asked for none) or the
         * row cannot be read (a claim finds it and sets it aside).
         */
        private StoredMessage leasedReceipt(String id) throws SQLException {
            PreparedStatement ps = ps(MessageRows.SELECT + " WHERE id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                StoredMessage m = SqliteRows.map(rs);
                return m.receiptState() == ReceiptState.PENDING ? m : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
