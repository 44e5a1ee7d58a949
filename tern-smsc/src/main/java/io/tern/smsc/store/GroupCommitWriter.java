package io.tern.smsc.store;

import io.tern.smpp.session.Handoffs;
import io.tern.smsc.logging.RateLimitedLog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;

/**
 * The commit engine both SQL stores share (docs/architecture.md#store): one thread drains a bounded
 * queue of {@link WriteOp}s, runs whatever has queued up in one transaction and commits it (group
 * commit: one fsync or WAL flush acknowledges hundreds of operations), then completes every future of
 * the batch, in commit order, on a completer thread of its own. A full queue refuses a write at once
 * ({@link StoreOverloadedException}) rather than buffering it.
 *
 * <p>Each operation runs under a savepoint of its own, so that one failing operation (a duplicate id)
 * fails alone; the batchable ones run grouped by kind as JDBC batches under one savepoint, and one by
 * one only when their group fails. Only a failed commit fails them all, and then none of them is
 * reported done. The batches themselves are the dialect's {@link StoreStatements}; what else differs
 * between databases (how to open the connection, what a failure means, what to retry) is the store's
 * {@link Engine}.
 *
 * @param <C> the store's connection type
 */
public final class GroupCommitWriter<C extends StoreStatements> {

    /** What a store tells its writer about its database. */
    public interface Engine<C extends StoreStatements> {

        /** A new writer connection, in manual-commit mode. */
        C openWriter() throws SQLException;

        /**
         * After the transaction failed with {@code t}: rolls back what the database still holds and
         * says whether the connection may serve the next batch (else it is closed and opened again).
         */
        boolean recover(C writer, Throwable t);

        /** The exception a caller sees for {@code t}. */
        StoreException failure(String message, Throwable t);

        /** For the health record and the log: why a commit failed. */
        String reason(Throwable t);

        /** Puts a batch's operations of one kind in the order they are to run (before grouping). */
        default void order(List<WriteOp<C, ?>> ops) {
        }

        /**
         * Whether {@code t} says the disk is full: the inserts then fail and the other operations (which
         * mostly rewrite pages that exist) are tried once more without them.
         */
        default boolean outOfSpace(Throwable t) {
            return false;
        }

        /** Whether an operation that failed with {@code t} may succeed when run again (a lost deadlock). */
        default boolean transientFailure(Throwable t) {
            return false;
        }

        /** Whether {@code t} may have closed prepared statements, which must then be prepared again. */
        default boolean mayHaveFinalized(Throwable t) {
            return false;
        }

        /**
         * Whether any commit proves the store writable again after failures; else only a commit that
         * stored messages (or a {@link #probe}) does, since outcomes may fit where new rows do not.
         */
        default boolean everyCommitProvesWritable() {
            return true;
        }

        /**
         * Whether a batch runs first without a savepoint per group of operations: if any statement
         * fails, the whole transaction is rolled back and the batch runs again with them, which finds
         * the operation at fault. Worth it where a savepoint costs (PostgreSQL: two round trips and a
         * subtransaction per group); a failure costs the batch twice.
         */
        default boolean savepointsOnlyAfterAFailure() {
            return false;
        }

        /** Whether {@link #probe} is to be tried once a second while the store cannot commit. */
        default boolean probes() {
            return false;
        }

        /** A write and commit of the store's own that needs new space and leaves nothing behind. */
        default void probe(C writer) throws SQLException {
        }

        /** After the writer stopped and every future completed: releases the store's other resources. */
        default void closed() {
        }
    }

    /** How often a store that cannot commit tries a write of its own (see {@link Engine#probe}). */
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long SLOW_COMMIT_NANOS = 5_000_000;
    /** How often an operation that lost a deadlock to another transaction is run. */
    private static final int MAX_ATTEMPTS = 3;

    private final Engine<C> engine;
    private final Logger log;
    private final RateLimitedLog failures;
    private final Clock clock;
    private final int maxBatch;
    private final int queueCapacity;
    private final long flushIntervalNanos;
    private final BlockingQueue<WriteOp<C, ?>> queue;
    private final Thread thread;
    /** Completes the futures of committed batches, in commit order, off the writer thread. */
    private final ExecutorService completer;
    /** Held by the writer around each batch, so that tests can stall it deterministically. */
    private final ReentrantLock gate = new ReentrantLock();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** How long a small batch waits for more writes to join it (writer thread only). */
    private final CommitPacing pacing;
    private final IntSupplier queued;
    private final BooleanSupplier closingNow;
    private volatile boolean closing;
    private volatile StoreHealth health;
    private volatile CommitObserver commitObserver = CommitObserver.NONE;
    /** The writer's connection; null after a failure until it can be opened again (writer thread only). */
    private C writer;
    /** The writer's per-batch grouping, reused (writer thread only). */
    private final List<WriteOp<C, ?>> insertOps = new ArrayList<>();
    /** Inserts unless duplicate, in queue order: the second of two with one key finds the first. */
    private final List<WriteOp<C, ?>> dedupeOps = new ArrayList<>();
    private final List<WriteOp<C, ?>> attemptOps = new ArrayList<>();
    /** Outcomes that follow another of the same batch ({@link WriteOp#after}): run after {@link #attemptOps}. */
    private final List<WriteOp<C, ?>> followingOps = new ArrayList<>();
    /** The number of the batch being run (writer thread only). */
    private long batchNumber;
    private final List<WriteOp<C, ?>> receiptOps = new ArrayList<>();
    private final List<WriteOp<C, ?>> upstreamOps = new ArrayList<>();
    private final List<WriteOp<C, ?>> otherOps = new ArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedOperations = new AtomicLong();
    /** Writer time running operations and committing, the longest commit and the slow ones (writer thread only). */
    private long workNanos;
    private long commitNanos;
    private long maxCommitNanos;
    private long slowCommits;
    /** Commits failed and operations refused since the store stopped being writable (writer thread only). */
    private long failedCommits;
    private long refusedOperations;
    private long nextProbeNanos;
    private long unwritableSinceNanos;
    private long nextFlushNanos;

    /**
     * A writer on {@code writer}, the connection the store opened (and checked) first; {@link #start()}
     * starts its thread, named {@code name + "-writer"} (its completer {@code name + "-completer"}).
     *
     * @param commitDelay the longest a batch waits for more writes when they come a few at a time
     *     ({@code store.commit_delay}, {@link CommitPacing}); zero: never
     * @param failures where commit failures are logged, rate-limited, and flushed every {@code flushInterval}
     */
    public GroupCommitWriter(String name, int maxBatch, int queueCapacity, Duration commitDelay,
            Duration flushInterval, Engine<C> engine, C writer, Clock clock, Logger log, RateLimitedLog failures) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = clock;
        this.log = log;
        this.failures = failures;
        this.maxBatch = maxBatch;
        this.queueCapacity = queueCapacity;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.nextFlushNanos = System.nanoTime() + flushIntervalNanos;
        this.health = StoreHealth.ok(clock.instant());
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.pacing = new CommitPacing(commitDelay, System::nanoTime, LockSupport::parkNanos);
        this.queued = queue::size;
        this.closingNow = () -> closing;
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-completer");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, name + "-writer");
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues {@code op} for the next transaction; its future completes after the COMMIT, or fails at
     * once when the queue is full or the store closing.
     */
    public <T> CompletableFuture<T> write(WriteOp<C, T> op) {
        if (closing) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        op.queuedOn = this;
        if (!queue.offer(op)) {
            return CompletableFuture.failedFuture(new StoreOverloadedException(
                    "store write queue full (" + queueCapacity + " operations waiting)"));
        }
        if (closing && queue.remove(op)) {
            // The writer may already have drained its last batch; take the operation back.
            op.future.completeExceptionally(new StoreException("store is closed"));
        }
        return op.future;
    }

    public boolean closing() {
        return closing;
    }

    /**
     * The outcome whose future {@code future} is, when it was queued on this writer and follows
     * nothing, so that a later one may follow it ({@link WriteOp#after}); else null.
     */
    @SuppressWarnings("unchecked")
    public WriteOp<C, UpdateResult> outcomeOf(CompletionStage<UpdateResult> future) {
        if (future instanceof WriteOp.Done<?> d && d.op().queuedOn == this && d.op().kind() == WriteOp.Kind.ATTEMPT
                && d.op().prior() == null) {
            return (WriteOp<C, UpdateResult>) d.op();
        }
        return null;
    }

    /** The exception a caller sees for {@code t}, as the engine says. */
    public StoreException failure(String message, Throwable t) {
        return engine.failure(message, t);
    }

    /** Stops taking writes, commits what is queued, and completes once every resource is released. */
    public CompletableFuture<Void> close() {
        closing = true;
        return closed;
    }

    public StoreHealth health() {
        return health;
    }

    /** Tells {@code observer} about every transaction committed from now on (metrics). */
    public void observeCommits(CommitObserver observer) {
        this.commitObserver = Objects.requireNonNull(observer, "observer");
    }

    /** Transactions committed so far (each one fsync). */
    public long commits() {
        return commits.get();
    }

    /** Write operations committed so far; divided by {@link #commits()} it gives the group-commit factor. */
    public long committedOperations() {
        return committedOperations.get();
    }

    /** Held by the writer around each batch; a test that holds it stalls the writer. */
    public ReentrantLock gate() {
        return gate;
    }

    private void loop() {
        List<WriteOp<C, ?>> batch = new ArrayList<>(Math.min(maxBatch, 4096));
        try {
            while (true) {
                // Read the flag before looking at the queue: a write offered after this empty poll is
                // then sure to see the flag and withdraw itself (see write()).
                boolean stopping = closing;
                WriteOp<C, ?> first;
                try {
                    first = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.warn("store writer interrupted; closing");
                    closing = true;
                    continue;
                }
                maintain();
                if (first == null) {
                    if (stopping) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                if (!stopping) {
                    pacing.gather(queued, closingNow);
                }
                gate.lock();
                try {
                    queue.drainTo(batch, maxBatch - 1);
                    commitBatch(batch);
                } finally {
                    pacing.committed(batch.size());
                    gate.unlock();
                    batch.clear();
                }
            }
        } catch (Throwable t) {
            log.error("store writer died; failing queued writes", t);
            closing = true;
            StoreException failure = new StoreException("store writer died", t);
            batch.forEach(op -> op.future.completeExceptionally(failure));
            List<WriteOp<C, ?>> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(op -> op.future.completeExceptionally(failure));
        } finally {
            shutDown();
        }
    }

    /**
     * Runs {@code batch} in one transaction and commits it. When the store cannot commit for want of
     * space, the inserts fail and the other operations are tried once more without them.
     *
     * <p>Grouping reorders operations within the transaction, which is safe because they all commit
     * (and complete) together: operations queued at the same time are concurrent, and any order of
     * them is a valid serialization. The exception is an outcome queued to follow another ({@link
     * WriteOp#after}): it runs after all the others.
     */
    private void commitBatch(List<WriteOp<C, ?>> batch) {
        commitBatch(batch, !engine.savepointsOnlyAfterAFailure());
    }

    private void commitBatch(List<WriteOp<C, ?>> batch, boolean withSavepoints) {
        boolean provesWritable = false;
        boolean committing = false;
        boolean again = false;
        List<WriteOp<C, ?>> retry = null;
        try {
            C w = writer();
            long number = ++batchNumber;
            for (WriteOp<C, ?> op : batch) {
                op.batch = number;
                op.committed = false;
                op.unfold();
                switch (op.kind()) {
                    case INSERT -> insertOps.add(op);
                    case DEDUPE -> dedupeOps.add(op);
                    case ATTEMPT -> group(op, number);
                    case RECEIPT -> receiptOps.add(op);
                    case UPSTREAM -> upstreamOps.add(op);
                    default -> otherOps.add(op);
                }
            }
            dropUnfollowable(attemptOps, false);
            engine.order(attemptOps);
            engine.order(receiptOps);
            long started = System.nanoTime();
            runGroup(w, insertOps, withSavepoints);
            // before the outcomes: a writer waiting here for another node's key lock holds no row locks
            runGroup(w, dedupeOps, withSavepoints);
            runGroup(w, attemptOps, withSavepoints);
            settleFolded(attemptOps);
            if (!followingOps.isEmpty()) {
                dropUnfollowable(followingOps, true);
                engine.order(followingOps);
                runGroup(w, followingOps, withSavepoints);
            }
            runGroup(w, receiptOps, withSavepoints);
            // after the outcomes: a receipt finds the link a Forwarded outcome of this batch wrote
            runGroup(w, upstreamOps, withSavepoints);
            for (WriteOp<C, ?> op : otherOps) {
                if (withSavepoints) {
                    runIsolated(w, op);
                } else {
                    op.run(w);
                }
            }
            long ran = System.nanoTime();
            committing = true;
            w.connection().commit();
            long took = System.nanoTime() - ran;
            workNanos += ran - started;
            commitNanos += took;
            maxCommitNanos = Math.max(maxCommitNanos, took);
            if (took > SLOW_COMMIT_NANOS) {
                slowCommits++;
            }
            try {
                commitObserver.committed(batch.size(), ran - started, took);
            } catch (RuntimeException e) {
                // an observer's bug is not a failed commit
            }
            provesWritable = engine.everyCommitProvesWritable() || insertOps.stream().anyMatch(op -> !op.failed())
                    || dedupeOps.stream().anyMatch(op -> !op.failed());
        } catch (Throwable t) {
            if (!withSavepoints && !committing && writer != null && recoverForRetry(t)) {
                // a statement failed and its transaction is rolled back: the batch runs again with a
                // savepoint per group, which finds the operation at fault
                again = true;
            } else {
                dropWriterUnlessRecovered(t);
                StoreException failure = engine.failure("transaction not committed", t);
                List<WriteOp<C, ?>> failed = List.copyOf(batch);
                int inserts = insertOps.size() + dedupeOps.size();
                if (engine.outOfSpace(t) && inserts > 0 && inserts < batch.size()) {
                    // New messages need new pages; outcomes, receipts and claims of messages already stored
                    // mostly rewrite existing ones and may still fit: they get a transaction of their own,
                    // so that deliveries and receipts go on while submissions are refused.
                    failed = batch.stream().filter(GroupCommitWriter::inserts).toList();
                    retry = batch.stream().filter(op -> !inserts(op)).toList();
                }
                commitFailed(failed.size(), failure, t);
                List<WriteOp<C, ?>> refused = failed;
                completer.execute(() -> refused.forEach(op -> op.future.completeExceptionally(failure)));
                if (retry == null) {
                    return;
                }
            }
        } finally {
            insertOps.clear();
            dedupeOps.clear();
            attemptOps.clear();
            followingOps.clear();
            receiptOps.clear();
            upstreamOps.clear();
            otherOps.clear();
        }
        if (again) {
            batch.forEach(WriteOp::forgetOutcome);
            commitBatch(batch, true);
            return;
        }
        if (retry != null) {
            retry.forEach(WriteOp::forgetOutcome);
            commitBatch(retry);
            return;
        }
        for (WriteOp<C, ?> op : batch) {
            op.committed = true;
        }
        commits.incrementAndGet();
        committedOperations.addAndGet(batch.size());
        if (provesWritable) {
            commitSucceeded();
        }
        // Callbacks (responses, scheduler hops) run on the completer thread, so that the writer can
        // start on the next batch at once.
        List<WriteOp<C, ?>> done = List.copyOf(batch);
        // Handoffs: what the completions hand to event loops and the scheduler goes once per thread
        completer.execute(() -> Handoffs.batch(() -> done.forEach(WriteOp::complete)));
    }

    /** Whether {@code op} stores new messages (and so needs new pages). */
    private static boolean inserts(WriteOp<?, ?> op) {
        return op.kind() == WriteOp.Kind.INSERT || op.kind() == WriteOp.Kind.DEDUPE;
    }

    /**
     * Puts outcome {@code op} of batch {@code number} in its group: an outcome that follows another
     * of the same batch is folded into that one's write when it can be, else runs after the others.
     * (The prior outcome came first in the queue, so it is numbered already.)
     */
    private void group(WriteOp<C, ?> op, long number) {
        WriteOp<C, UpdateResult> prior = op.prior();
        if (prior == null || prior.batch != number) {
            attemptOps.add(op);
        } else if (prior.canFold(op)) {
            prior.fold(op);
        } else {
            followingOps.add(op);
        }
    }

    /** The outcomes folded into a prior's write take its result: OK if it changed the message, else not run. */
    private static <C> void settleFolded(List<WriteOp<C, ?>> ops) {
        for (WriteOp<C, ?> op : ops) {
            WriteOp<C, ?> folded = op.folded();
            if (folded == null) {
                continue;
            }
            if (op.ranOk()) {
                folded.setResult(UpdateResult.OK);
            } else {
                folded.fail(new PriorWriteNotRecordedException(folded.id()));
            }
        }
    }

    /**
     * Takes out of {@code ops} the outcomes whose prior outcome did not change their message (in
     * this transaction when {@code sameBatch}, else in an earlier one that committed): each fails
     * with {@link PriorWriteNotRecordedException}, having written nothing.
     */
    private static <C> void dropUnfollowable(List<WriteOp<C, ?>> ops, boolean sameBatch) {
        ops.removeIf(op -> {
            WriteOp<?, UpdateResult> prior = op.prior();
            if (prior == null || (sameBatch ? prior.ranOk() : prior.recordedOk())) {
                return false;
            }
            op.fail(new PriorWriteNotRecordedException(op.id()));
            return true;
        });
    }

    /**
     * Runs operations of one batchable kind as JDBC batches; if that fails, finds the culprit one by one
     * when {@code withSavepoints}, else throws (the whole batch runs again, with them).
     */
    private void runGroup(C w, List<WriteOp<C, ?>> ops, boolean withSavepoints) throws SQLException {
        if (ops.isEmpty()) {
            return;
        }
        if (!withSavepoints) {
            w.runBatch(ops.get(0).kind(), ops); // a failure runs the whole batch again, carefully
            return;
        }
        if (ops.size() == 1) {
            runIsolated(w, ops.get(0));
            return;
        }
        w.exec("SAVEPOINT run");
        try {
            w.runBatch(ops.get(0).kind(), ops);
            w.exec("RELEASE SAVEPOINT run");
        } catch (SQLException | RuntimeException e) {
            rollbackTo(w, "run", e);
            for (WriteOp<C, ?> op : ops) {
                op.forgetOutcome();
                runIsolated(w, op);
            }
        }
    }

    private void runIsolated(C w, WriteOp<C, ?> op) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            w.exec("SAVEPOINT op");
            try {
                if (op.kind() == WriteOp.Kind.OTHER) {
                    op.run(w);
                } else {
                    w.runBatch(op.kind(), List.of(op));
                }
                w.exec("RELEASE SAVEPOINT op");
                return;
            } catch (SQLException | RuntimeException e) {
                rollbackTo(w, "op", e);
                if (attempt < MAX_ATTEMPTS && engine.transientFailure(e)) {
                    // another node's writer held rows this one needed, and the database chose this side
                    op.forgetOutcome();
                    log.info("store operation retried after {}", e.toString());
                    continue;
                }
                op.fail(e instanceof StoreException se ? se : engine.failure("store operation failed", e));
                return;
            }
        }
    }

    /**
     * Undoes what ran since {@code savepoint} after {@code e}. If that fails, the transaction itself is
     * gone (SQLite rolls it back on SQLITE_FULL) and the whole batch fails with {@code e}, the cause.
     */
    private void rollbackTo(C w, String savepoint, Exception e) throws SQLException {
        try {
            clearStatements(w, e);
            w.exec("ROLLBACK TO SAVEPOINT " + savepoint);
            w.exec("RELEASE SAVEPOINT " + savepoint);
        } catch (SQLException | RuntimeException rollback) {
            e.addSuppressed(rollback);
            if (e instanceof SQLException se) {
                throw se;
            }
            throw (RuntimeException) e;
        }
    }

    /** The writer's connection, opened again if a failure closed it. */
    private C writer() throws SQLException {
        if (writer == null) {
            writer = engine.openWriter();
        }
        return writer;
    }

    /**
     * After a batch without savepoints failed with {@code t} before its commit: rolls back and clears
     * what the statements hold; false if the connection cannot serve the batch again.
     */
    private boolean recoverForRetry(Throwable t) {
        if (!engine.recover(writer, t)) {
            return false;
        }
        try {
            clearStatements(writer, t);
            return true;
        } catch (SQLException | RuntimeException e) {
            t.addSuppressed(e);
            return false;
        }
    }

    /** After {@code t}: drops what the statements hold bound, and the statements if {@code t} may have closed them. */
    private void clearStatements(C w, Throwable t) throws SQLException {
        w.clearBatches();
        if (engine.mayHaveFinalized(t)) {
            w.resetStatements();
        }
    }

    private void dropWriterUnlessRecovered(Throwable t) {
        if (writer != null && !engine.recover(writer, t)) {
            writer.closeQuietly();
            writer = null;
        }
    }

    /**
     * Between batches: while the store cannot commit, a probe once a second (if the engine has one);
     * once per flush interval, the summary of failures counted and not yet logged.
     */
    private void maintain() {
        long now = System.nanoTime();
        if (engine.probes() && !health.writable() && now - nextProbeNanos >= 0) {
            nextProbeNanos = now + PROBE_INTERVAL_NANOS;
            probe();
        }
        if (now - nextFlushNanos >= 0) {
            nextFlushNanos = now + flushIntervalNanos;
            failures.flush();
        }
    }

    private void probe() {
        try {
            engine.probe(writer());
        } catch (SQLException | RuntimeException e) {
            dropWriterUnlessRecovered(e);
            commitFailed(0, engine.failure("store probe not committed", e), e);
            return;
        }
        commitSucceeded();
    }

    /** A transaction of {@code operations} (0: the probe) did not commit: health, counts and the log. */
    private void commitFailed(int operations, StoreException failure, Throwable t) {
        if (health.writable()) {
            String reason = engine.reason(t);
            health = StoreHealth.failing(reason, clock.instant());
            unwritableSinceNanos = System.nanoTime();
            nextProbeNanos = unwritableSinceNanos + PROBE_INTERVAL_NANOS;
            failedCommits = 0;
            refusedOperations = 0;
            failures.error("store commit failed", "store cannot commit (" + reason + "): writes fail"
                    + (failure instanceof StoreUnavailableException ? ", submissions are answered ESME_RMSGQFUL," : "")
                    + " until a commit succeeds" + (engine.probes() ? "; it tries again every second" : ""), t);
        } else {
            String what = operations == 0 ? "store probe" : operations == 1 ? "store commit of 1 operation"
                    : "store commit of " + operations + " operations";
            failures.error("store commit failed", what + " failed: " + engine.reason(t), t);
        }
        failedCommits++;
        refusedOperations += operations;
    }

    /** A transaction that proves the store writable committed: if it was not, it is again. */
    private void commitSucceeded() {
        if (health.writable()) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unwritableSinceNanos);
        failures.report();
        // Rate-limited too: near a full disk, commits that fit and commits that do not alternate.
        failures.warn("store writable again", String.format(Locale.ROOT,
                "store writable again after %.1f s (%s); %,d commits failed meanwhile, %,d operations refused",
                millis / 1000.0, health.reason(), failedCommits, refusedOperations), null);
        health = StoreHealth.ok(clock.instant());
    }

    private void shutDown() {
        long n = commits.get();
        log.info("store writer: {} commits, {} operations ({} per commit), {} ms running operations, {} ms committing"
                + " (longest commit {} ms, {} over {} ms)",
                n, committedOperations.get(), n == 0 ? 0 : committedOperations.get() / n, workNanos / 1_000_000,
                commitNanos / 1_000_000, maxCommitNanos / 1_000_000, slowCommits, SLOW_COMMIT_NANOS / 1_000_000);
        if (writer != null) {
            writer.closeQuietly();
            writer = null;
        }
        ReaderPool.shutDown(completer, "store completions", log);
        try {
            engine.closed();
        } finally {
            closed.complete(null);
        }
    }
}
