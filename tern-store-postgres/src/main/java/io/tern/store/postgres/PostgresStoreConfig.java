package io.tern.store.postgres;

import io.tern.smsc.store.StoreConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the PostgreSQL store, validated once here.
 *
 * @param url a {@code jdbc:postgresql:} URL
 * @param user the database user, or null to let the URL or the driver's defaults name it
 * @param password the user's password, or null
 * @param poolSize connections to the database: one is the writer's, the others serve reads
 * @param writeQueueCapacity how many write operations may wait for the writer before callers get
 *     {@code StoreOverloadedException}; also bounds the queue of waiting reads
 * @param maxBatch the most operations committed in one transaction
 * @param nodeId the node whose leases this store writes (node_id), unique among the nodes sharing the database
 * @param partition the span of one time partition of message and attempt (docs/scaling.md "Retention
 *     and partitions")
 * @param commitDelay the longest a small batch waits for more writes ({@link StoreConfig#commitDelay()})
 */
public record PostgresStoreConfig(String url, String user, String password, int poolSize, int writeQueueCapacity,
        int maxBatch, String nodeId, StoreConfig.Partition partition, Duration commitDelay) {

    public PostgresStoreConfig {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL: " + url);
        }
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be at least 2 (a writer and a reader): " + poolSize);
        }
        if (writeQueueCapacity < 1) {
            throw new IllegalArgumentException("writeQueueCapacity must be positive: " + writeQueueCapacity);
        }
        Objects.requireNonNull(nodeId, "nodeId");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(commitDelay, "commitDelay");
    }

    /** With the default commit delay. */
    public PostgresStoreConfig(String url, String user, String password, int poolSize, int writeQueueCapacity,
            int maxBatch, String nodeId, StoreConfig.Partition partition) {
        this(url, user, password, poolSize, writeQueueCapacity, maxBatch, nodeId, partition,
                StoreConfig.DEFAULT_COMMIT_DELAY);
    }

    /** Daily partitions. */
    public PostgresStoreConfig(String url, String user, String password, int poolSize, int writeQueueCapacity,
            int maxBatch, String nodeId) {
        this(url, user, password, poolSize, writeQueueCapacity, maxBatch, nodeId, StoreConfig.Partition.DAY);
    }

    /** Defaults that suit one node: 8 connections, 10,000 queued writes, 1,000 per commit. */
    public static PostgresStoreConfig defaults(String url, String user, String password, String nodeId) {
        return new PostgresStoreConfig(url, user, password, 8, 10_000, 1_000, nodeId);
    }

    @Override
    public String toString() {
        return "PostgresStoreConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize
                + ", writeQueueCapacity=" + writeQueueCapacity + ", maxBatch=" + maxBatch + ", nodeId=" + nodeId + ", partition=" + partition + ", commitDelay=" + commitDelay + "]";
    }
}
