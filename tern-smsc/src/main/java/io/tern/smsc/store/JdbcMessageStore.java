package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.logging.RateLimitedLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The {@link MessageStore} operations both SQL stores run the same way, on a {@link GroupCommitWriter}
 * for writes and a {@link ReaderPool} for reads, with the statements of {@link StoreStatements}. A
 * dialect (SQLite, PostgreSQL) extends it with its SQL where the two differ and the operations that
 * are its own: claims and leases, upstream links and receipts, the outbox of final outcomes, purges.
 *
 * @param <C> the dialect's connection type
 */
public abstract class JdbcMessageStore<C extends StoreStatements> implements MessageStore {

    /**
     * The SQL in which the dialects differ, for the operations they share.
     *
     * @param expirySweep pending messages past their validity and not leased (parameters now, now, limit)
     * @param insertionOrder the column that orders a table's rows as they were inserted (the
     *     tie-breaker of history and quarantine)
     * @param forwardedAt the message row's column of when it was forwarded, or NULL where a forward is
     *     a history row of its own
     * @param link where the dialect keeps a forward's link, for the records of exports and CDRs
     */
    public record Dialect(String expirySweep, String insertionOrder, String forwardedAt, RecordQueries.Link link) {
    }

    protected final Clock clock;
    /** Failures that repeat (every commit while the disk is full or the database away): logged once, then counted. */
    protected final RateLimitedLog failures;
    private final Dialect dialect;
    private GroupCommitWriter<C> writer;
    private ReaderPool<C> readers;

    protected JdbcMessageStore(Clock clock, Logger log, Dialect dialect) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dialect = dialect;
        this.failures = RateLimitedLog.of(log);
    }

    /** Called once, by the dialect's constructor, when its writer and readers exist: starts the writer. */
    protected final void start(GroupCommitWriter<C> writer, ReaderPool<C> readers) {
        this.writer = writer;
        this.readers = readers;
        writer.start();
    }

    /** Test hook: held, the writer stalls before its next batch, so that what is queued meanwhile commits together. */
    public final ReentrantLock writerGate() {
        return writer().gate();
    }

    protected final GroupCommitWriter<C> writer() {
        return writer;
    }

    protected final ReaderPool<C> readers() {
        return readers;
    }

    protected final <T> CompletableFuture<T> write(WriteOp<C, T> op) {
        return writer.write(op);
    }

    protected final <T> CompletableFuture<T> read(WriteOp.Work<C, T> work) {
        return readers.read(work);
    }

    /** Transactions committed so far (each one fsync); for metrics and the benchmark. */
    public final long commits() {
        return writer.commits();
    }

    /** Write operations committed so far; divided by {@link #commits()} it gives the group-commit factor. */
    public final long committedOperations() {
        return writer.committedOperations();
    }

    @Override
    public final StoreHealth health() {
        return writer.health();
    }

    @Override
    public final CompletableFuture<Void> closeAsync() {
        return writer.close();
    }

    @Override
    public final CompletableFuture<Void> insert(StoredMessage message) {
        return write(WriteOp.insert(List.of(message), null));
    }

    @Override
    public final CompletableFuture<Void> insertLeased(StoredMessage message, Instant leaseUntil) {
        return write(WriteOp.insert(List.of(message), Objects.requireNonNull(leaseUntil, "leaseUntil")));
    }

    @Override
    public final CompletableFuture<Void> insertAll(List<StoredMessage> messages) {
        return write(WriteOp.insert(List.copyOf(messages), null));
    }

    @Override
    public final CompletableFuture<Void> insertAll(List<StoredMessage> messages, int leased, Instant leaseUntil) {
        return write(WriteOp.insert(List.copyOf(messages), leased, leaseUntil));
    }

    @Override
    public final CompletableFuture<List<String>> insertReplacingIfPresent(StoredMessage message) {
        return write(WriteOp.other(w -> w.insertReplacing(message, clock.instant())));
    }

    @Override
    public final CompletableFuture<List<String>> insertAllReplacingIfPresent(List<StoredMessage> messages,
            List<StoredMessage> copies) {
        List<StoredMessage> m = List.copyOf(messages);
        List<StoredMessage> c = List.copyOf(copies);
        return write(WriteOp.other(w -> w.insertAllReplacing(m, c, clock.instant())));
    }

    @Override
    public final CompletableFuture<Optional<String>> insertUnlessDuplicate(List<StoredMessage> messages,
            Instant leaseUntil, Instant since) {
        return write(WriteOp.insertUnlessDuplicate(List.copyOf(messages), leaseUntil, since));
    }

    @Override
    public final CompletableFuture<Optional<String>> insertReplacingUnlessDuplicate(List<StoredMessage> messages,
            Instant since) {
        List<StoredMessage> rows = List.copyOf(messages);
        if (rows.isEmpty() || rows.get(0).dedupeKey() == null) {
            throw new IllegalArgumentException("the first message must have a dedupe key");
        }
        Objects.requireNonNull(since, "since");
        return write(WriteOp.other(w -> w.insertReplacingUnlessDuplicate(rows, since, clock.instant())));
    }

    @Override
    public final CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt, Instant receiptLeaseUntil) {
        return write(attemptOp(id, null, attempt, receiptLeaseUntil));
    }

    @Override
    public final CompletableFuture<UpdateResult> recordAttempt(StoredMessage message, Attempt attempt,
            Instant receiptLeaseUntil) {
        return write(attemptOp(message.id(), message.submitTime(), attempt, receiptLeaseUntil));
    }

    /** Queued at once behind {@code prior} when that is an outcome queued on this store's writer. */
    @Override
    public final CompletableFuture<UpdateResult> recordAttemptAfter(CompletionStage<UpdateResult> prior, String id,
            Attempt attempt, Instant receiptLeaseUntil) {
        return recordAttemptAfter(prior, id, null, attempt, receiptLeaseUntil);
    }

    /** Queued at once behind {@code prior} when that is an outcome queued on this store's writer. */
    @Override
    public final CompletableFuture<UpdateResult> recordAttemptAfter(CompletionStage<UpdateResult> prior,
            StoredMessage message, Attempt attempt, Instant receiptLeaseUntil) {
        return recordAttemptAfter(prior, message.id(), message.submitTime(), attempt, receiptLeaseUntil);
    }

    private CompletableFuture<UpdateResult> recordAttemptAfter(CompletionStage<UpdateResult> prior, String id,
            Instant submitTime, Attempt attempt, Instant receiptLeaseUntil) {
        WriteOp<C, UpdateResult> op = attemptOp(id, submitTime, attempt, receiptLeaseUntil);
        WriteOp<C, UpdateResult> before = writer.outcomeOf(prior);
        if (before == null) {
            return MessageStore.whenRecordedOk(prior, id, () -> write(op));
        }
        return write(op.after(before));
    }

    private static <C> WriteOp<C, UpdateResult> attemptOp(String id, Instant submitTime, Attempt attempt,
            Instant receiptLeaseUntil) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attempt, "attempt");
        return WriteOp.<C>attempt(id, attempt, receiptLeaseUntil).submittedAt(submitTime);
    }

    @Override
    public final CompletableFuture<UpdateResult> recordReceiptAttempt(String id, ReceiptAttempt attempt) {
        return write(receiptOp(id, null, attempt));
    }

    @Override
    public final CompletableFuture<UpdateResult> recordReceiptAttempt(StoredMessage message, ReceiptAttempt attempt) {
        return write(receiptOp(message.id(), message.submitTime(), attempt));
    }

    private static <C> WriteOp<C, UpdateResult> receiptOp(String id, Instant submitTime, ReceiptAttempt attempt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attempt, "attempt");
        return WriteOp.<C>receipt(id, attempt).submittedAt(submitTime);
    }

    @Override
    public final CompletableFuture<UpdateResult> cancel(String id, String owner) {
        return write(WriteOp.other(w -> w.cancel(id, owner, clock.instant())));
    }

    @Override
    public final CompletableFuture<UpdateResult> cancelAfterUpstream(String id, String owner) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        return write(WriteOp.other(w -> w.cancelAfterUpstream(id, owner, clock.instant())));
    }

    @Override
    public final CompletableFuture<Integer> wakeDestination(String target, String destinationAddr, Instant now) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(destinationAddr, "destinationAddr");
        return write(WriteOp.other(w -> w.wake(target, destinationAddr, now)));
    }

    @Override
    public final CompletableFuture<Integer> cancelMatching(String owner, String serviceType, StoredAddress source,
            StoredAddress destination) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(source, "source");
        return write(WriteOp.other(w -> w.cancelMatching(owner, serviceType, source, destination, clock.instant())));
    }

    @Override
    public final CompletableFuture<UpdateResult> replace(String id, String owner, byte[] newShortMessage,
            byte[] newTlvs, Instant newSchedule, Instant newExpiry, int newRegisteredDelivery) {
        byte[] body = newShortMessage.clone();
        byte[] tlvs = newTlvs == null ? null : newTlvs.clone();
        StoredMessage.requireOctet("registeredDelivery", newRegisteredDelivery);
        return write(WriteOp.other(w -> {
            UpdateResult check = w.checkPending(id, owner, clock.instant());
            if (check == UpdateResult.OK) {
                w.replace(id, body, tlvs, newRegisteredDelivery, newSchedule, newExpiry, clock.instant());
            }
            return check;
        }));
    }

    @Override
    public final CompletableFuture<List<StoredMessage>> expireDue(Instant now, int limit) {
        StoreStatements.requireLimit(limit);
        String sweep = dialect.expirySweep();
        return write(WriteOp.other(w -> w.expire(sweep, now, limit)));
    }

    @Override
    public final CompletableFuture<Map<String, Long>> pendingByTarget() {
        return read(StoreStatements::pendingByTarget);
    }

    /** How many receipts are owed (PENDING: not yet taken by the owner) per owner, for metrics. */
    public final CompletableFuture<Map<String, Long>> pendingReceiptsByOwner() {
        return read(StoreStatements::pendingReceiptsByOwner);
    }

    @Override
    public final CompletableFuture<Map<MessageState, Long>> countByState() {
        return read(StoreStatements::countByState);
    }

    @Override
    public final CompletableFuture<List<QuarantinedRecord>> quarantined() {
        String sql = "SELECT id, quarantined_at, error FROM quarantine ORDER BY " + dialect.insertionOrder();
        return read(r -> r.quarantined(sql));
    }

    @Override
    public final CompletableFuture<List<HistoryEntry>> history(String id) {
        String rows = "SELECT at, event, error_code, detail FROM attempt WHERE message_id = ? ORDER BY "
                + dialect.insertionOrder();
        String row = "SELECT state, final_time, receipt_state, receipt_next, " + dialect.forwardedAt()
                + " FROM message WHERE id = ?";
        return read(r -> r.history(id, rows, row));
    }

    @Override
    public final CompletableFuture<DueWork> targetsWithDueWork(Instant now) {
        return read(r -> DueWorkScan.find(r::ps, now.toEpochMilli()));
    }

    @Override
    public final CompletableFuture<List<String>> pendingDestinations(String target, int limit) {
        return read(r -> RecordQueries.pendingDestinations(r.ps(RecordQueries.PENDING_DESTINATIONS), target, limit));
    }

    @Override
    public final CompletableFuture<List<FinalOutcome>> finalOutcomes(int limit) {
        String sql = RecordQueries.finalOutcomes(MessageRows.COLUMNS, dialect.link());
        return read(r -> RecordQueries.finalOutcomes(r.ps(sql), limit, r::map, MessageRows.COLUMN_COUNT));
    }

    /** A message with the sender-ID rule its history records, if any (history is indexed by message_id). */
    private static final String FIND = MessageRows.SELECT.replace(" FROM message", ", (SELECT detail FROM attempt"
            + " WHERE message_id = message.id AND event = 'SENDER_REWRITTEN' LIMIT 1) FROM message") + " WHERE id = ?";

    @Override
    public final CompletableFuture<Optional<StoredMessage>> find(String id) {
        return read(r -> {
            PreparedStatement ps = r.ps(FIND);
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(r.map(rs).withSenderRule(rs.getString(MessageRows.COLUMN_COUNT + 1)));
                } catch (RuntimeException e) {
                    // Readers may not write: the writer moves the row aside, this caller learns why.
                    String error = e.toString();
                    write(WriteOp.other(w -> {
                        w.quarantine(id, error, clock.instant());
                        return null;
                    })).whenComplete((v, t) -> {
                        if (t != null) {
                            failures.error("quarantine failed", "could not quarantine damaged message " + id, t);
                        }
                    });
                    throw new StoreException("message " + id + " is damaged and set aside: " + error, e);
                }
            }
        });
    }

    @Override
    public final CompletableFuture<Integer> addSuppressions(List<Suppression> rows) {
        List<Suppression> copy = List.copyOf(rows);
        return write(WriteOp.other(w -> SuppressionRows.add(w::ps, copy)));
    }

    @Override
    public final CompletableFuture<Boolean> removeSuppression(String account, String number) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(number, "number");
        return write(WriteOp.other(w -> SuppressionRows.remove(w::ps, account, number)));
    }

    @Override
    public final CompletableFuture<List<Suppression>> suppressions(String account, String after, int limit) {
        Objects.requireNonNull(account, "account");
        return read(r -> SuppressionRows.page(r::ps, account, after, limit));
    }
}
