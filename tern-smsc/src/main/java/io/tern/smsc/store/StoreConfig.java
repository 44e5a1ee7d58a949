package io.tern.smsc.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how messages are kept. {@code type} names the store: {@code sqlite} (embedded, in
 * {@code dataDir}) or {@code postgresql}, which reads {@code url}, {@code user}, {@code password}
 * and {@code poolSize} (null or 0 otherwise) and is found through {@link MessageStoreFactory}.
 * {@code nodeId} (the top-level key {@code node_id}) names this node in a shared store: its leases
 * carry it, so that a restarting node releases its own leases and nobody else's. Null: not set,
 * {@link #defaultNodeId()} (looked up only by a store that uses it). {@code partition} is the span of
 * one time partition of a PostgreSQL store's messages (docs/scaling.md "Retention and partitions").
 * {@code commitDelay} ({@code commit_delay}) is the longest the store writer lets a small batch wait
 * for more writes when they arrive a few at a time (docs/architecture.md#store); zero: never.
 */
public record StoreConfig(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch, String type,
        String url, String user, String password, int poolSize, String nodeId, Partition partition,
        Duration commitDelay) {

    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";
    /**
     * The default {@code commit_delay}: none. It saves CPU at moderate steady rates, but a peer that
     * waits for Tern's commits within a window (an upstream's receipts) may then get fewer through
     * (docs/PERFORMANCE.md "Moderate rates: the commit delay").
     */
    public static final Duration DEFAULT_COMMIT_DELAY = Duration.ZERO;

    /** How much submission time one partition of a partitioned store covers, in UTC. */
    public enum Partition { DAY, WEEK, MONTH }

    public StoreConfig {
        java.util.Objects.requireNonNull(partition, "partition");
        java.util.Objects.requireNonNull(commitDelay, "commitDelay");
        if (commitDelay.isNegative()) {
            throw new IllegalArgumentException("commitDelay must not be negative: " + commitDelay);
        }
    }

    /** The default commit delay. */
    public StoreConfig(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch, String type,
            String url, String user, String password, int poolSize, String nodeId, Partition partition) {
        this(dataDir, retention, writeQueueCapacity, maxBatch, type, url, user, password, poolSize, nodeId,
                partition, DEFAULT_COMMIT_DELAY);
    }

    /** Daily partitions. */
    public StoreConfig(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch, String type,
            String url, String user, String password, int poolSize, String nodeId) {
        this(dataDir, retention, writeQueueCapacity, maxBatch, type, url, user, password, poolSize, nodeId,
                Partition.DAY);
    }

    /** The embedded SQLite store. */
    public StoreConfig(Path dataDir, Duration retention, int writeQueueCapacity, int maxBatch) {
        this(dataDir, retention, writeQueueCapacity, maxBatch, SQLITE, null, null, null, 0, null);
    }

    /** The same store with its node directory (and SQLite database) in {@code dir}. */
    public StoreConfig withDataDir(Path dir) {
        return new StoreConfig(dir, retention, writeQueueCapacity, maxBatch, type, url, user, password, poolSize, nodeId,
                partition, commitDelay);
    }

    /** The same store with the writer's commit delay {@code delay}. */
    public StoreConfig withCommitDelay(Duration delay) {
        return new StoreConfig(dataDir, retention, writeQueueCapacity, maxBatch, type, url, user, password, poolSize,
                nodeId, partition, delay);
    }

    /** The node id, or the default one when none is set. */
    public String nodeIdOrDefault() {
        return nodeId != null ? nodeId : defaultNodeId();
    }

    /** The host name, the default {@code node_id}, cut to 63 characters; {@code tern} if it cannot be found. */
    public static String defaultNodeId() {
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return host.isEmpty() ? "tern" : host.substring(0, Math.min(63, host.length()));
        } catch (java.io.IOException e) {
            return "tern";
        }
    }

    @Override
    public String toString() {
        return "StoreConfig[type=" + type + ", dataDir=" + dataDir + ", url=" + url + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", poolSize=" + poolSize
                + ", nodeId=" + nodeId + ", partition=" + partition + "]";
    }
}
