package io.tern.smsc.store;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The reads of a SQL store: a fixed pool of threads, each read on a connection in auto-commit mode (so
 * that it sees the latest commit), a bounded queue that refuses a read at once when full
 * ({@link StoreOverloadedException}) rather than buffering it. Where connections come from is the
 * store's {@link Connections}: kept open (SQLite) or borrowed from a connection pool (PostgreSQL).
 *
 * @param <C> the store's connection type
 */
public final class ReaderPool<C extends StoreStatements> {

    /** Where a read gets its connection and where it gives it back. */
    public interface Connections<C extends StoreStatements> {

        /** A connection for one read; null if none is available. */
        C take() throws SQLException;

        /** Gives {@code connection} back after a read that failed with {@code failure} (null: it did not). */
        void give(C connection, Throwable failure);
    }

    private final ThreadPoolExecutor pool;
    private final Connections<C> connections;
    private final GroupCommitWriter<C> writer;
    private final Logger log;

    /**
     * {@code threads} threads named {@code name + "-reader-N"}, at most {@code queueCapacity} reads
     * waiting; reads are refused once {@code writer} is closing, and fail as its engine says.
     */
    public ReaderPool(String name, int threads, int queueCapacity, Connections<C> connections,
            GroupCommitWriter<C> writer, Logger log) {
        this.connections = connections;
        this.writer = writer;
        this.log = log;
        AtomicInteger number = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, name + "-reader-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code work} on a reader connection. */
    public <T> CompletableFuture<T> read(WriteOp.Work<C, T> work) {
        if (writer.closing()) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            pool.execute(() -> run(work, future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(pool.isShutdown()
                    ? new StoreException("store is closed")
                    : new StoreOverloadedException("store read queue full"));
        }
        return future;
    }

    private <T> void run(WriteOp.Work<C, T> work, CompletableFuture<T> future) {
        C reader = null;
        Throwable failure = null;
        try {
            reader = connections.take();
            if (reader == null) {
                future.completeExceptionally(new StoreException("no reader connection available"));
                return;
            }
            future.complete(work.apply(reader));
        } catch (StoreException e) {
            failure = e;
            future.completeExceptionally(e);
        } catch (Throwable t) {
            failure = t;
            future.completeExceptionally(writer.failure("store read failed", t));
        } finally {
            if (reader != null) {
                connections.give(reader, failure);
            }
        }
    }

    /** Lets the reads queued finish (for up to a minute) and takes no more. */
    public void shutDown() {
        shutDown(pool, "store readers", log);
    }

    /** Lets what {@code executor} has queued finish, for up to a minute, and takes no more. */
    static void shutDown(ExecutorService executor, String what, Logger log) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("{} did not finish within a minute", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
