package io.tern.smsc.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded SQLite store, validated once here.
 *
 * @param file the database file; its directory must exist
 * @param writeQueueCapacity how many write operations may wait for the writer before callers get
 *     {@link StoreOverloadedException}; also bounds the queue of waiting reads
 * @param maxBatch the most operations committed in one transaction (one fsync)
 * @param readerThreads threads, each with its own connection, serving reads concurrently with the writer
 * @param commitDelay the longest a small batch waits for more writes ({@link StoreConfig#commitDelay()})
 */
public record SqliteStoreConfig(Path file, int writeQueueCapacity, int maxBatch, int readerThreads,
        Duration commitDelay) {

    public SqliteStoreConfig {
        Objects.requireNonNull(file, "file");
        if (writeQueueCapacity < 1) {
            throw new IllegalArgumentException("writeQueueCapacity must be positive: " + writeQueueCapacity);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        if (readerThreads < 1) {
            throw new IllegalArgumentException("readerThreads must be positive: " + readerThreads);
        }
        Objects.requireNonNull(commitDelay, "commitDelay");
    }

    /** With the default commit delay. */
    public SqliteStoreConfig(Path file, int writeQueueCapacity, int maxBatch, int readerThreads) {
        this(file, writeQueueCapacity, maxBatch, readerThreads, StoreConfig.DEFAULT_COMMIT_DELAY);
    }

    /** Reader connections of a node's store: reads are short, and SQLite serialises the writer anyway. */
    public static final int DEFAULT_READER_THREADS = 2;

    /** Defaults that suit one node: 10,000 queued writes, 1,000 per commit, 2 readers. */
    public static SqliteStoreConfig defaults(Path file) {
        return new SqliteStoreConfig(file, 10_000, 1_000, DEFAULT_READER_THREADS);
    }
}
