package io.tern.smsc.store;

import static io.tern.smsc.store.TestMessages.T0;
import static io.tern.smsc.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.logging.CapturedLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store when its disk fills and frees again (issue 15, defects 1 and 2). The fault is
 * SQLite's own: max_page_count on the writer makes a write needing a new page fail with
 * SQLITE_FULL, which SQLite handles as a full disk (it rolls the whole transaction back).
 */
class SqliteStoreDiskFullTest {

    private static final String BODY = "x".repeat(140);

    @TempDir
    Path dir;
    SqliteMessageStore store;
    CapturedLog captured;

    @BeforeEach
    void open() {
        captured = CapturedLog.of(SqliteMessageStore.class);
        store = new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("tern.db"), 10_000, 1_000, 2),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
        captured.close();
    }

    /** Inserts one message at a time until one fails; returns the ids acknowledged and the failure. */
    private Throwable fillUp(List<String> acknowledged) {
        for (int i = 0; i < 10_000; i++) {
            String id = "m" + i;
            try {
                store.insert(message(id).text(BODY).build()).get(30, TimeUnit.SECONDS);
                acknowledged.add(id);
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the store never filled up");
    }

    @Test
    void afterTheDiskFillsAndFreesTheStoreWritesAgainByItselfAndLosesNothingAcknowledged() {
        List<String> acknowledged = new ArrayList<>();
        store.insert(message("before").text(BODY).build()).join();
        acknowledged.add("before");
        store.limitPages(1).join();

        Throwable full = fillUp(acknowledged);

        assertThat(full).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("SQLITE_FULL");
        assertThat(store.health().writable()).isFalse();
        assertThat(store.health().reason()).contains("SQLITE_FULL");
        assertThatThrownBy(() -> store.insert(message("while-full").text(BODY).build()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreUnavailableException.class);

        store.limitPages(0).join();

        // the probe notices the space within a second, with no write of anyone else's
        await().atMost(Duration.ofSeconds(10)).until(() -> store.health().writable());
        store.insert(message("after").text(BODY).build()).join();
        acknowledged.add("after");
        List<StoredMessage> claimed = store.claimDue("esme:BETA", T0, 10_000, T0.plusSeconds(60)).join();
        assertThat(claimed).extracting(StoredMessage::id).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(store.recordAttempt("after", new Attempt.Delivered(T0)).join()).isEqualTo(UpdateResult.OK);
        assertThat(store.find("after").join().orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(store.find("while-full").join()).isEmpty();
    }

    @Test
    void everyKindOfWriteWorksAgainAfterAFailedTransaction() {
        store.insertAll(List.of(message("a").registeredDelivery(1).build(), message("b").build())).join();
        store.limitPages(1).join();
        fillUp(new ArrayList<>());
        store.limitPages(0).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.health().writable());

        // each of these runs a statement that was cached before the failure
        assertThat(store.claimDue("esme:BETA", T0, 2, T0.plusSeconds(60)).join()).hasSize(2);
        assertThat(store.recordAttempt("a", new Attempt.Delivered(T0)).join()).isEqualTo(UpdateResult.OK);
        assertThat(store.claimDueReceipts("ACME", T0, 10, T0.plusSeconds(60)).join()).extracting(StoredMessage::id)
                .containsExactly("a");
        assertThat(store.recordReceiptAttempt("a", new ReceiptAttempt.Sent(T0)).join()).isEqualTo(UpdateResult.OK);
        assertThat(store.releaseLeases(List.of("b")).join()).isEqualTo(1); // claimed above: in delivery till then
        assertThat(store.cancel("b", "ACME").join()).isEqualTo(UpdateResult.OK);
        assertThat(store.insert(message("c").build()).thenCompose(v -> store.find("c")).join()).isPresent();
    }

    @Test
    void outcomesOfStoredMessagesAreStillRecordedWhileNewMessagesAreRefused() {
        store.insertAll(List.of(message("retry").build(), message("done").build())).join();
        store.limitPages(1).join();
        fillUp(new ArrayList<>());
        CompletableFuture<Void> refused;
        CompletableFuture<java.util.Optional<String>> refusedKeyed;
        CompletableFuture<UpdateResult> retried;
        CompletableFuture<UpdateResult> delivered;
        ReentrantLock gate = store.writerGate();
        gate.lock();
        try {
            // queued together: one transaction, in which the inserts run first and fail
            refused = store.insert(message("new").text(BODY).build());
            refusedKeyed = store.insertUnlessDuplicate(message("keyed").dedupeKey("k").text(BODY).build(), null, T0);
            retried = store.recordAttempt("retry", new Attempt.FailedTemporary(T0, 0x58, T0.plusSeconds(30)));
            delivered = store.recordAttempt("done", new Attempt.Delivered(T0));
        } finally {
            gate.unlock();
        }

        assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(refusedKeyed::join).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThat(retried.join()).isEqualTo(UpdateResult.OK);
        assertThat(delivered.join()).isEqualTo(UpdateResult.OK);
        assertThat(store.find("retry").join().orElseThrow().nextAttemptTime()).isEqualTo(T0.plusSeconds(30));
        assertThat(store.find("done").join().orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(store.health().writable()).as("submissions are still refused").isFalse();
    }

    @Test
    void aFullDiskIsLoggedOnceWithItsCauseThenCountedAndItsEndIsLogged() {
        store.limitPages(1).join();
        fillUp(new ArrayList<>());
        int failedWrites = 500;
        List<CompletableFuture<Void>> refused = new ArrayList<>();
        for (int i = 0; i < failedWrites; i++) {
            refused.add(store.insert(message("refused" + i).text(BODY).build()));
        }
        assertThat(refused).allSatisfy(f -> assertThatThrownBy(f::join)
                .hasCauseInstanceOf(StoreUnavailableException.class));
        store.limitPages(0).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.health().writable());

        List<ILoggingEvent> problems = captured.problems();
        // the outage, the count on recovery and the recovery: 3 lines, one more per 10 s on a slow machine
        assertThat(problems).as("lines for %d failed writes: %s", failedWrites + 1, captured.messages())
                .hasSizeLessThanOrEqualTo(5);
        ILoggingEvent first = problems.get(0);
        assertThat(first.getLevel()).isEqualTo(Level.ERROR);
        assertThat(first.getFormattedMessage()).contains("store cannot commit", "SQLITE_FULL", "ESME_RMSGQFUL");
        assertThat(first.getThrowableProxy()).isNotNull();
        assertThat(problems).filteredOn(e -> e.getThrowableProxy() != null).hasSize(1);
        assertThat(problems.get(problems.size() - 1).getFormattedMessage()).contains("store writable again")
                .containsPattern("[\\d,]+ commits failed meanwhile, [\\d,]+ operations refused");
    }
}
