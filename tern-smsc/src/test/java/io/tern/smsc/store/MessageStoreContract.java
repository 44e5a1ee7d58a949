package io.tern.smsc.store;

import static io.tern.smsc.store.TestMessages.T0;
import static io.tern.smsc.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tern.smpp.pdu.MessageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link MessageStore} must have, whatever the database under it; each
 * implementation's test extends this class and supplies {@link #newStore(Path)}.
 */
public abstract class MessageStoreContract {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    protected Path dir;

    protected MessageStore store;

    /** A store keeping its data under {@code dir}; called again with the same dir to reopen. */
    protected abstract MessageStore newStore(Path dir);

    @BeforeEach
    void openStore() {
        store = newStore(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void reopen() {
        store.close();
        store = newStore(dir);
    }

    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("store operation failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whether the outcomes below are recorded with the message's row, as the queue manager and the
     * connectors do (a store may find the row by more than its id: PostgreSQL names the partition
     * from its submit_time), rather than with its id alone. A message not stored yet (queued behind a
     * stalled writer) is recorded by id either way.
     */
    protected boolean recordsByRow() {
        return false;
    }

    private StoredMessage row(String id) {
        return recordsByRow() ? await(store.find(id)).orElse(null) : null;
    }

    protected CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt) {
        return recordAttempt(id, attempt, null);
    }

    protected CompletableFuture<UpdateResult> recordAttempt(String id, Attempt attempt, Instant receiptLeaseUntil) {
        StoredMessage row = row(id);
        return row != null ? store.recordAttempt(row, attempt, receiptLeaseUntil)
                : store.recordAttempt(id, attempt, receiptLeaseUntil);
    }

    protected CompletableFuture<UpdateResult> recordAttemptAfter(CompletableFuture<UpdateResult> prior, String id,
            Attempt attempt, Instant receiptLeaseUntil) {
        StoredMessage row = row(id);
        return row != null ? store.recordAttemptAfter(prior, row, attempt, receiptLeaseUntil)
                : store.recordAttemptAfter(prior, id, attempt, receiptLeaseUntil);
    }

    protected CompletableFuture<UpdateResult> recordReceiptAttempt(String id, ReceiptAttempt attempt) {
        StoredMessage row = row(id);
        return row != null ? store.recordReceiptAttempt(row, attempt) : store.recordReceiptAttempt(id, attempt);
    }

    protected StoredMessage stored(String id) {
        return await(store.find(id)).orElseThrow(() -> new AssertionError("no message " + id));
    }

    private List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    private List<String> claim(String target, Instant now) {
        return ids(await(store.claimDue(target, now, 100, now.plus(LEASE))));
    }

    // --- suppression lists (opt-out) ----------------------------------------------------------------

    @Test
    void suppressionsAreKeptPerAccountAndSurviveReopen() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        int added = await(store.addSuppressions(List.of(new Suppression("acme", "447700900002", at, "reply STOP"),
                new Suppression("acme", "447700900001", at, "api"),
                new Suppression("beta", "447700900001", at, "import"))));
        assertThat(added).isEqualTo(3);

        reopen();

        assertThat(await(store.suppressions("acme", null, 10))).containsExactly(
                new Suppression("acme", "447700900001", at, "api"),
                new Suppression("acme", "447700900002", at, "reply STOP"));
        assertThat(await(store.suppressions("beta", "", 10))).extracting(Suppression::number)
                .containsExactly("447700900001");
        assertThat(await(store.suppressions("gamma", null, 10))).isEmpty();
    }

    @Test
    void addingAListedNumberAgainKeepsTheFirstEntry() {
        Instant first = Instant.parse("2026-01-02T03:04:05Z");
        await(store.addSuppressions(List.of(new Suppression("acme", "447700900001", first, "reply STOP"))));

        int added = await(store.addSuppressions(List.of(
                new Suppression("acme", "447700900001", first.plusSeconds(60), "api"),
                new Suppression("acme", "447700900009", first.plusSeconds(60), "api"))));

        assertThat(added).isEqualTo(1);
        assertThat(await(store.suppressions("acme", null, 10))).containsExactly(
                new Suppression("acme", "447700900001", first, "reply STOP"),
                new Suppression("acme", "447700900009", first.plusSeconds(60), "api"));
    }

    @Test
    void suppressionListIsPagedByNumberAndRemovalTakesOneNumberOff() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        List<Suppression> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(new Suppression("acme", String.format("4477009%05d", i), at, "import"));
        }
        await(store.addSuppressions(rows));

        List<Suppression> page1 = await(store.suppressions("acme", null, 10));
        List<Suppression> page3 = await(store.suppressions("acme", "447700900019", 10));
        assertThat(page1).extracting(Suppression::number).startsWith("447700900000").hasSize(10);
        assertThat(page3).extracting(Suppression::number).containsExactly("447700900020", "447700900021",
                "447700900022", "447700900023", "447700900024");

        assertThat(await(store.removeSuppression("acme", "447700900003"))).isTrue();
        assertThat(await(store.removeSuppression("acme", "447700900003"))).isFalse();
        assertThat(await(store.removeSuppression("beta", "447700900004"))).isFalse();
        reopen();
        assertThat(await(store.suppressions("acme", null, 100))).hasSize(24)
                .extracting(Suppression::number).doesNotContain("447700900003");
    }

    // --- insert and find --------------------------------------------------------------------------

    @Test
    void acknowledgedInsertSurvivesReopen() {
        StoredMessage m = message("m1").tlvs(new byte[] {0x02, 0x04, 0x00, 0x02, 0x00, 0x07})
                .userMessageReference(7).scheduled(T0.plusSeconds(60)).dedupeKey("k1").serviceType("CMT")
                .priority(1).registeredDelivery(1).build();
        await(store.insert(m));

        reopen();

        assertThat(stored("m1")).isEqualTo(m);
        assertThat(stored("m1").tlvs()).containsExactly(0x02, 0x04, 0x00, 0x02, 0x00, 0x07);
    }

    @Test
    void findOfUnknownIdIsEmpty() {
        assertThat(await(store.find("nope"))).isEmpty();
    }

    @Test
    void emptyShortMessageReadsBackEmpty() {
        await(store.insert(message("m1").text("").build()));

        assertThat(stored("m1").shortMessage()).isEmpty();
    }

    @Test
    void duplicateIdFailsAloneWhileOthersCommit() {
        await(store.insert(message("m1").text("first").build()));

        CompletableFuture<Void> duplicate = store.insert(message("m1").text("second").build());
        CompletableFuture<Void> other = store.insert(message("m2").build());

        assertThatThrownBy(() -> duplicate.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        await(other);
        assertThat(new String(stored("m1").shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("first");
        assertThat(await(store.find("m2"))).isPresent();
    }

    /**
     * One operation failing in a batch of several kinds (a second insert of an id) fails alone: the
     * batch's other inserts, outcomes and receipt hand-overs commit (on a store that runs a batch
     * without savepoints first, after running it again with them).
     */
    @Test
    void anOperationFailingInABatchFailsAloneWhileTheBatchsOtherWritesCommit() {
        await(store.insert(message("m1").text("first").build()));
        await(store.insert(message("m2").registeredDelivery(1).build()));
        await(store.insert(message("m3").registeredDelivery(1).build()));
        await(recordAttempt("m3", new Attempt.Delivered(T0)));
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        CompletableFuture<Void> duplicate;
        CompletableFuture<Void> other;
        CompletableFuture<UpdateResult> outcome;
        CompletableFuture<UpdateResult> receipt;
        long before = jdbc.commits();
        jdbc.writerGate().lock();
        try {
            other = store.insert(message("m4").build());
            duplicate = store.insert(message("m1").text("second").build());
            outcome = recordAttempt("m2", new Attempt.Delivered(T0.plusSeconds(1)));
            receipt = recordReceiptAttempt("m3", new ReceiptAttempt.Sent(T0.plusSeconds(2)));
        } finally {
            jdbc.writerGate().unlock();
        }

        assertThatThrownBy(() -> duplicate.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        await(other);
        assertThat(await(outcome)).isEqualTo(UpdateResult.OK);
        assertThat(await(receipt)).isEqualTo(UpdateResult.OK);
        assertThat(jdbc.commits() - before).as("one transaction (two if the writer took the first alone)")
                .isLessThanOrEqualTo(2);
        assertThat(new String(stored("m1").shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("first");
        assertThat(await(store.find("m4"))).isPresent();
        assertThat(stored("m2").state()).isEqualTo(MessageState.DELIVERED);
        assertThat(stored("m3").receiptState()).isEqualTo(ReceiptState.SENT);
    }

    @Test
    void insertAllCommitsAllOrNothing() {
        await(store.insert(message("m1").build()));

        CompletableFuture<Void> failing = store.insertAll(List.of(message("a").build(), message("m1").build()));
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        assertThat(await(store.find("a"))).isEmpty();

        await(store.insertAll(List.of(message("b").build(), message("c").build())));
        assertThat(await(store.find("b"))).isPresent();
        assertThat(await(store.find("c"))).isPresent();
    }

    @Test
    void tenThousandConcurrentInsertsAllSurviveReopen() throws Exception {
        int threads = 8;
        int perThread = 1_250;
        // Callers bound what they have in flight (an SMPP window); a store may refuse more than it queues.
        Semaphore inFlight = new Semaphore(32);
        ExecutorService producers = Executors.newFixedThreadPool(threads);
        List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            submitted.add(producers.submit(() -> {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    inFlight.acquire();
                    CompletableFuture<Void> ack = store.insert(message("t" + thread + "-" + i).build());
                    ack.whenComplete((v, failure) -> inFlight.release());
                    acks.add(ack);
                }
                return acks;
            }));
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Future<List<CompletableFuture<Void>>> f : submitted) {
            acks.addAll(f.get(60, TimeUnit.SECONDS));
        }
        producers.shutdown();
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));

        reopen();

        assertThat(await(store.countByState()).get(MessageState.ENROUTE)).isEqualTo(threads * perThread);
        List<String> missing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                if (await(store.find("t" + t + "-" + i)).isEmpty()) {
                    missing.add("t" + t + "-" + i);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void closeCommitsQueuedWritesBeforeReturning() {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acks.add(store.insert(message("q" + i).build()));
        }

        store.close();

        assertThat(acks).allSatisfy(ack -> assertThat(ack).isCompleted().isNotCompletedExceptionally());
        store = newStore(dir);
        assertThat(await(store.countByState()).get(MessageState.ENROUTE)).isEqualTo(20L);
    }

    @Test
    void writesAfterCloseFailInsteadOfHanging() {
        store.close();

        assertThatThrownBy(() -> store.insert(message("late").build()).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class);
        store = null;
    }

    // --- claims -----------------------------------------------------------------------------------

    @Test
    void claimDueReturnsHigherPriorityFirstThenOldestDue() {
        await(store.insertAll(List.of(
                message("late-low").due(T0.plusSeconds(2)).build(),
                message("early-low").due(T0.plusSeconds(1)).build(),
                message("late-high").priority(2).due(T0.plusSeconds(3)).build())));

        assertThat(claim("esme:BETA", T0.plusSeconds(10))).containsExactly("late-high", "early-low", "late-low");
    }

    @Test
    void claimDueTakesOnlyDueUnexpiredPendingMessagesOfTheTarget() {
        await(store.insertAll(List.of(
                message("due").build(),
                message("future").due(T0.plusSeconds(60)).build(),
                message("scheduled-due").scheduled(T0.minusSeconds(1)).build(),
                message("expired").expires(T0).due(T0.minusSeconds(5)).build(),
                message("other-target").target("sim").build(),
                message("cancelled").build())));
        await(store.cancel("cancelled", "ACME"));

        assertThat(claim("esme:BETA", T0)).containsExactlyInAnyOrder("due", "scheduled-due");
    }

    @Test
    void claimDueRespectsTheLimit() {
        await(store.insertAll(List.of(message("a").build(), message("b").build(), message("c").build())));

        assertThat(await(store.claimDue("esme:BETA", T0, 2, T0.plus(LEASE)))).hasSize(2);
        assertThat(claim("esme:BETA", T0)).hasSize(1);
    }

    @Test
    void claimDueSkipsMessagesStillLeased() {
        await(store.insert(message("m1").build()));

        assertThat(claim("esme:BETA", T0)).containsExactly("m1");
        assertThat(claim("esme:BETA", T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void releasedLeasesMakeClaimedMessagesClaimableAtOnce() {
        await(store.insert(message("m1").build()));
        assertThat(claim("esme:BETA", T0)).containsExactly("m1");

        assertThat(await(store.releaseAllLeases())).isEqualTo(1);

        assertThat(claim("esme:BETA", T0.plusSeconds(1))).containsExactly("m1");
    }

    @Test
    void callbackUrlAndClientRefAreKeptThroughClaimOutcomeExpiryAndRestart() {
        String url = "https://crm.example.com/hooks/sms?x=1";
        await(store.insert(message("h1").http(url, "order-17").build()));
        await(store.insertAll(List.of(message("h2").http(url, null).expires(T0.plusSeconds(10)).build(),
                message("h3").build())));

        assertThat(stored("h1").callbackUrl()).isEqualTo(url);
        assertThat(stored("h1").clientRef()).isEqualTo("order-17");
        assertThat(stored("h3").callbackUrl()).isNull();
        assertThat(stored("h3").clientRef()).isNull();
        List<StoredMessage> claimed = await(store.claimDue("esme:BETA", T0, 100, T0.plus(LEASE)));
        assertThat(claimed).filteredOn(m -> m.id().equals("h1")).singleElement()
                .satisfies(m -> assertThat(m.clientRef()).isEqualTo("order-17"));
        await(recordAttempt("h1", new Attempt.Delivered(T0.plusSeconds(1))));
        await(store.releaseLeases(List.of("h2", "h3")));
        List<StoredMessage> expired = await(store.expireDue(T0.plusSeconds(11), 100));
        assertThat(expired).filteredOn(m -> m.id().equals("h2")).singleElement()
                .satisfies(m -> assertThat(m.callbackUrl()).isEqualTo(url));

        reopen();
        assertThat(stored("h1").state()).isEqualTo(MessageState.DELIVERED);
        assertThat(stored("h1").callbackUrl()).isEqualTo(url);
        assertThat(stored("h1").clientRef()).isEqualTo("order-17");
        assertThat(stored("h2").state()).isEqualTo(MessageState.EXPIRED);
        assertThat(stored("h2").callbackUrl()).isEqualTo(url);
    }

    @Test
    void insertLeasedIsClaimedByTheInserterUntilTheLeaseEnds() {
        StoredMessage m = message("m1").build();
        await(store.insertLeased(m, T0.plus(LEASE)));

        assertThat(stored("m1")).isEqualTo(m);
        assertThat(claim("esme:BETA", T0)).as("leased to the inserter").isEmpty();
        assertThat(claim("esme:BETA", T0.plus(LEASE).plusSeconds(1))).as("its inserter died").containsExactly("m1");
    }

    @Test
    void insertAllLeasesItsFirstMessagesAndLeavesTheOthersClaimable() {
        List<StoredMessage> batch = List.of(message("b1").build(), message("b2").build(), message("b3").build());
        await(store.insertAll(batch, 2, T0.plus(LEASE)));

        assertThat(stored("b1")).isEqualTo(batch.get(0));
        assertThat(stored("b3")).isEqualTo(batch.get(2));
        assertThat(claim("esme:BETA", T0)).as("only the one not leased").containsExactly("b3");
        assertThat(claim("esme:BETA", T0.plus(LEASE).plusSeconds(1))).as("their inserter died (and b3's claim ended)")
                .containsExactlyInAnyOrder("b1", "b2", "b3");
    }

    @Test
    void insertLeasedMessageTakesItsOutcomeAndComesBackAfterARestart() {
        await(store.insertLeased(message("m1").build(), T0.plus(LEASE)));
        await(store.insertLeased(message("m2").build(), T0.plus(LEASE)));
        assertThat(await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1))))).isEqualTo(UpdateResult.OK);
        assertThat(stored("m1").state()).isEqualTo(MessageState.DELIVERED);

        reopen();
        assertThat(await(store.releaseAllLeases())).isEqualTo(1);

        assertThat(claim("esme:BETA", T0.plusSeconds(2))).as("acknowledged, never attempted").containsExactly("m2");
    }

    @Test
    void releaseLeasesGivesLeasedMessagesBackToClaimsAtOnce() {
        await(store.insertLeased(message("m1").build(), T0.plus(LEASE)));
        await(store.insertLeased(message("m2").build(), T0.plus(LEASE)));

        assertThat(await(store.releaseLeases(List.of("m1", "unknown")))).isEqualTo(1);

        assertThat(claim("esme:BETA", T0)).containsExactly("m1");
    }

    @Test
    void releaseLeasesAlsoGivesALeasedReceiptBackToClaims() {
        await(store.insert(message("m1").registeredDelivery(1).build()));
        claim("esme:BETA", T0);
        await(recordAttempt("m1", new Attempt.Delivered(T0), T0.plus(LEASE)));
        assertThat(await(store.claimDueReceipts("ACME", T0, 10, T0.plus(LEASE)))).as("leased to its sender").isEmpty();

        assertThat(await(store.releaseLeases(List.of("m1")))).isEqualTo(1);

        assertThat(await(store.claimDueReceipts("ACME", T0, 10, T0.plus(LEASE)))).extracting(StoredMessage::id)
                .containsExactly("m1");
    }

    @Test
    void wakeDestinationMakesParkedMessagesOfThatDestinationDueNow() {
        await(store.insert(message("m1").destination("447700900001").build()));
        await(store.insert(message("m2").destination("447700900002").build()));
        claim("esme:BETA", T0);
        Instant parkedUntil = T0.plus(Duration.ofHours(1));
        await(recordAttempt("m1", new Attempt.FailedTemporary(T0, 27, parkedUntil)));
        await(recordAttempt("m2", new Attempt.FailedTemporary(T0, 27, parkedUntil)));
        Instant back = T0.plusSeconds(10);

        assertThat(await(store.wakeDestination("esme:BETA", "447700900001", back))).isEqualTo(1);

        assertThat(claim("esme:BETA", back)).containsExactly("m1");
        assertThat(stored("m2").nextAttemptTime()).isEqualTo(parkedUntil);
    }

    @Test
    void expiredLeaseReturnsMessageOfACrashedClaimer() {
        await(store.insert(message("m1").build()));
        assertThat(claim("esme:BETA", T0)).containsExactly("m1");

        reopen();

        assertThat(claim("esme:BETA", T0.plusSeconds(30))).isEmpty();
        assertThat(claim("esme:BETA", T0.plus(LEASE))).containsExactly("m1");
    }

    // --- attempts ---------------------------------------------------------------------------------

    @Test
    void failedTemporaryAttemptSchedulesRetry() {
        await(store.insert(message("m1").build()));
        claim("esme:BETA", T0);
        Instant retryAt = T0.plusSeconds(20);

        assertThat(await(recordAttempt("m1", new Attempt.FailedTemporary(T0.plusSeconds(1), 0x58, retryAt))))
                .isEqualTo(UpdateResult.OK);

        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.ENROUTE);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.lastError()).isEqualTo(0x58);
        assertThat(m.nextAttemptTime()).isEqualTo(retryAt);
        assertThat(claim("esme:BETA", retryAt.minusMillis(1))).isEmpty();
        assertThat(claim("esme:BETA", retryAt)).containsExactly("m1");
    }

    @Test
    void deliveredMessageBecomesFinalAndIsNotClaimedAgain() {
        await(store.insert(message("m1").build()));
        claim("esme:BETA", T0);

        await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1))));

        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(m.finalTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.receiptState()).isEqualTo(ReceiptState.NONE);
        assertThat(claim("esme:BETA", T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void receiptBecomesPendingOnDeliveryWhenRequested() {
        await(store.insert(message("m1").registeredDelivery(1).build()));

        await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1))));

        StoredMessage m = stored("m1");
        assertThat(m.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(m.receiptNextAttemptTime()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void failureOnlyReceiptIsNotOwedOnDelivery() {
        await(store.insert(message("m1").registeredDelivery(2).build()));

        await(recordAttempt("m1", new Attempt.Delivered(T0)));

        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.NONE);
    }

    @Test
    void permanentFailureMakesMessageUndeliverableWithFailureReceipt() {
        await(store.insert(message("m1").registeredDelivery(2).build()));

        await(recordAttempt("m1", new Attempt.FailedPermanent(T0.plusSeconds(1), 0x0B)));

        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(m.lastError()).isEqualTo(0x0B);
        assertThat(m.finalTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(m.receiptState()).isEqualTo(ReceiptState.PENDING);
    }

    @Test
    void expiredAttemptMakesMessageExpired() {
        await(store.insert(message("m1").registeredDelivery(1).build()));

        await(recordAttempt("m1", new Attempt.Expired(T0.plusSeconds(1))));

        assertThat(stored("m1").state()).isEqualTo(MessageState.EXPIRED);
        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.PENDING);
    }

    @Test
    void attemptOnFinalMessageIsRecordedButChangesNothing() {
        await(store.insert(message("m1").build()));
        await(store.cancel("m1", "ACME"));

        assertThat(await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1)))))
                .isEqualTo(UpdateResult.ALREADY_FINAL);

        assertThat(stored("m1").state()).isEqualTo(MessageState.DELETED);
        assertThat(await(store.history("m1"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.CANCELLED, HistoryEntry.Event.DELIVERED);
    }

    /**
     * Outcomes and receipt hand-overs of many messages in one transaction (PostgreSQL writes each
     * kind as one statement for all of them): each message takes its own values, and each operation
     * gets its own result.
     */
    @Test
    void outcomesAndReceiptsOfManyMessagesInOneTransactionEachKeepTheirOwn() {
        await(store.insertAll(List.of(message("d1").registeredDelivery(1).build(),
                message("d2").registeredDelivery(0).build(), message("t1").registeredDelivery(1).build(),
                message("p1").registeredDelivery(2).build(), message("p2").registeredDelivery(3).build(),
                message("done").registeredDelivery(1).build(), message("r1").registeredDelivery(1).build(),
                message("r2").registeredDelivery(1).build(), message("r3").registeredDelivery(1).build())));
        claim("esme:BETA", T0);
        await(recordAttempt("done", new Attempt.Delivered(T0)));
        for (String id : List.of("r1", "r2", "r3")) {
            await(recordAttempt(id, new Attempt.Delivered(T0)));
        }
        await(recordReceiptAttempt("r3", new ReceiptAttempt.Sent(T0)));
        Instant retryAt = T0.plusSeconds(30); // before d1's receipt lease ends
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        Map<String, CompletableFuture<UpdateResult>> outcomes = new LinkedHashMap<>();
        Map<String, CompletableFuture<UpdateResult>> receipts = new LinkedHashMap<>();
        long before = jdbc.commits();
        jdbc.writerGate().lock();
        try {
            outcomes.put("d1", recordAttempt("d1", new Attempt.Delivered(T0.plusSeconds(1)), T0.plus(LEASE)));
            outcomes.put("d2", recordAttempt("d2", new Attempt.Delivered(T0.plusSeconds(2))));
            outcomes.put("t1", recordAttempt("t1", new Attempt.FailedTemporary(T0.plusSeconds(3), 0x58, retryAt)));
            outcomes.put("p1", recordAttempt("p1", new Attempt.FailedPermanent(T0.plusSeconds(4), 0x0B, "bad")));
            outcomes.put("p2", recordAttempt("p2", new Attempt.FailedPermanent(T0.plusSeconds(5), 0x0B, "bad")));
            outcomes.put("done", recordAttempt("done", new Attempt.Delivered(T0.plusSeconds(6))));
            outcomes.put("gone", recordAttempt("gone", new Attempt.Delivered(T0.plusSeconds(7))));
            receipts.put("r1", recordReceiptAttempt("r1", new ReceiptAttempt.Sent(T0.plusSeconds(8))));
            receipts.put("r2", recordReceiptAttempt("r2", new ReceiptAttempt.Retry(T0.plusSeconds(9), 0x45, retryAt)));
            receipts.put("r3", recordReceiptAttempt("r3", new ReceiptAttempt.Sent(T0.plusSeconds(10))));
            receipts.put("none", recordReceiptAttempt("none", new ReceiptAttempt.Sent(T0.plusSeconds(11))));
        } finally {
            jdbc.writerGate().unlock();
        }
        Map<String, UpdateResult> results = new LinkedHashMap<>();
        outcomes.forEach((id, f) -> results.put(id, await(f)));
        receipts.forEach((id, f) -> results.put("receipt " + id, await(f)));
        assertThat(jdbc.commits() - before).as("one transaction (two if the writer took the first alone)")
                .isLessThanOrEqualTo(2);
        assertThat(results).containsExactly(entry("d1", UpdateResult.OK), entry("d2", UpdateResult.OK),
                entry("t1", UpdateResult.OK), entry("p1", UpdateResult.OK), entry("p2", UpdateResult.OK),
                entry("done", UpdateResult.ALREADY_FINAL), entry("gone", UpdateResult.NOT_FOUND),
                entry("receipt r1", UpdateResult.OK), entry("receipt r2", UpdateResult.OK),
                entry("receipt r3", UpdateResult.ALREADY_FINAL), entry("receipt none", UpdateResult.NOT_FOUND));

        StoredMessage d1 = stored("d1");
        assertThat(d1.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(d1.finalTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(d1.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(stored("d2").receiptState()).as("registered_delivery 0").isEqualTo(ReceiptState.NONE);
        StoredMessage t1 = stored("t1");
        assertThat(t1.state()).isIn(MessageState.SCHEDULED, MessageState.ENROUTE);
        assertThat(t1.lastError()).isEqualTo(0x58);
        assertThat(t1.nextAttemptTime()).isEqualTo(retryAt);
        assertThat(t1.finalTime()).isNull();
        assertThat(t1.receiptState()).isEqualTo(ReceiptState.NONE);
        assertThat(stored("p1").state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(stored("p1").receiptState()).as("registered_delivery 2: failures").isEqualTo(ReceiptState.PENDING);
        assertThat(stored("p2").receiptState()).as("registered_delivery 3: deliveries").isEqualTo(ReceiptState.NONE);
        assertThat(stored("done").finalTime()).as("its first outcome's").isEqualTo(T0);
        assertThat(stored("r1").receiptState()).isEqualTo(ReceiptState.SENT);
        assertThat(stored("r2").receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(stored("r2").receiptNextAttemptTime()).isEqualTo(retryAt);
        assertThat(stored("r2").receiptAttempts()).isEqualTo(1);
        assertThat(await(store.claimDueReceipts("ACME", retryAt, 10, retryAt.plus(LEASE))))
                .as("d1's receipt is leased to its sender; done's, p1's and r2's are due")
                .extracting(StoredMessage::id).containsExactlyInAnyOrder("done", "p1", "r2");
        assertThat(await(store.history("t1"))).containsExactly(
                new HistoryEntry("t1", T0.plusSeconds(3), HistoryEntry.Event.FAILED_TEMPORARY, 0x58));
        assertThat(await(store.history("done"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.DELIVERED, HistoryEntry.Event.DELIVERED);
        assertThat(await(store.history("r2"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.DELIVERED, HistoryEntry.Event.RECEIPT_RETRY);
    }

    @Test
    void attemptOnUnknownMessageReportsNotFound() {
        assertThat(await(recordAttempt("nope", new Attempt.Delivered(T0)))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(await(recordReceiptAttempt("nope", new ReceiptAttempt.Sent(T0))))
                .isEqualTo(UpdateResult.NOT_FOUND);
    }

    @Test
    void everyAttemptIsRecordedInHistory() {
        await(store.insert(message("m1").registeredDelivery(1).build()));
        await(recordAttempt("m1", new Attempt.FailedTemporary(T0.plusSeconds(1), 0x58, T0.plusSeconds(5))));
        await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(6))));
        await(recordReceiptAttempt("m1", new ReceiptAttempt.Retry(T0.plusSeconds(7), 0x45, T0.plusSeconds(9))));
        await(recordReceiptAttempt("m1", new ReceiptAttempt.Sent(T0.plusSeconds(10))));

        assertThat(await(store.history("m1"))).containsExactly(
                new HistoryEntry("m1", T0.plusSeconds(1), HistoryEntry.Event.FAILED_TEMPORARY, 0x58),
                new HistoryEntry("m1", T0.plusSeconds(6), HistoryEntry.Event.DELIVERED, 0),
                new HistoryEntry("m1", T0.plusSeconds(7), HistoryEntry.Event.RECEIPT_RETRY, 0x45),
                new HistoryEntry("m1", T0.plusSeconds(10), HistoryEntry.Event.RECEIPT_SENT, 0));
    }

    @Test
    void historyOfAMessageDeliveredAtOnceShowsTheDeliveryAndTheReceipt() {
        await(store.insert(message("m1").registeredDelivery(1).build()));
        await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1))));
        await(recordReceiptAttempt("m1", new ReceiptAttempt.Sent(T0.plusSeconds(2))));
        // a late duplicate outcome is history too, after the first
        await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(3))));

        reopen();

        assertThat(await(store.history("m1"))).containsExactly(
                new HistoryEntry("m1", T0.plusSeconds(1), HistoryEntry.Event.DELIVERED, 0),
                new HistoryEntry("m1", T0.plusSeconds(2), HistoryEntry.Event.RECEIPT_SENT, 0),
                new HistoryEntry("m1", T0.plusSeconds(3), HistoryEntry.Event.DELIVERED, 0));
    }

    // --- records: the outbox of final outcomes, exports --------------------------------------------

    private List<String> outboxIds() {
        return await(store.finalOutcomes(100)).stream().map(o -> o.record().message().id()).toList();
    }

    @Test
    void finalOutcomesAreKeptInCommitOrderUntilWritten() {
        await(store.keepFinalOutcomes(true));
        try {
            for (String id : List.of("a", "b", "c")) {
                await(store.insert(message(id).build()));
            }
            await(recordAttempt("b", new Attempt.Delivered(T0.plusSeconds(2))));
            await(recordAttempt("c", new Attempt.FailedTemporary(T0.plusSeconds(2), 8, T0.plusSeconds(60))));
            await(recordAttempt("a", new Attempt.FailedPermanent(T0.plusSeconds(3), 11)));
            await(recordAttempt("a", new Attempt.Delivered(T0.plusSeconds(4))));

            List<FinalOutcome> outcomes = await(store.finalOutcomes(10));
            assertThat(outcomes).extracting(o -> o.record().message().id()).as("once each, pending c not at all")
                    .containsExactly("b", "a");
            assertThat(outcomes.get(0).seq()).isLessThan(outcomes.get(1).seq());
            StoredMessage a = outcomes.get(1).record().message();
            assertThat(a.state()).isEqualTo(MessageState.UNDELIVERABLE);
            assertThat(a.lastError()).isEqualTo(11);
            assertThat(a.finalTime()).isEqualTo(T0.plusSeconds(3));
            assertThat(outcomes.get(1).record().upstream()).isNull();
            assertThat(await(store.finalOutcomesWritten(List.of(outcomes.get(0).seq())))).isEqualTo(1);

            reopen();

            assertThat(outboxIds()).as("durable until written").containsExactly("a");
        } finally {
            await(store.keepFinalOutcomes(false));
        }
    }

    @Test
    void everyWayToAFinalStateReachesTheOutbox() {
        await(store.keepFinalOutcomes(true));
        try {
            await(store.insert(message("cancelled").build()));
            await(store.insert(message("expired").expires(T0.plusSeconds(10)).build()));
            await(store.insert(message("forwarded").target("connector:carrier").build()));
            await(store.cancel("cancelled", "ACME"));
            await(store.expireDue(T0.plusSeconds(11), 10));
            await(recordAttempt("forwarded", forwarded(T0, "77")));
            assertThat(outboxIds()).containsExactly("cancelled", "expired");

            await(store.recordUpstreamReceipt("carrier", "77",
                    new Attempt.Reported(T0.plusSeconds(20), MessageState.DELIVERED, 0)));

            List<FinalOutcome> outcomes = await(store.finalOutcomes(10));
            assertThat(outcomes).extracting(o -> o.record().message().state()).containsExactly(
                    MessageState.DELETED, MessageState.EXPIRED, MessageState.DELIVERED);
            assertThat(outcomes.get(2).record().upstream()).isEqualTo("carrier");
            assertThat(outcomes.get(2).record().upstreamId()).isEqualTo("77");
        } finally {
            await(store.keepFinalOutcomes(false));
        }
    }

    @Test
    void withoutTheOutboxNothingIsKeptAndTurningItOffEmptiesIt() {
        await(store.keepFinalOutcomes(true));
        await(store.insert(message("kept").build()));
        await(recordAttempt("kept", new Attempt.Delivered(T0.plusSeconds(1))));
        assertThat(outboxIds()).containsExactly("kept");

        await(store.keepFinalOutcomes(false));
        await(store.insert(message("not").build()));
        await(recordAttempt("not", new Attempt.Delivered(T0.plusSeconds(1))));

        assertThat(outboxIds()).isEmpty();
    }

    @Test
    void purgeKeepsMessagesWhoseRecordIsNotWrittenYet() {
        await(store.keepFinalOutcomes(true));
        try {
            await(store.insert(message("m1").build()));
            await(recordAttempt("m1", new Attempt.Delivered(T0.plusSeconds(1))));

            assertThat(await(store.purgeFinalBefore(T0.plus(Duration.ofDays(30))))).isZero();
            assertThat(await(store.find("m1"))).isPresent();

            await(store.finalOutcomesWritten(await(store.finalOutcomes(10)).stream().map(FinalOutcome::seq).toList()));
            assertThat(await(store.purgeFinalBefore(T0.plus(Duration.ofDays(30))))).isEqualTo(1);
        } finally {
            await(store.keepFinalOutcomes(false));
        }
    }

    @Test
    void forEachMessageGivesThePeriodOfOneAccountOrOfAll() {
        await(store.insert(message("early").submitted(T0.minusSeconds(1)).build()));
        await(store.insert(message("first").submitted(T0).build()));
        await(store.insert(message("other").owner("BETA").submitted(T0.plusSeconds(5)).build()));
        await(store.insert(message("last").submitted(T0.plusSeconds(9)).target("connector:carrier").build()));
        await(store.insert(message("late").submitted(T0.plusSeconds(10)).build()));
        await(recordAttempt("last", forwarded(T0.plusSeconds(9), "99")));

        List<MessageRecord> acme = new ArrayList<>();
        long n = await(store.forEachMessage(T0, T0.plusSeconds(10), "ACME", acme::add));
        List<MessageRecord> all = new ArrayList<>();
        await(store.forEachMessage(T0, T0.plusSeconds(10), null, all::add));

        assertThat(n).isEqualTo(2);
        assertThat(acme).extracting(r -> r.message().id()).containsExactlyInAnyOrder("first", "last");
        assertThat(acme).filteredOn(r -> r.message().id().equals("last")).singleElement()
                .satisfies(r -> assertThat(r.upstreamId()).isEqualTo("99"));
        assertThat(all).extracting(r -> r.message().id()).containsExactlyInAnyOrder("first", "other", "last");
    }

    @Test
    void forEachMessageFailsWithWhatItsSinkThrew() {
        await(store.insert(message("m1").build()));

        assertThatThrownBy(() -> store.forEachMessage(T0, T0.plusSeconds(1), null, r -> {
            throw new IllegalStateException("disk full");
        }).get(30, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
    }

    @Test
    void pendingDestinationsNameTheSubscribersWithWaitingMessagesOfATarget() {
        await(store.insert(message("m1").target("sim").destination("447800000001").build()));
        await(store.insert(message("m2").target("sim").destination("447800000001").build()));
        await(store.insert(message("m3").target("sim").destination("447800000002").build()));
        await(store.insert(message("m4").target("esme:BETA").destination("447800000003").build()));
        await(store.insert(message("m5").target("sim").destination("447800000004").build()));
        await(recordAttempt("m5", new Attempt.Delivered(T0)));

        assertThat(await(store.pendingDestinations("sim", 10))).containsExactlyInAnyOrder("447800000001",
                "447800000002");
        assertThat(await(store.pendingDestinations("sim", 1))).hasSize(1);
    }

    @Test
    void senderRuleAppliedAtSubmissionIsKeptWithTheMessageAndShownInItsHistory() {
        String rule = "account acme: alphanumeric 'ACME' (submitted 1/1/447700900123)";
        StoredMessage rewritten = message("m1").build().withSenderRule(rule);
        await(store.insertAll(List.of(rewritten, message("m2").build())));
        await(store.insertLeased(message("m3").build().withSenderRule("route 1: add_prefix '44'"),
                T0.plusSeconds(30)));

        reopen();

        assertThat(stored("m1")).isEqualTo(rewritten);
        assertThat(stored("m2").senderRule()).isNull();
        assertThat(stored("m3").senderRule()).isEqualTo("route 1: add_prefix '44'");
        assertThat(await(store.history("m1"))).containsExactly(
                new HistoryEntry("m1", T0, HistoryEntry.Event.SENDER_REWRITTEN, 0, rule));
        assertThat(await(store.history("m2"))).isEmpty();
    }

    @Test
    void permanentFailureKeepsItsReasonInTheHistory() {
        await(store.insert(message("m1").build().withSenderRule("route 0: alphanumeric 'X'")));
        String reason = "GSM7 cannot encode U+20AC at index 3 (the destination's encoding is GSM7)";
        await(recordAttempt("m1", new Attempt.FailedPermanent(T0.plusSeconds(1), 0x0B, reason)));

        assertThat(stored("m1").state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(await(store.history("m1"))).containsExactly(
                new HistoryEntry("m1", T0, HistoryEntry.Event.SENDER_REWRITTEN, 0, "route 0: alphanumeric 'X'"),
                new HistoryEntry("m1", T0.plusSeconds(1), HistoryEntry.Event.FAILED_PERMANENT, 0x0B, reason));
    }

    // --- upstream connectors ------------------------------------------------------------------------

    private static Attempt.Forwarded forwarded(Instant at, String upstreamId) {
        return new Attempt.Forwarded(at, "carrier", upstreamId, true, T0.plus(Duration.ofDays(1)));
    }

    @Test
    void forwardedMessageWaitsForItsUpstreamReceiptAndIsNotClaimedAgain() {
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));
        assertThat(claim("connector:carrier", T0)).containsExactly("m1");

        assertThat(await(recordAttempt("m1", forwarded(T0.plusSeconds(1), "77")))).isEqualTo(UpdateResult.OK);

        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.ENROUTE);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(claim("connector:carrier", T0.plus(Duration.ofHours(12)))).as("not due again").isEmpty();
        assertThat(await(store.upstreamLink("m1"))).contains(new UpstreamLink("carrier", "77"));
        reopen();
        assertThat(await(store.upstreamLink("m1"))).as("durable").contains(new UpstreamLink("carrier", "77"));
    }

    /**
     * An upstream's receipt read right behind its forward's submit_sm_resp is queued to follow the
     * forward's write: both commit in one transaction, the receipt after the forward, and a receipt
     * whose forward changed nothing (no such message, final already) writes nothing.
     */
    @Test
    void anOutcomeQueuedAfterAnotherCommitsWithItAndAfterIt() {
        Instant lease = T0.plus(LEASE);
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));
        await(store.insert(message("final").target("connector:carrier").registeredDelivery(1).build()));
        await(store.cancel("final", "ACME"));
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        Attempt.Reported delivered = new Attempt.Reported(T0.plusSeconds(2), MessageState.DELIVERED, 0);
        List<CompletableFuture<UpdateResult>> forwards = new ArrayList<>();
        List<CompletableFuture<UpdateResult>> receipts = new ArrayList<>();
        long before = jdbc.commits();
        jdbc.writerGate().lock();
        try {
            for (String id : List.of("m1", "missing", "final")) {
                CompletableFuture<UpdateResult> forward = recordAttempt(id, forwarded(T0.plusSeconds(1), "U" + id));
                forwards.add(forward);
                receipts.add(recordAttemptAfter(forward, id, delivered, lease));
            }
        } finally {
            jdbc.writerGate().unlock();
        }
        assertThat(forwards).extracting(f -> await(f)).containsExactly(UpdateResult.OK, UpdateResult.NOT_FOUND,
                UpdateResult.ALREADY_FINAL);
        assertThat(await(receipts.get(0))).isEqualTo(UpdateResult.OK);
        assertThat(jdbc.commits() - before).as("one transaction (two if the writer took the first alone)")
                .isLessThanOrEqualTo(2);
        for (CompletableFuture<UpdateResult> skipped : receipts.subList(1, 3)) {
            assertThatThrownBy(() -> skipped.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PriorWriteNotRecordedException.class);
        }
        StoredMessage m = stored("m1");
        assertThat(m.state()).as("the receipt ran after the forward").isEqualTo(MessageState.DELIVERED);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(await(store.upstreamLink("m1"))).contains(new UpstreamLink("carrier", "Um1"));
        assertThat(ids(await(store.claimDueReceipts("ACME", T0.plusSeconds(3), 10, T0.plus(LEASE)))))
                .as("m1's leased with the receipt's own write; the cancelled one's DELETED receipt is due")
                .containsExactly("final");
        assertThat(stored("final").state()).isEqualTo(MessageState.DELETED);
        assertThat(await(store.history("final"))).extracting(HistoryEntry::event)
                .doesNotContain(HistoryEntry.Event.UPSTREAM_RECEIPT, HistoryEntry.Event.DELIVERED);
    }

    /**
     * An upstream's receipt taken in the same transaction as its forward is written by the forward's
     * own UPDATE: the row, its link, its history and its receipt are those the two writes leave one
     * after the other. An outcome following another that is not a forward runs after it, as its own write.
     */
    @Test
    void aReceiptFoldedIntoItsForwardLeavesTheRowTheTwoWritesLeaveInTurn() {
        Instant lease = T0.plus(LEASE);
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        List<Attempt.Reported> reports = List.of(new Attempt.Reported(T0.plusSeconds(5), MessageState.DELIVERED, 0),
                new Attempt.Reported(T0.plusSeconds(6), MessageState.UNDELIVERABLE, 34));
        for (int i = 0; i < reports.size(); i++) {
            for (String way : List.of("inTurn", "folded")) {
                await(store.insert(message(way + i).target("connector:carrier").registeredDelivery(1).build()));
            }
            Attempt.Forwarded forward = forwarded(T0.plusSeconds(4), "T" + i);
            CompletableFuture<UpdateResult> first = recordAttempt("inTurn" + i, forward);
            await(first);
            assertThat(await(recordAttemptAfter(first, "inTurn" + i, reports.get(i), lease)))
                    .isEqualTo(UpdateResult.OK);
            CompletableFuture<UpdateResult> folded;
            CompletableFuture<UpdateResult> receipt;
            jdbc.writerGate().lock();
            try {
                folded = recordAttempt("folded" + i, forwarded(T0.plusSeconds(4), "F" + i));
                receipt = recordAttemptAfter(folded, "folded" + i, reports.get(i), lease);
            } finally {
                jdbc.writerGate().unlock();
            }
            assertThat(await(folded)).isEqualTo(UpdateResult.OK);
            assertThat(await(receipt)).isEqualTo(UpdateResult.OK);
            assertThat(outcomeOf(stored("folded" + i))).isEqualTo(outcomeOf(stored("inTurn" + i)));
            assertThat(await(store.history("folded" + i))).extracting(HistoryEntry::event, HistoryEntry::errorCode)
                    .isEqualTo(await(store.history("inTurn" + i)).stream()
                            .map(h -> org.assertj.core.groups.Tuple.tuple(h.event(), h.errorCode())).toList());
            assertThat(await(store.upstreamLink("folded" + i))).contains(new UpstreamLink("carrier", "F" + i));
        }
        await(store.insert(message("plain").registeredDelivery(1).build()));
        CompletableFuture<UpdateResult> retry;
        CompletableFuture<UpdateResult> delivered;
        jdbc.writerGate().lock();
        try {
            retry = recordAttempt("plain", new Attempt.FailedTemporary(T0, 0x58, T0.plusSeconds(30)));
            delivered = recordAttemptAfter(retry, "plain", new Attempt.Delivered(T0.plusSeconds(1)), lease);
        } finally {
            jdbc.writerGate().unlock();
        }
        assertThat(await(retry)).isEqualTo(UpdateResult.OK);
        assertThat(await(delivered)).isEqualTo(UpdateResult.OK);
        assertThat(stored("plain").state()).isEqualTo(MessageState.DELIVERED);
        assertThat(stored("plain").attempts()).isEqualTo(2);
    }

    private static List<Object> outcomeOf(StoredMessage m) {
        return java.util.Arrays.asList(m.state(), m.attempts(), m.nextAttemptTime(), m.lastError(), m.finalTime(),
                m.receiptState(), m.receiptAttempts(), m.receiptNextAttemptTime());
    }

    @Test
    void anOutcomeQueuedAfterACommittedOneRunsOnlyIfThatChangedTheMessage() {
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));
        CompletableFuture<UpdateResult> forward = recordAttempt("m1", forwarded(T0.plusSeconds(1), "77"));
        CompletableFuture<UpdateResult> missing = recordAttempt("m2", forwarded(T0.plusSeconds(1), "78"));
        assertThat(await(forward)).isEqualTo(UpdateResult.OK);
        assertThat(await(missing)).isEqualTo(UpdateResult.NOT_FOUND);
        Attempt.Reported failed = new Attempt.Reported(T0.plusSeconds(2), MessageState.UNDELIVERABLE, 34);

        assertThat(await(recordAttemptAfter(forward, "m1", failed, null))).isEqualTo(UpdateResult.OK);
        assertThatThrownBy(() -> recordAttemptAfter(missing, "m2", failed, null).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PriorWriteNotRecordedException.class);
        assertThat(stored("m1").state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(stored("m1").lastError()).isEqualTo(34);
        assertThat(await(store.find("m2"))).isEmpty();
    }

    @Test
    void upstreamReceiptFinishesTheForwardedMessageAndMakesItsReceiptPending() {
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));
        await(recordAttempt("m1", forwarded(T0, "77")));

        UpstreamReceiptResult r = await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0.plusSeconds(5), MessageState.UNDELIVERABLE, 11)));

        assertThat(r).isEqualTo(new UpstreamReceiptResult(UpstreamReceiptResult.Outcome.MATCHED, "m1", "ACME"));
        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(m.lastError()).isEqualTo(11);
        assertThat(m.attempts()).as("the upstream's outcome is not another attempt").isEqualTo(1);
        assertThat(m.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(ids(await(store.claimDueReceipts("ACME", T0.plusSeconds(5), 10, T0.plus(LEASE)))))
                .containsExactly("m1");
        assertThat(await(store.history("m1"))).extracting(HistoryEntry::event).containsExactly(
                HistoryEntry.Event.FORWARDED, HistoryEntry.Event.UPSTREAM_RECEIPT);
        assertThat(await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0.plusSeconds(6), MessageState.DELIVERED, 0))).outcome())
                .as("a duplicate receipt changes nothing").isEqualTo(UpstreamReceiptResult.Outcome.ALREADY_FINAL);
        assertThat(stored("m1").state()).isEqualTo(MessageState.UNDELIVERABLE);
    }

    /**
     * A receipt sent from memory is built by {@link StoredMessage#afterFinalOutcome} and
     * {@link StoredMessage#afterForward}: the same row the store's outcome update writes, for every
     * kind of final outcome, including an upstream's receipt matched by message id.
     */
    @Test
    void theInMemoryRowAfterAFinalOutcomeIsTheRowTheStoreWrites() {
        Instant lease = T0.plus(LEASE);
        List<Attempt> outcomes = List.of(new Attempt.Delivered(T0.plusSeconds(1)),
                new Attempt.FailedPermanent(T0.plusSeconds(2), 11, "refused"), new Attempt.Expired(T0.plusSeconds(3)));
        for (int i = 0; i < outcomes.size(); i++) {
            String id = "direct" + i;
            await(store.insert(message(id).registeredDelivery(1).build()));
            StoredMessage before = stored(id);
            assertThat(await(recordAttempt(id, outcomes.get(i), lease))).isEqualTo(UpdateResult.OK);
            assertSameOutcome(before.afterFinalOutcome(outcomes.get(i)), stored(id));
        }
        List<Attempt.Reported> reports = List.of(new Attempt.Reported(T0.plusSeconds(5), MessageState.DELIVERED, 0),
                new Attempt.Reported(T0.plusSeconds(6), MessageState.UNDELIVERABLE, 34));
        for (int i = 0; i < reports.size(); i++) {
            String id = "forwarded" + i;
            await(store.insert(message(id).target("connector:carrier").registeredDelivery(1).build()));
            Attempt.Forwarded forward = forwarded(T0.plusSeconds(4), "U" + i);
            StoredMessage before = stored(id);
            assertThat(await(recordAttempt(id, forward))).isEqualTo(UpdateResult.OK);
            StoredMessage inMemory = before.afterForward(forward);
            assertSameOutcome(inMemory, stored(id));
            assertThat(await(recordAttempt(id, reports.get(i), lease))).isEqualTo(UpdateResult.OK);
            assertSameOutcome(inMemory.afterFinalOutcome(reports.get(i)), stored(id));
        }
    }

    private static void assertSameOutcome(StoredMessage expected, StoredMessage actual) {
        assertThat(actual.state()).as("state of " + actual.id()).isEqualTo(expected.state());
        assertThat(actual.attempts()).as("attempts of " + actual.id()).isEqualTo(expected.attempts());
        assertThat(actual.lastError()).as("last error of " + actual.id()).isEqualTo(expected.lastError());
        assertThat(actual.finalTime()).as("final time of " + actual.id()).isEqualTo(expected.finalTime());
        assertThat(actual.receiptState()).as("receipt state of " + actual.id()).isEqualTo(expected.receiptState());
    }

    @Test
    void manyUpstreamReceiptsAtOnceEachGetTheirOwnOutcome() {
        List<StoredMessage> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message("m" + i).target("connector:carrier").registeredDelivery(1).build());
        }
        await(store.insertAll(messages));
        for (int i = 0; i < 10; i++) {
            await(recordAttempt("m" + i, forwarded(T0, "u" + i)));
        }

        // queued together, so a store that groups writes sees them in one transaction
        List<CompletableFuture<UpstreamReceiptResult>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(store.recordUpstreamReceipt("carrier", "u" + i, new Attempt.Reported(T0.plusSeconds(1),
                    i % 2 == 0 ? MessageState.DELIVERED : MessageState.EXPIRED, 0)));
        }
        results.add(store.recordUpstreamReceipt("carrier", "u0", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));
        results.add(store.recordUpstreamReceipt("carrier", "zz", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));

        for (int i = 0; i < 10; i++) {
            assertThat(await(results.get(i))).isEqualTo(
                    new UpstreamReceiptResult(UpstreamReceiptResult.Outcome.MATCHED, "m" + i, "ACME"));
            assertThat(stored("m" + i).state()).isEqualTo(i % 2 == 0 ? MessageState.DELIVERED : MessageState.EXPIRED);
            assertThat(stored("m" + i).receiptState()).isEqualTo(ReceiptState.PENDING);
        }
        assertThat(await(results.get(10)).outcome()).isEqualTo(UpstreamReceiptResult.Outcome.ALREADY_FINAL);
        assertThat(await(results.get(11))).isEqualTo(UpstreamReceiptResult.kept());
    }

    @Test
    void upstreamReceiptWithALeaseHandsTheMessageBackWithItsReceiptLeased() {
        await(store.insertAll(List.of(message("m1").target("connector:carrier").registeredDelivery(1).build(),
                message("m2").target("connector:carrier").build())));
        await(recordAttempt("m1", forwarded(T0, "77")));
        await(recordAttempt("m2", forwarded(T0, "78")));
        Instant leaseEnd = T0.plus(LEASE);

        UpstreamReceiptResult r = await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0, MessageState.DELIVERED, 0), leaseEnd));
        UpstreamReceiptResult noReceipt = await(store.recordUpstreamReceipt("carrier", "78",
                new Attempt.Reported(T0, MessageState.DELIVERED, 0), leaseEnd));

        // a store may leave the receipt to a claim (no message); if it hands the message back, it leased it
        if (r.message() != null) {
            assertThat(r.message().id()).isEqualTo("m1");
            assertThat(r.message().state()).isEqualTo(MessageState.DELIVERED);
            assertThat(r.message().receiptState()).isEqualTo(ReceiptState.PENDING);
            assertThat(await(store.claimDueReceipts("ACME", T0.plusSeconds(1), 10, T0.plus(Duration.ofHours(1)))))
                    .as("leased to the caller").isEmpty();
        }
        assertThat(ids(await(store.claimDueReceipts("ACME", leaseEnd, 10, leaseEnd.plus(LEASE)))))
                .as("claimable once the lease ends, or at once when the store did not lease").containsExactly("m1");
        assertThat(noReceipt.message()).as("no receipt wanted, nothing to send").isNull();
        assertThat(noReceipt.outcome()).isEqualTo(UpstreamReceiptResult.Outcome.MATCHED);
    }

    @Test
    void historyShowsTheForwardBeforeTheUpstreamsReceiptEvenInTheSameMillisecond() {
        await(store.insertAll(List.of(message("m1").target("connector:carrier").build(),
                message("m2").target("connector:carrier").build())));
        await(recordAttempt("m1", new Attempt.FailedTemporary(T0, 8, T0)));
        await(recordAttempt("m1", forwarded(T0.plusSeconds(1), "77")));
        await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0.plusSeconds(1), MessageState.UNDELIVERABLE, 11)));
        await(recordAttempt("m2", forwarded(T0, "78")));
        await(store.recordUpstreamReceipt("carrier", "78", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));

        reopen();

        assertThat(await(store.history("m1"))).containsExactly(
                new HistoryEntry("m1", T0, HistoryEntry.Event.FAILED_TEMPORARY, 8),
                new HistoryEntry("m1", T0.plusSeconds(1), HistoryEntry.Event.FORWARDED, 0),
                new HistoryEntry("m1", T0.plusSeconds(1), HistoryEntry.Event.UPSTREAM_RECEIPT, 11));
        assertThat(await(store.history("m2"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.FORWARDED, HistoryEntry.Event.DELIVERED);
    }

    @Test
    void upstreamReceiptForAnotherConnectorsIdDoesNotMatch() {
        await(store.insert(message("m1").target("connector:carrier").build()));
        await(recordAttempt("m1", forwarded(T0, "77")));

        UpstreamReceiptResult r = await(store.recordUpstreamReceipt("other", "77",
                new Attempt.Reported(T0, MessageState.DELIVERED, 0)));

        assertThat(r.outcome()).isEqualTo(UpstreamReceiptResult.Outcome.KEPT);
        assertThat(stored("m1").state()).isEqualTo(MessageState.ENROUTE);
    }

    @Test
    void receiptThatArrivesBeforeItsSubmitResponseIsRecordedIsAppliedWhenItIs() {
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));

        UpstreamReceiptResult early = await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0.plusSeconds(1), MessageState.DELIVERED, 0)));
        assertThat(early).isEqualTo(UpstreamReceiptResult.kept());
        reopen();
        assertThat(await(recordAttempt("m1", forwarded(T0.plusSeconds(2), "77"))))
                .as("the caller learns that the message is final already").isEqualTo(UpdateResult.OK_AND_REPORTED);

        StoredMessage m = stored("m1");
        assertThat(m.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(m.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(await(store.purgeUnmatchedReceipts(T0.plus(Duration.ofDays(30))))).as("used up").isZero();
    }

    @Test
    void unmatchedUpstreamReceiptsArePurgedAfterTheirTime() {
        await(store.recordUpstreamReceipt("carrier", "1", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));
        await(store.recordUpstreamReceipt("carrier", "2", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));

        // kept receipts are timed by when they arrived, on the store's clock (fixed at T0 here)
        assertThat(await(store.purgeUnmatchedReceipts(T0.minus(Duration.ofHours(1))))).isZero();
        assertThat(await(store.purgeUnmatchedReceipts(T0.plus(Duration.ofHours(1))))).isEqualTo(2);
    }

    @Test
    void forwardedWithoutReceiptsIsFinalAccepted() {
        await(store.insert(message("m1").target("connector:carrier").registeredDelivery(1).build()));

        await(recordAttempt("m1", new Attempt.Forwarded(T0, "carrier", "9", false, T0.plus(Duration.ofDays(1)))));

        assertThat(stored("m1").state()).isEqualTo(MessageState.ACCEPTED);
        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.PENDING);
    }

    @Test
    void throttledAttemptIsNotCountedAndIsDueAgainAtItsTime() {
        await(store.insert(message("m1").target("connector:carrier").build()));
        claim("connector:carrier", T0);

        await(recordAttempt("m1", new Attempt.Deferred(T0, 0x58, T0.plusSeconds(1))));

        assertThat(stored("m1").attempts()).isZero();
        assertThat(claim("connector:carrier", T0)).isEmpty();
        assertThat(claim("connector:carrier", T0.plusSeconds(1))).containsExactly("m1");
        assertThat(await(store.history("m1"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.THROTTLED);
    }

    @Test
    void pendingMessagesAreCountedPerTarget() {
        await(store.insertAll(List.of(message("m1").target("connector:a").build(),
                message("m2").target("connector:a").build(), message("m3").target("sim").build())));
        await(recordAttempt("m3", new Attempt.Delivered(T0)));

        assertThat(await(store.pendingByTarget())).isEqualTo(Map.of("connector:a", 2L));
    }

    @Test
    void purgeRemovesTheUpstreamLinkWithItsMessage() {
        await(store.insert(message("m1").target("connector:carrier").build()));
        await(recordAttempt("m1", forwarded(T0, "77")));
        await(store.recordUpstreamReceipt("carrier", "77", new Attempt.Reported(T0, MessageState.DELIVERED, 0)));

        assertThat(await(store.purgeFinalBefore(T0.plusSeconds(1)))).isEqualTo(1);

        assertThat(await(store.upstreamLink("m1"))).isEmpty();
    }

    // --- receipts ---------------------------------------------------------------------------------

    @Test
    void pendingReceiptIsClaimedForItsOwnerUntilSent() {
        await(store.insertAll(List.of(
                message("m1").registeredDelivery(1).build(),
                message("m2").owner("OTHER").registeredDelivery(1).build(),
                message("m3").build())));
        for (String id : List.of("m1", "m2", "m3")) {
            await(recordAttempt(id, new Attempt.Delivered(T0)));
        }

        List<StoredMessage> claimed = await(store.claimDueReceipts("ACME", T0, 10, T0.plus(LEASE)));
        assertThat(ids(claimed)).containsExactly("m1");
        assertThat(await(store.claimDueReceipts("ACME", T0.plusSeconds(1), 10, T0.plus(LEASE)))).isEmpty();

        await(recordReceiptAttempt("m1", new ReceiptAttempt.Sent(T0.plusSeconds(2))));

        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.SENT);
        assertThat(stored("m1").receiptAttempts()).isEqualTo(1);
        assertThat(await(store.claimDueReceipts("ACME", T0.plus(Duration.ofHours(1)), 10, T0.plus(Duration.ofHours(2)))))
                .isEmpty();
    }

    @Test
    void receiptLeasedWithItsOutcomeIsClaimableOnlyAfterTheLease() {
        await(store.insertAll(List.of(
                message("m1").registeredDelivery(1).build(),
                message("m2").registeredDelivery(2).build())));
        Instant leaseEnd = T0.plus(LEASE);

        assertThat(await(recordAttempt("m1", new Attempt.Delivered(T0), leaseEnd))).isEqualTo(UpdateResult.OK);
        assertThat(await(recordAttempt("m2", new Attempt.Delivered(T0), leaseEnd))).isEqualTo(UpdateResult.OK);

        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(stored("m2").receiptState()).as("failure-only receipt, delivered").isEqualTo(ReceiptState.NONE);
        assertThat(await(store.claimDueReceipts("ACME", T0.plusSeconds(1), 10, T0.plus(Duration.ofHours(1)))))
                .as("leased by the caller that sends it").isEmpty();
        assertThat(ids(await(store.claimDueReceipts("ACME", leaseEnd, 10, leaseEnd.plus(LEASE)))))
                .as("the caller died: claimable when the lease ends").containsExactly("m1");
    }

    @Test
    void failedReceiptIsRetriedLater() {
        await(store.insert(message("m1").registeredDelivery(1).build()));
        await(recordAttempt("m1", new Attempt.Delivered(T0)));
        await(store.claimDueReceipts("ACME", T0, 10, T0.plus(LEASE)));
        Instant retryAt = T0.plusSeconds(30);

        await(recordReceiptAttempt("m1", new ReceiptAttempt.Retry(T0.plusSeconds(1), 0x45, retryAt)));

        assertThat(stored("m1").receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(await(store.claimDueReceipts("ACME", retryAt.minusMillis(1), 10, retryAt))).isEmpty();
        assertThat(ids(await(store.claimDueReceipts("ACME", retryAt, 10, retryAt.plus(LEASE)))))
                .containsExactly("m1");
    }

    @Test
    void dueWorkNamesTargetsAndReceiptOwners() {
        await(store.insertAll(List.of(
                message("due").target("esme:BETA").build(),
                message("later").target("sim").due(T0.plusSeconds(60)).build(),
                message("done").owner("GAMMA").target("sim").registeredDelivery(1).build())));
        await(recordAttempt("done", new Attempt.Delivered(T0)));

        DueWork work = await(store.targetsWithDueWork(T0));

        assertThat(work.targets()).containsExactly("esme:BETA");
        assertThat(work.receiptOwners()).containsExactly("GAMMA");
    }

    /** Due work is found per target and priority: not hidden by later messages of a higher priority, nor leased ones. */
    @Test
    void dueWorkLooksAtEveryPriorityAndSkipsLeasedExpiredAndLaterWork() {
        await(store.insertAll(List.of(
                message("urgent-later").target("esme:A").priority(3).due(T0.plusSeconds(60)).build(),
                message("normal-due").target("esme:A").priority(0).build(),
                message("leased").target("esme:B").build(),
                message("expired").target("esme:C").expires(T0).build(),
                message("later").target("esme:D").priority(1).due(T0.plusSeconds(1)).build())));
        assertThat(ids(await(store.claimDue("esme:B", T0, 10, T0.plus(LEASE))))).containsExactly("leased");

        DueWork work = await(store.targetsWithDueWork(T0));

        assertThat(work.targets()).containsExactly("esme:A");
        assertThat(await(store.targetsWithDueWork(T0.plusSeconds(1))).targets()).containsExactlyInAnyOrder("esme:A", "esme:D");
        assertThat(work.receiptOwners()).isEmpty();
    }

    // --- cancel and replace -----------------------------------------------------------------------

    @Test
    void cancelOfPendingMessageDeletesIt() {
        await(store.insert(message("m1").build()));

        assertThat(await(store.cancel("m1", "ACME"))).isEqualTo(UpdateResult.OK);

        assertThat(stored("m1").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("m1").finalTime()).isNotNull();
        assertThat(claim("esme:BETA", T0)).isEmpty();
    }

    @Test
    void cancelOfFinalMessageReportsAlreadyFinal() {
        await(store.insert(message("m1").build()));
        await(recordAttempt("m1", new Attempt.Delivered(T0)));

        assertThat(await(store.cancel("m1", "ACME"))).isEqualTo(UpdateResult.ALREADY_FINAL);
        assertThat(stored("m1").state()).isEqualTo(MessageState.DELIVERED);
    }

    /**
     * A message an attempt holds (leased: with an ESME, the handset network or a connector now) or an
     * upstream SMSC has (forwarded, its receipt awaited) cannot be cancelled or replaced: doing so
     * would report a cancellation or a new text that never happens where the message is.
     */
    @Test
    void aMessageInDeliveryOrWithAnUpstreamCannotBeCancelledOrReplaced() {
        byte[] text = "new".getBytes(StandardCharsets.US_ASCII);
        await(store.insertLeased(message("leased").source("111").destination("999").text("old").build(),
                T0.plusSeconds(60)));
        await(store.insert(message("forwarded").source("111").destination("999").text("old").build()));
        await(recordAttempt("forwarded", forwarded(T0, "up-1")));
        await(store.insertLeased(message("lease-run-out").build(), T0.minusSeconds(1)));

        assertThat(await(store.cancel("leased", "ACME"))).isEqualTo(UpdateResult.IN_DELIVERY);
        assertThat(await(store.cancel("forwarded", "ACME"))).isEqualTo(UpdateResult.IN_DELIVERY);
        assertThat(await(store.replace("leased", "ACME", text, null, null, null, 0))).isEqualTo(UpdateResult.IN_DELIVERY);
        assertThat(await(store.replace("forwarded", "ACME", text, null, null, null, 0)))
                .isEqualTo(UpdateResult.IN_DELIVERY);
        assertThat(await(store.cancelMatching("ACME", null, new StoredAddress(1, 1, "111"), null))).isZero();
        assertThat(await(store.insertReplacingIfPresent(message("new").source("111").destination("999").build())))
                .as("replace_if_present supersedes neither: the new message goes alongside").isEmpty();
        assertThat(await(store.cancel("nope", "ACME"))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(await(store.cancel("leased", "INTRUDER"))).as("another account's: not found")
                .isEqualTo(UpdateResult.NOT_FOUND);
        for (String id : List.of("leased", "forwarded")) {
            assertThat(stored(id).state()).isEqualTo(MessageState.ENROUTE);
            assertThat(new String(stored(id).shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("old");
        }
        // a lease that has run out (its attempt's claimer is gone) no longer holds the message
        assertThat(await(store.cancel("lease-run-out", "ACME"))).isEqualTo(UpdateResult.OK);
        assertThat(stored("lease-run-out").state()).isEqualTo(MessageState.DELETED);
    }

    /** Once the upstream that has it answered its cancel_sm with ESME_ROK, a forwarded message is deleted here. */
    @Test
    void aForwardedMessageTheUpstreamCancelledIsDeletedButNotOneAnAttemptHolds() {
        await(store.insert(message("forwarded").registeredDelivery(1).build()));
        await(recordAttempt("forwarded", forwarded(T0, "up-2")));
        await(store.insertLeased(message("leased").build(), T0.plusSeconds(60)));

        assertThat(await(store.cancelAfterUpstream("forwarded", "INTRUDER"))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(await(store.cancelAfterUpstream("leased", "ACME"))).isEqualTo(UpdateResult.IN_DELIVERY);
        assertThat(await(store.cancelAfterUpstream("forwarded", "ACME"))).isEqualTo(UpdateResult.OK);

        assertThat(stored("forwarded").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("leased").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(await(store.cancelAfterUpstream("forwarded", "ACME"))).isEqualTo(UpdateResult.ALREADY_FINAL);
        assertThat(await(store.history("forwarded"))).extracting(HistoryEntry::event)
                .contains(HistoryEntry.Event.CANCELLED);
    }

    @Test
    void cancelOfAnotherAccountsMessageReportsNotFound() {
        await(store.insert(message("m1").build()));

        assertThat(await(store.cancel("m1", "INTRUDER"))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(await(store.cancel("nope", "ACME"))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(stored("m1").state()).isEqualTo(MessageState.ENROUTE);
    }

    @Test
    void replaceSetsTheNewTextAndTlvsOrKeepsTheTlvsWhenNoneAreGiven() {
        byte[] payload = {0x04, 0x24, 0x00, 0x02, 'h', 'i'};
        byte[] umr = {0x02, 0x04, 0x00, 0x02, 0x00, 0x07};
        await(store.insert(message("m1").tlvs(payload).build()));
        await(store.insert(message("m2").tlvs(umr).build()));

        assertThat(await(store.replace("m1", "ACME", new byte[] {'n', 'e', 'w'}, new byte[0], null, null, 0)))
                .isEqualTo(UpdateResult.OK);
        assertThat(await(store.replace("m2", "ACME", new byte[] {'n', 'e', 'w'}, null, null, null, 0)))
                .isEqualTo(UpdateResult.OK);

        assertThat(stored("m1").shortMessage()).containsExactly('n', 'e', 'w');
        assertThat(stored("m1").tlvs()).isEmpty();
        assertThat(stored("m2").tlvs()).containsExactly(umr);
    }

    @Test
    void cancelMatchingMatchesTheAddressesDigitsWhateverTheirTonAndNpi() {
        await(store.insert(message("a").source("111").destination("999").build()));

        assertThat(await(store.cancelMatching("ACME", null, new StoredAddress(0, 0, "111"),
                new StoredAddress(2, 9, "999")))).isEqualTo(1);
        assertThat(stored("a").state()).isEqualTo(MessageState.DELETED);
    }

    @Test
    void cancelMatchingCancelsOnlyPendingMessagesThatMatch() {
        await(store.insertAll(List.of(
                message("a").source("111").destination("999").serviceType("CMT").build(),
                message("b").source("111").destination("888").serviceType("CMT").build(),
                message("c").source("111").destination("999").serviceType("WAP").build(),
                message("d").source("222").destination("999").serviceType("CMT").build(),
                message("e").owner("OTHER").source("111").destination("999").serviceType("CMT").build(),
                message("f").source("111").destination("999").serviceType("CMT").build())));
        await(recordAttempt("f", new Attempt.Delivered(T0)));

        int cancelled = await(store.cancelMatching("ACME", "CMT", new StoredAddress(1, 1, "111"), new StoredAddress(1, 1, "999")));

        assertThat(cancelled).isEqualTo(1);
        assertThat(stored("a").state()).isEqualTo(MessageState.DELETED);
        assertThat(await(store.cancelMatching("ACME", null, new StoredAddress(1, 1, "111"), null))).isEqualTo(2);
        assertThat(stored("b").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("c").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("d").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(stored("e").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(stored("f").state()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void replaceChangesPendingMessageAndKeepsWhatIsNotGiven() {
        await(store.insert(message("m1").text("old").build()));
        Instant later = T0.plusSeconds(300);

        assertThat(await(store.replace("m1", "ACME", "new".getBytes(StandardCharsets.US_ASCII), null, later, null, 1)))
                .isEqualTo(UpdateResult.OK);

        StoredMessage m = stored("m1");
        assertThat(new String(m.shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("new");
        assertThat(m.scheduleTime()).isEqualTo(later);
        assertThat(m.nextAttemptTime()).isEqualTo(later);
        assertThat(m.state()).isEqualTo(MessageState.SCHEDULED);
        assertThat(m.expiryTime()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(m.registeredDelivery()).isEqualTo(1);
        assertThat(claim("esme:BETA", T0)).isEmpty();
        assertThat(await(store.history("m1"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.REPLACED);
    }

    @Test
    void replaceOfFinalOrForeignMessageChangesNothing() {
        await(store.insert(message("m1").text("old").build()));
        await(recordAttempt("m1", new Attempt.Delivered(T0)));
        await(store.insert(message("m2").text("old").build()));
        byte[] text = "new".getBytes(StandardCharsets.US_ASCII);

        assertThat(await(store.replace("m1", "ACME", text, null, null, null, 0))).isEqualTo(UpdateResult.ALREADY_FINAL);
        assertThat(await(store.replace("m2", "INTRUDER", text, null, null, null, 0))).isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(new String(stored("m1").shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("old");
        assertThat(new String(stored("m2").shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("old");
    }

    @Test
    void replaceIfPresentSwapsPendingMessage() {
        await(store.insertAll(List.of(
                message("old").destination("999").text("v1").build(),
                message("other-dest").destination("888").build())));

        List<String> superseded = await(store.insertReplacingIfPresent(
                message("new").destination("999").text("v2").build()));

        assertThat(superseded).containsExactly("old");
        assertThat(stored("old").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("new").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(stored("other-dest").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(claim("esme:BETA", T0)).containsExactlyInAnyOrder("new", "other-dest");
    }

    /** As cancel_sm by addresses: the same digits are the same subscriber whatever the TON/NPI written. */
    @Test
    void replaceIfPresentMatchesTheAddressesDigitsWhateverTheirTonAndNpi() {
        await(store.insert(message("old").destination(1, 1, "999").text("v1").build()));

        List<String> superseded = await(store.insertReplacingIfPresent(
                message("new").destination(0, 1, "999").text("v2").build()));

        assertThat(superseded).containsExactly("old");
        assertThat(stored("old").state()).isEqualTo(MessageState.DELETED);
    }

    /**
     * A submit_multi's destinations with replace_if_present: each supersedes the pending message it
     * matches, the copies go in as they are, and destinations alike do not supersede one another.
     */
    @Test
    void replaceIfPresentForSeveralSupersedesWhatEachMatchesButNotEachOther() {
        await(store.insert(message("old-a").destination("111").text("v1").build()));
        await(store.insert(message("old-c").destination("333").text("v1").build()));

        List<String> superseded = await(store.insertAllReplacingIfPresent(List.of(
                message("new-a").destination("111").build(),
                message("new-b").destination("222").build(),
                message("new-b2").destination("222").build()),
                List.of(message("new-a#copy").destination("111").target("webhook:ACME").build())));

        assertThat(superseded).containsExactly("old-a");
        assertThat(stored("old-a").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("old-c").state().isFinal()).isFalse();
        for (String id : List.of("new-a", "new-b", "new-b2", "new-a#copy")) {
            assertThat(stored(id).state().isFinal()).as(id).isFalse();
        }
    }

    @Test
    void replaceIfPresentWithNothingToReplaceJustInserts() {
        assertThat(await(store.insertReplacingIfPresent(message("new").build()))).isEmpty();
        assertThat(await(store.find("new"))).isPresent();
    }

    // --- dedupe, expiry, purge, counts ------------------------------------------------------------

    @Test
    void aResubmissionWithinTheWindowGetsTheOriginalIdAndIsNotStored() {
        await(store.insert(message("m1").dedupeKey("order-42").submitted(T0).build()));

        assertThat(await(store.insertUnlessDuplicate(message("again").dedupeKey("order-42").submitted(T0.plusSeconds(5))
                .build(), null, T0.minusSeconds(55)))).contains("m1");

        assertThat(await(store.find("again"))).isEmpty();
    }

    @Test
    void aKeySeenBeforeTheWindowOrOnlyOfAnotherOwnerIsStored() {
        await(store.insertAll(List.of(
                message("m1").dedupeKey("order-42").submitted(T0).build(),
                message("m2").owner("OTHER").dedupeKey("order-43").submitted(T0).build())));

        assertThat(await(store.insertUnlessDuplicate(message("late").dedupeKey("order-42")
                .submitted(T0.plusSeconds(61)).build(), null, T0.plusSeconds(1)))).isEmpty();
        assertThat(await(store.insertUnlessDuplicate(message("mine").dedupeKey("order-43")
                .submitted(T0.plusSeconds(5)).build(), null, T0.minusSeconds(55)))).isEmpty();

        assertThat(stored("late").dedupeKey()).isEqualTo("order-42");
        assertThat(stored("mine").owner()).isEqualTo("ACME");
    }

    /**
     * Two submissions with one key in one transaction (the writer stalled while both are queued):
     * the first in the queue is stored, leased as asked, and the second gets its id; the same key
     * of another owner is no resubmission.
     */
    @Test
    void theSameKeyTwiceInOneTransactionStoresTheFirstAndAnswersTheSecondWithItsId() {
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        Instant since = T0.minusSeconds(60);
        CompletableFuture<Optional<String>> first;
        CompletableFuture<Optional<String>> second;
        CompletableFuture<Optional<String>> other;
        long before = jdbc.commits();
        jdbc.writerGate().lock();
        try {
            first = store.insertUnlessDuplicate(message("first").dedupeKey("k").build(), T0.plus(LEASE), since);
            second = store.insertUnlessDuplicate(message("second").dedupeKey("k").build(), null, since);
            other = store.insertUnlessDuplicate(message("other").owner("OTHER").dedupeKey("k").build(), null, since);
        } finally {
            jdbc.writerGate().unlock();
        }

        assertThat(await(first)).isEmpty();
        assertThat(await(second)).contains("first");
        assertThat(await(other)).isEmpty();
        assertThat(jdbc.commits() - before).as("one transaction (two if the writer took the first alone)")
                .isLessThanOrEqualTo(2);
        assertThat(await(store.find("second"))).isEmpty();
        assertThat(claim("esme:BETA", T0)).as("the first is leased to its inserter").containsExactly("other");
    }

    @Test
    void aResubmissionStoresNoneOfItsCopies() {
        Instant since = T0.minusSeconds(60);
        assertThat(await(store.insertUnlessDuplicate(List.of(message("m1").dedupeKey("k").build(),
                message("m1-mo").target("webhook:BETA").build()), null, since))).isEmpty();

        assertThat(await(store.insertUnlessDuplicate(List.of(message("m2").dedupeKey("k").build(),
                message("m2-mo").target("webhook:BETA").build()), null, since))).contains("m1");

        assertThat(stored("m1-mo").target()).isEqualTo("webhook:BETA");
        assertThat(await(store.find("m2"))).isEmpty();
        assertThat(await(store.find("m2-mo"))).isEmpty();
    }

    @Test
    void aResubmissionThatWouldReplaceChangesNothing() {
        await(store.insert(message("old").destination("999").build()));
        Instant since = T0.minusSeconds(60);

        assertThat(await(store.insertReplacingUnlessDuplicate(
                List.of(message("new").destination("999").dedupeKey("k").build()), since))).isEmpty();
        assertThat(await(store.insertReplacingUnlessDuplicate(
                List.of(message("again").destination("999").dedupeKey("k").build()), since))).contains("new");

        assertThat(stored("old").state()).isEqualTo(MessageState.DELETED);
        assertThat(stored("new").state()).isEqualTo(MessageState.ENROUTE);
        assertThat(await(store.find("again"))).isEmpty();
    }

    @Test
    void expireDueExpiresOverdueMessagesWithReceiptWhenWanted() {
        await(store.insertAll(List.of(
                message("overdue").expires(T0.plusSeconds(10)).registeredDelivery(1).build(),
                message("overdue-silent").expires(T0.plusSeconds(10)).build(),
                message("valid").expires(T0.plusSeconds(100)).build())));
        Instant now = T0.plusSeconds(10);

        List<StoredMessage> expired = await(store.expireDue(now, 100));

        assertThat(ids(expired)).containsExactlyInAnyOrder("overdue", "overdue-silent");
        assertThat(expired).allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.EXPIRED));
        assertThat(stored("overdue")).isEqualTo(expired.stream().filter(m -> m.id().equals("overdue")).findFirst()
                .orElseThrow());
        assertThat(stored("overdue").receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(stored("overdue-silent").receiptState()).isEqualTo(ReceiptState.NONE);
        assertThat(stored("valid").state()).isEqualTo(MessageState.ENROUTE);
    }

    @Test
    void expireDueLeavesMessagesThatAreBeingDelivered() {
        await(store.insert(message("m1").expires(T0.plusSeconds(10)).build()));
        claim("esme:BETA", T0);

        assertThat(await(store.expireDue(T0.plusSeconds(10), 100))).isEmpty();
        assertThat(ids(await(store.expireDue(T0.plus(LEASE), 100)))).containsExactly("m1");
    }

    @Test
    void purgeRemovesOldFinalMessagesOnly() {
        await(store.insertAll(List.of(message("old").build(), message("recent").build(), message("pending").build())));
        await(recordAttempt("old", new Attempt.Delivered(T0)));
        await(recordAttempt("recent", new Attempt.Delivered(T0.plusSeconds(100))));

        assertThat(await(store.purgeFinalBefore(T0.plusSeconds(50)))).isEqualTo(1);

        assertThat(await(store.find("old"))).isEmpty();
        assertThat(await(store.history("old"))).isEmpty();
        assertThat(await(store.find("recent"))).isPresent();
        assertThat(await(store.find("pending"))).isPresent();
    }

    @Test
    void purgeKeepsMessagesWithPendingReceipt() {
        await(store.insert(message("m1").registeredDelivery(1).build()));
        await(recordAttempt("m1", new Attempt.Delivered(T0)));

        assertThat(await(store.purgeFinalBefore(T0.plus(Duration.ofDays(30))))).isZero();
        assertThat(await(store.find("m1"))).isPresent();

        await(recordReceiptAttempt("m1", new ReceiptAttempt.Sent(T0.plusSeconds(1))));
        assertThat(await(store.purgeFinalBefore(T0.plus(Duration.ofDays(30))))).isEqualTo(1);
    }

    @Test
    void countByStateCountsEveryState() {
        await(store.insertAll(List.of(message("a").build(), message("b").build(), message("c").build(),
                message("s").scheduled(T0.plusSeconds(60)).build())));
        await(recordAttempt("a", new Attempt.Delivered(T0)));
        await(store.cancel("b", "ACME"));

        Map<MessageState, Long> counts = await(store.countByState());

        assertThat(counts).containsEntry(MessageState.DELIVERED, 1L).containsEntry(MessageState.DELETED, 1L)
                .containsEntry(MessageState.ENROUTE, 1L).containsEntry(MessageState.SCHEDULED, 1L)
                .containsEntry(MessageState.EXPIRED, 0L).hasSize(StoredMessage.STATES.size());
    }

    @Test
    void nothingIsQuarantinedInAHealthyStore() {
        await(store.insert(message("m1").build()));
        claim("esme:BETA", T0);

        assertThat(await(store.quarantined())).isEmpty();
    }
}
