package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The SPI between the SMSC core and durable storage: the store is the truth about every accepted
 * message, and a write future completing normally is the promise behind an ESME_ROK (docs/architecture.md
 * contract 1).
 *
 * <p>Every method returns at once and never blocks the caller, which is usually a Netty event loop.
 * Futures may complete on a store thread: callers hop back to their own executor before doing real
 * work. A future fails with {@link StoreOverloadedException} when the store's bounded queue is full,
 * with its subclass {@link StoreUnavailableException} when the store cannot commit for now (the disk
 * is full) and recovers by itself, and with {@link StoreException} when the work did not take effect;
 * a failed write was not committed. Implementations are dialect-neutral from the caller's view and must pass
 * {@code MessageStoreContract}.
 */
public interface MessageStore extends AutoCloseable {

    /** Completes once {@code message} is durably committed; fails if its id already exists. */
    CompletableFuture<Void> insert(StoredMessage message);

    /**
     * {@link #insert}, with the message already leased to the caller until {@code leaseUntil}, as
     * {@link #claimDue} would have: the caller attempts it itself once the future completes, so no
     * claim has to find it. If the caller dies, the message is claimable when the lease ends (or
     * after {@link #releaseAllLeases()}).
     */
    CompletableFuture<Void> insertLeased(StoredMessage message, Instant leaseUntil);

    /** Commits all of {@code messages} or none of them (submit_multi). */
    CompletableFuture<Void> insertAll(List<StoredMessage> messages);

    /**
     * {@link #insertAll}, with the first {@code leased} of {@code messages} leased to the caller
     * until {@code leaseUntil}, as {@link #insertLeased} leases one (a campaign's batch handed
     * straight to the scheduler).
     */
    CompletableFuture<Void> insertAll(List<StoredMessage> messages, int leased, Instant leaseUntil);

    /**
     * replace_if_present_flag (SMPP 3.4 §5.2.18): in one transaction, supersede (set DELETED) every
     * pending message of the same owner with the same service_type, source and destination, and
     * insert {@code message}. Completes with the ids superseded, possibly none.
     */
    CompletableFuture<List<String>> insertReplacingIfPresent(StoredMessage message);

    /**
     * {@link #insertReplacingIfPresent} for each of {@code messages} (a submit_multi's destinations)
     * in one transaction, with {@code copies} inserted as they are: the pending messages any of them
     * replaces are superseded first, so that {@code messages} never supersede one another. Completes
     * with the ids superseded, possibly none.
     */
    CompletableFuture<List<String>> insertAllReplacingIfPresent(List<StoredMessage> messages,
            List<StoredMessage> copies);

    /**
     * A resubmission's check and the insert as one atomic step (an account's dedupe window): if a
     * message of the first of {@code messages}' owner with its dedupe key was submitted at or after
     * {@code since}, completes with that message's id and stores nothing; else commits all of
     * {@code messages} (the first one's copies follow it), the first leased until {@code leaseUntil}
     * as {@link #insertLeased} leases it unless that is null, and completes empty. Holds against
     * every writer of the store, on this node or another, and between two of these queued
     * together: the one queued first is stored, the other gets its id.
     */
    CompletableFuture<Optional<String>> insertUnlessDuplicate(List<StoredMessage> messages, Instant leaseUntil,
            Instant since);

    /** {@link #insertUnlessDuplicate(List, Instant, Instant)} of one message. */
    default CompletableFuture<Optional<String>> insertUnlessDuplicate(StoredMessage message, Instant leaseUntil,
            Instant since) {
        return insertUnlessDuplicate(List.of(message), leaseUntil, since);
    }

    /**
     * {@link #insertUnlessDuplicate(List, Instant, Instant)} (without a lease) where the first
     * message replaces as {@link #insertReplacingIfPresent} does: a resubmission changes nothing.
     */
    CompletableFuture<Optional<String>> insertReplacingUnlessDuplicate(List<StoredMessage> messages, Instant since);

    CompletableFuture<Optional<StoredMessage>> find(String id);

    /**
     * Leases up to {@code limit} pending messages of {@code target} that are due at {@code now} and
     * not expired, highest priority_flag first, then oldest due first. A message leased until
     * {@code leaseUntil} is not claimed again before then, so a crashed claimer's work comes back.
     */
    CompletableFuture<List<StoredMessage>> claimDue(String target, Instant now, int limit, Instant leaseUntil);

    /** Leases up to {@code limit} messages of {@code owner} whose PENDING receipt is due at {@code now}. */
    CompletableFuture<List<StoredMessage>> claimDueReceipts(String owner, Instant now, int limit, Instant leaseUntil);

    /** The targets and receipt owners with claimable work at {@code now}: the scheduler's fallback scan. */
    CompletableFuture<DueWork> targetsWithDueWork(Instant now);

    /**
     * Records a delivery outcome and releases the message's lease. DELIVERED, UNDELIVERABLE and
     * EXPIRED make the receipt PENDING when registered_delivery asks for one for that outcome. The
     * attempt is written to the history even when the message is already final.
     */
    default CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt) {
        return recordAttempt(id, attempt, null);
    }

    /**
     * {@link #recordAttempt(String, Attempt)}, and when the outcome makes the receipt PENDING,
     * lease that receipt until {@code receiptLeaseUntil} in the same change: the caller sends the
     * receipt itself at once instead of claiming it later with {@link #claimDueReceipts}. A null
     * lease leaves the receipt to a claim. The lease only matters if the caller dies or fails to
     * send it: then the receipt is claimable again when the lease ends.
     */
    CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt, Instant receiptLeaseUntil);

    /**
     * {@link #recordAttempt(String, Attempt, Instant)} of {@code message}, a row this store gave (a
     * claim) or took (an insert): a store may use more of it than the id to find the row (PostgreSQL
     * its submit_time, which names the partition).
     */
    default CompletableFuture<UpdateResult> recordAttempt(StoredMessage message, Attempt attempt,
            Instant receiptLeaseUntil) {
        return recordAttempt(message.id(), attempt, receiptLeaseUntil);
    }

    /**
     * {@link #recordAttempt(String, Attempt, Instant)} after {@code prior}, a write of this store's
     * that records an earlier outcome of the same message: it takes effect only if {@code prior}
     * completes OK (else it fails with {@link PriorWriteNotRecordedException} and writes nothing),
     * and never before it. A store may queue it at once, to commit in the same transaction as
     * {@code prior} (an upstream's receipt arriving right behind its forward's submit_sm_resp); this
     * default waits for {@code prior} to complete.
     */
    default CompletableFuture<UpdateResult> recordAttemptAfter(CompletionStage<UpdateResult> prior, String id,
            Attempt attempt, Instant receiptLeaseUntil) {
        return whenRecordedOk(prior, id, () -> recordAttempt(id, attempt, receiptLeaseUntil));
    }

    /**
     * {@code then}'s write once {@code prior} completed OK, else a failure with {@link
     * PriorWriteNotRecordedException} (message {@code id}) and no write.
     */
    static CompletableFuture<UpdateResult> whenRecordedOk(CompletionStage<UpdateResult> prior, String id,
            Supplier<CompletableFuture<UpdateResult>> then) {
        return prior.handle((r, e) -> e == null && r == UpdateResult.OK).toCompletableFuture()
                .thenCompose(ok -> ok ? then.get()
                        : CompletableFuture.failedFuture(new PriorWriteNotRecordedException(id)));
    }

    /**
     * {@link #recordAttemptAfter(CompletionStage, String, Attempt, Instant)} of {@code message}, a row
     * this store gave or took (see {@link #recordAttempt(StoredMessage, Attempt, Instant)}).
     */
    default CompletableFuture<UpdateResult> recordAttemptAfter(CompletionStage<UpdateResult> prior,
            StoredMessage message, Attempt attempt, Instant receiptLeaseUntil) {
        return recordAttemptAfter(prior, message.id(), attempt, receiptLeaseUntil);
    }

    /** Records a receipt hand-over outcome and releases the receipt's lease. */
    CompletableFuture<UpdateResult> recordReceiptAttempt(String id, ReceiptAttempt attempt);

    /**
     * {@link #recordReceiptAttempt(String, ReceiptAttempt)} of {@code message}, a row this store gave
     * or took (see {@link #recordAttempt(StoredMessage, Attempt, Instant)}).
     */
    default CompletableFuture<UpdateResult> recordReceiptAttempt(StoredMessage message, ReceiptAttempt attempt) {
        return recordReceiptAttempt(message.id(), attempt);
    }

    /**
     * A receipt from the upstream SMSC reached over connector {@code upstream}, for the message it
     * knows as {@code upstreamId} (as the connector canonicalised it): in one transaction the
     * forwarded message takes the reported final state, and its own receipt becomes PENDING when
     * its submitter asked for one. A receipt that matches no forwarded message yet is kept, and
     * applied when {@link #recordAttempt} records the {@link Attempt.Forwarded} with that id.
     */
    CompletableFuture<UpstreamReceiptResult> recordUpstreamReceipt(String upstream, String upstreamId,
            Attempt.Reported report);

    /**
     * {@link #recordUpstreamReceipt(String, String, Attempt.Reported)}, and when the message's own
     * receipt becomes PENDING, lease it to the caller until {@code receiptLeaseUntil} in the same
     * change and return the message ({@link UpstreamReceiptResult#message()}), so that the caller
     * sends the receipt from memory instead of claiming it. A store that does not do this returns
     * no message, and the receipt is left to a claim.
     */
    default CompletableFuture<UpstreamReceiptResult> recordUpstreamReceipt(String upstream, String upstreamId,
            Attempt.Reported report, Instant receiptLeaseUntil) {
        return recordUpstreamReceipt(upstream, upstreamId, report);
    }

    /** Deletes kept upstream receipts that matched no message and arrived before {@code cutoff}; completes with how many. */
    CompletableFuture<Integer> purgeUnmatchedReceipts(Instant cutoff);

    /** The connector and upstream id of a message that was forwarded upstream. */
    CompletableFuture<Optional<UpstreamLink>> upstreamLink(String id);

    /** How many messages are pending (SCHEDULED or ENROUTE) per target, for status output. */
    CompletableFuture<Map<String, Long>> pendingByTarget();

    /** Every recorded attempt and change of a message, oldest first. */
    CompletableFuture<List<HistoryEntry>> history(String id);

    /** cancel_sm by message_id (SMPP 3.4 §4.9): a pending message of {@code owner} becomes DELETED. */
    CompletableFuture<UpdateResult> cancel(String id, String owner);

    /**
     * The cancellation of a message an upstream SMSC had, once that SMSC has answered its cancel_sm
     * with ESME_ROK: a pending message of {@code owner} becomes DELETED although it was forwarded
     * (IN_DELIVERY still while an attempt holds it, as for {@link #cancel}).
     */
    CompletableFuture<UpdateResult> cancelAfterUpstream(String id, String owner);

    /**
     * cancel_sm without message_id: every pending message of {@code owner} from {@code source},
     * to {@code destination} (null: any) with {@code serviceType} (null or empty: any) becomes
     * DELETED; addresses match by their digits, whatever their TON and NPI. Completes with how many
     * were cancelled.
     */
    CompletableFuture<Integer> cancelMatching(String owner, String serviceType, StoredAddress source, StoredAddress destination);

    /**
     * replace_sm (SMPP 3.4 §4.10) of a pending message of {@code owner}. A null schedule or expiry
     * keeps the current one; a new schedule also becomes the next attempt time; null {@code newTlvs}
     * (encoded TLVs) keeps the message's own.
     */
    CompletableFuture<UpdateResult> replace(String id, String owner, byte[] newShortMessage, byte[] newTlvs,
            Instant newSchedule, Instant newExpiry, int newRegisteredDelivery);

    /**
     * Moves up to {@code limit} unleased pending messages whose validity ended by {@code now} to
     * EXPIRED (receipt PENDING if wanted) and returns them as they now are. Being the periodic
     * sweep over pending work, it also quarantines rows no claim can see (an unknown state).
     */
    CompletableFuture<List<StoredMessage>> expireDue(Instant now, int limit);

    /** Deletes final messages (and their history) finished before {@code cutoff} that owe no receipt. */
    CompletableFuture<Integer> purgeFinalBefore(Instant cutoff);

    /**
     * Makes every pending, unleased message of {@code target} to {@code destinationAddr} due at
     * {@code now}: an absent subscriber is back, its parked messages go at once. Completes with
     * how many were woken.
     */
    CompletableFuture<Integer> wakeDestination(String target, String destinationAddr, Instant now);

    /**
     * Clears every message and receipt lease. A single node calls it at start-up: after a crash
     * nobody holds a lease any more, so its messages need not wait for the leases to run out.
     */
    CompletableFuture<Integer> releaseAllLeases();

    /**
     * Clears the message and receipt leases of {@code ids} (those still leased): their caller will
     * not attempt them (or send their receipts) after all, so a claim may take them at once.
     * Completes with how many were released.
     */
    CompletableFuture<Integer> releaseLeases(List<String> ids);

    /**
     * Puts {@code rows} on their accounts' suppression lists (opt-out) in one transaction; numbers
     * already listed keep their entry. Completes with how many were new.
     */
    CompletableFuture<Integer> addSuppressions(List<Suppression> rows);

    /** Takes {@code number} off {@code account}'s suppression list; completes with whether it was on it. */
    CompletableFuture<Boolean> removeSuppression(String account, String number);

    /**
     * A page of {@code account}'s suppression list in number order: up to {@code limit} numbers
     * after {@code after} (null or empty: from the start).
     */
    CompletableFuture<List<Suppression>> suppressions(String account, String after, int limit);

    /**
     * The distinct destination addresses of pending messages of {@code target}, at most
     * {@code limit}: which parked subscribers a range of returning handsets may concern.
     */
    CompletableFuture<List<String>> pendingDestinations(String target, int limit);

    /**
     * Turns the outbox of final outcomes on or off (docs/operations.md#call-detail-records). While
     * it is on, every change that makes a message final (DELIVERED, EXPIRED, DELETED, UNDELIVERABLE,
     * ACCEPTED, UNKNOWN, REJECTED) adds it to the outbox in the same transaction, so nothing
     * committed can be missed, and purges keep the messages the outbox still names. Turning it off
     * empties the outbox.
     */
    CompletableFuture<Void> keepFinalOutcomes(boolean keep);

    /** Up to {@code limit} outcomes from the outbox, oldest commit first. */
    CompletableFuture<List<FinalOutcome>> finalOutcomes(int limit);

    /**
     * Removes outcomes from the outbox once their records are durably written; completes with how
     * many. {@code seqs} is what {@link #finalOutcomes} gave, whole: a store whose outbox order is
     * its commit order may remove every outcome up to the largest of them.
     */
    CompletableFuture<Integer> finalOutcomesWritten(List<Long> seqs);

    /**
     * Calls {@code sink} with every message submitted in [{@code from}, {@code to}) (of
     * {@code owner} only, unless it is null), in the order the store reads them, one at a time on a
     * store thread, without holding them all in memory: for exports. Completes with how many there
     * were; fails with what {@code sink} threw.
     */
    CompletableFuture<Long> forEachMessage(Instant from, Instant to, String owner, java.util.function.Consumer<MessageRecord> sink);

    /** Rows set aside because they could not be read as messages. */
    CompletableFuture<List<QuarantinedRecord>> quarantined();

    /** How many messages are in each state; states with none are present with 0. */
    CompletableFuture<Map<MessageState, Long>> countByState();

    /**
     * Whether writes commit now; when they do not (the disk is full), why and since when. Cheap, any
     * thread: what a readiness probe asks.
     */
    StoreHealth health();

    /** Refuses new work, finishes the queued writes, then releases everything. */
    CompletableFuture<Void> closeAsync();

    /** Blocking {@link #closeAsync()}, for shutdown paths and tests, never for an event loop. */
    @Override
    default void close() {
        closeAsync().join();
    }
}
