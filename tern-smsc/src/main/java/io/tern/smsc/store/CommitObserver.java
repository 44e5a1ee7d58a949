package io.tern.smsc.store;

/**
 * Told about every transaction a store commits (metrics: commit latency and batch size). Called on
 * the store's writer thread right after the commit: it only records, never blocks, never throws.
 */
@FunctionalInterface
public interface CommitObserver {

    CommitObserver NONE = (operations, workNanos, commitNanos) -> {
    };

    /**
     * @param operations write operations in the transaction (the group-commit batch)
     * @param workNanos time spent running them
     * @param commitNanos time the commit itself took (the fsync)
     */
    void committed(int operations, long workNanos, long commitNanos);
}
