package io.tern.smsc.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A write queued for a store's {@link GroupCommitWriter}: a batchable one (an insert, an insert
 * unless it is a resubmission, a delivery outcome, a receipt hand-over outcome, an upstream's
 * receipt) carries its data, and the writer runs
 * those of one kind together as JDBC batches; any other carries its work and runs alone. Its future
 * completes after the transaction that ran it committed.
 *
 * @param <C> the store's connection type, which the work runs on
 * @param <T> the result
 */
public final class WriteOp<C, T> {

    /** Write operations the writer runs as JDBC batches, grouped by kind; OTHER runs alone. */
    public enum Kind { INSERT, DEDUPE, ATTEMPT, RECEIPT, UPSTREAM, OTHER }

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
    /** For an insert unless duplicate: what was submitted since then with the first row's key makes it one. */
    private Instant dedupeSince;
    /**
     * For an outcome or a receipt hand-over: its message's submit_time when the caller had the row
     * (null: only the id is known), so that a store whose tables are partitioned by it can go
     * straight to the partition.
     */
    private Instant submitTime;
    /** For an upstream receipt: the connector it came over, and when (the store's clock). */
    private String upstream;
    private Instant receivedAt;
    final Done<T> future = new Done<>(this);
    private T result;
    private StoreException failure;
    /** For an outcome: the write of the same message it must follow ({@link #after}), or null. */
    private WriteOp<C, UpdateResult> after;
    /**
     * For a forward: the upstream's receipt that follows it in the same transaction, written by the
     * forward's own UPDATE ({@link #fold}); null when none (writer thread only).
     */
    private WriteOp<C, ?> folded;
    /** The writer it was queued on, null before. */
    volatile Object queuedOn;
    /** The writer's number of the transaction this ran in last, 0 before it was taken (writer thread only). */
    long batch;
    /** Whether the transaction it ran in last committed (writer thread only). */
    boolean committed;

    /**
     * The future of a write, which knows its operation: a later write of the same store may then be
     * queued to follow it ({@link #after}) without waiting for its commit.
     */
    public static final class Done<T> extends CompletableFuture<T> {

        private final WriteOp<?, T> op;

        private Done(WriteOp<?, T> op) {
            this.op = op;
        }

        WriteOp<?, T> op() {
            return op;
        }
    }

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

    /**
     * New messages unless they are a resubmission: the result is the id of a message of the first
     * row's owner with its dedupe key submitted at or after {@code since} (committed before, or
     * queued before this in the same transaction), and then nothing is inserted; else all of
     * {@code rows} are inserted (the first leased until {@code leaseUntil} unless that is null)
     * and the result is empty. The other rows are the first one's copies, stored with it or not at all.
     */
    public static <C> WriteOp<C, Optional<String>> insertUnlessDuplicate(List<StoredMessage> rows,
            Instant leaseUntil, Instant since) {
        if (rows.isEmpty() || rows.get(0).dedupeKey() == null) {
            throw new IllegalArgumentException("the first row must have a dedupe key");
        }
        WriteOp<C, Optional<String>> op = new WriteOp<>(Kind.DEDUPE, rows, null, null, null, null);
        op.leaseUntil = leaseUntil;
        op.leased = leaseUntil == null ? 0 : 1;
        op.dedupeSince = Objects.requireNonNull(since, "since");
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

    /** The message's submit_time, as the row the caller had says (null: not known). */
    public WriteOp<C, T> submittedAt(Instant messageSubmitTime) {
        this.submitTime = messageSubmitTime;
        return this;
    }

    /** The message's submit_time when the caller knew it, else null ({@link #submittedAt}). */
    public Instant submitTime() {
        return submitTime;
    }

    /**
     * This outcome follows {@code prior}, an outcome of the same message queued before it on the same
     * writer: it runs after {@code prior} in the same transaction when both are taken together, and
     * only if {@code prior} changed the message (result OK); else it fails with {@link
     * PriorWriteNotRecordedException} and changes nothing. One level only: {@code prior} follows nothing.
     */
    public WriteOp<C, T> after(WriteOp<C, UpdateResult> prior) {
        if (kind != Kind.ATTEMPT || prior.kind != Kind.ATTEMPT || prior.after != null) {
            throw new IllegalArgumentException("only an outcome may follow an outcome that follows nothing");
        }
        this.after = prior;
        return this;
    }

    /** The outcome this one follows, or null. */
    WriteOp<C, UpdateResult> prior() {
        return after;
    }

    /**
     * Whether {@code follower}, queued to follow this outcome and taken in the same transaction,
     * can be written by this outcome's own UPDATE: this is a forward that awaits its receipt and the
     * follower is that receipt. One row write instead of two, and the same row as both in turn.
     */
    boolean canFold(WriteOp<C, ?> follower) {
        return folded == null && attempt instanceof Attempt.Forwarded f && f.awaitReceipt()
                && follower.attempt instanceof Attempt.Reported;
    }

    /** {@code follower} is written with this outcome ({@link #canFold}); its result follows from this one's. */
    void fold(WriteOp<C, ?> follower) {
        folded = follower;
    }

    /** The upstream's receipt folded into this forward, or null (writer thread only). */
    public WriteOp<C, ?> folded() {
        return folded;
    }

    /** A new transaction: nothing is folded into it until the writer says so. */
    void unfold() {
        folded = null;
    }

    /** The final outcome this write leaves: the folded receipt's when there is one. */
    public Attempt outcome() {
        return folded != null ? folded.attempt : attempt;
    }

    /** The receipt lease this write asks for: the folded receipt's when there is one. */
    public Instant outcomeLease() {
        return folded != null ? folded.receiptLeaseUntil : receiptLeaseUntil;
    }

    /** Whether it changed its message in the transaction running now (writer thread only). */
    boolean ranOk() {
        return failure == null && result == UpdateResult.OK;
    }

    /** Whether it committed having changed its message (writer thread only, after its transaction). */
    boolean recordedOk() {
        return committed && ranOk();
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

    /** For an insert unless duplicate: the start of its dedupe window. */
    public Instant dedupeSince() {
        return dedupeSince;
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
