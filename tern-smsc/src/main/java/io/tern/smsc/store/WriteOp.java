package io.tern.smsc.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A write queued for a store's {@link GroupCommitWriter}: a batchable one (an insert, a delivery
 * outcome, a receipt hand-over outcome, an upstream's receipt) carries its data, and the writer runs
 * those of one kind together as JDBC batches; any other carries its work and runs alone. Its future
 * completes after the transaction that ran it committed.
 *
 * @param <C> the store's connection type, which the work runs on
 * @param <T> the result
 */
public final class WriteOp<C, T> {

    /** Write operations the writer runs as JDBC batches, grouped by kind; OTHER runs alone. */
    public enum Kind { INSERT, ATTEMPT, RECEIPT, UPSTREAM, OTHER }

    /** Work on a store connection inside the writer's transaction. */
    @FunctionalInterface
    public interface Work<C, T> {
        T apply(C connection) throws SQLException;
    }

    private final Kind kind;
    private final List<StoredMessage> rows;
    private final String id;
    private final Attempt attempt;
    private final ReceiptAttempt receipt;
    private final Work<C, T> work;
    /** For an attempt: lease the receipt it makes PENDING until then (null: leave it to a claim). */
    private Instant receiptLeaseUntil;
    /** For an insert: the rows are leased until then, claimed by the inserter (null: not leased). */
    private Instant leaseUntil;
    /** Of an insert's rows, how many (the first ones) are leased until {@link #leaseUntil}. */
    private int leased;
    /** For an upstream receipt: the connector it came over, and when (the store's clock). */
    private String upstream;
    private Instant receivedAt;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private StoreException failure;

    private WriteOp(Kind kind, List<StoredMessage> rows, String id, Attempt attempt, ReceiptAttempt receipt,
            Work<C, T> work) {
        this.kind = kind;
        this.rows = rows;
        this.id = id;
        this.attempt = attempt;
        this.receipt = receipt;
        this.work = work;
    }

    /** Any other write: it runs alone, as {@code work}. */
    public WriteOp(Work<C, T> work) {
        this(Kind.OTHER, null, null, null, null, Objects.requireNonNull(work, "work"));
    }

    /** Any other write: it runs alone, as {@code work}. */
    public static <C, T> WriteOp<C, T> other(Work<C, T> work) {
        return new WriteOp<>(work);
    }

    /** New messages, leased until {@code leaseUntil} to their inserter unless that is null. */
    public static <C> WriteOp<C, Void> insert(List<StoredMessage> rows, Instant leaseUntil) {
        return insert(rows, leaseUntil == null ? 0 : rows.size(), leaseUntil);
    }

    /** New messages, the first {@code leased} of them leased until {@code leaseUntil} to their inserter. */
    public static <C> WriteOp<C, Void> insert(List<StoredMessage> rows, int leased, Instant leaseUntil) {
        if (leased < 0 || leased > rows.size() || (leased > 0 && leaseUntil == null)) {
            throw new IllegalArgumentException("leased must be 0.." + rows.size() + " with a lease, was " + leased);
        }
        WriteOp<C, Void> op = new WriteOp<>(Kind.INSERT, rows, null, null, null, null);
        op.leaseUntil = leaseUntil;
        op.leased = leased;
        return op;
    }

    /** A delivery outcome of message {@code id}. */
    public static <C> WriteOp<C, UpdateResult> attempt(String id, Attempt attempt, Instant receiptLeaseUntil) {
        WriteOp<C, UpdateResult> op = new WriteOp<>(Kind.ATTEMPT, null, id, attempt, null, null);
        op.receiptLeaseUntil = receiptLeaseUntil;
        return op;
    }

    /** A receipt hand-over outcome of message {@code id}. */
    public static <C> WriteOp<C, UpdateResult> receipt(String id, ReceiptAttempt receipt) {
        return new WriteOp<>(Kind.RECEIPT, null, id, null, receipt, null);
    }

    /** An upstream SMSC's receipt: {@link #id()} is the upstream's id, {@link #upstream()} the connector. */
    public static <C> WriteOp<C, UpstreamReceiptResult> upstream(String upstream, String upstreamId,
            Attempt.Reported report, Instant receivedAt, Instant receiptLeaseUntil) {
        WriteOp<C, UpstreamReceiptResult> op = new WriteOp<>(Kind.UPSTREAM, null, upstreamId, report, null, null);
        op.upstream = upstream;
        op.receivedAt = receivedAt;
        op.receiptLeaseUntil = receiptLeaseUntil;
        return op;
    }

    public Kind kind() {
        return kind;
    }

    public List<StoredMessage> rows() {
        return rows;
    }

    public String id() {
        return id;
    }

    public Attempt attempt() {
        return attempt;
    }

    public ReceiptAttempt receipt() {
        return receipt;
    }

    /** The lease of an insert's {@code row}-th row, null when that row is not leased. */
    public Instant leaseUntil(int row) {
        return row < leased ? leaseUntil : null;
    }

    public Instant receiptLeaseUntil() {
        return receiptLeaseUntil;
    }

    public String upstream() {
        return upstream;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** What the operation came to so far in this transaction; null before it ran. */
    public T result() {
        return result;
    }

    /** Sets the result a batch computed for this operation. */
    @SuppressWarnings("unchecked")
    public void setResult(Object value) {
        result = (T) value;
    }

    boolean failed() {
        return failure != null;
    }

    void run(C connection) throws SQLException {
        result = work.apply(connection);
    }

    void fail(StoreException e) {
        result = null;
        failure = e;
    }

    /** Before running again (alone, or in a new transaction): what the rolled-back run set is void. */
    void forgetOutcome() {
        result = null;
        failure = null;
    }

    void complete() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }
}
