package io.tern.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.HistoryEntry;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.MessageStoreContract;
import io.tern.smsc.store.QuarantinedRecord;
import io.tern.smsc.store.ReceiptAttempt;
import io.tern.smsc.store.StoreException;
import io.tern.smsc.store.StoreOverloadedException;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store against the whole {@link MessageStoreContract}, on one embedded PostgreSQL
 * for the class: each test starts from empty tables (truncated when a test opens its first store),
 * and reopening a store within a test keeps its data, as the contract expects. Then what only this
 * store shows: its claims with several stores on one database, the durability settings, the
 * quarantine of a row with an unknown state.
 */
class PostgresMessageStoreTest extends MessageStoreContract {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int QUEUE_CAPACITY = 64;

    private static String url;
    /** The test directory whose tables are in the database now; a new one truncates them. */
    private static Path current;

    @BeforeAll
    static void database() {
        url = TestDatabase.create("tern_contract");
        current = null;
    }

    @Override
    protected MessageStore newStore(Path dir) {
        if (!dir.equals(current)) {
            current = dir;
            truncate();
        }
        return open("node-a");
    }

    /** As the queue manager and connectors do: with the message's row, so writes name its partition. */
    @Override
    protected boolean recordsByRow() {
        return true;
    }

    private static PostgresMessageStore open(String node) {
        return open(node, T0);
    }

    private static PostgresMessageStore open(String node, Instant now) {
        return new PostgresMessageStore(new PostgresStoreConfig(url, null, null, 3, QUEUE_CAPACITY, 1_000, node),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Connection jdbc() throws Exception {
        return DriverManager.getConnection(url);
    }

    private static void truncate() {
        TestDatabase.empty(url, "message, attempt, quarantine, upstream_link, upstream_receipt, suppression, cdr_outbox");
    }

    /** A message to esme:BETA from ACME, due at T0, without a receipt; {@link Msg#registeredDelivery} asks for one. */
    static Msg message(String id) {
        return new Msg(id, 0);
    }

    record Msg(String id, int rd) {
        Msg registeredDelivery(int v) {
            return new Msg(id, v);
        }

        StoredMessage build() {
            return StoredMessage.submitted(id, "ACME", new StoredAddress(1, 1, "12345"), new StoredAddress(1, 1, "447700900001"),
                    "", 0, 0, 0, 0, rd, "hello".getBytes(StandardCharsets.US_ASCII), new byte[0], null, "esme:BETA",
                    T0, null, T0.plus(Duration.ofDays(1)), null);
        }
    }

    @Test
    void aWriteNamingAPartitionDroppedMeanwhileGoesToTheTableInstead() throws Exception {
        // tomorrow's partition (made ahead by the store) holds m2; m1, in today's, has the writer read the partitions
        StoredMessage today = message("m1").build();
        StoredMessage tomorrow = StoredMessage.submitted("m2", "ACME", new StoredAddress(1, 1, "12345"),
                new StoredAddress(1, 1, "447700900001"), "", 0, 0, 0, 0, 0, new byte[0], new byte[0], null,
                "esme:BETA", T0.plus(Duration.ofHours(25)), null, T0.plus(Duration.ofDays(3)), null);
        await(store.insertAll(List.of(today, tomorrow)));
        assertThat(await(store.recordAttempt(today, new Attempt.Delivered(T0), null))).isEqualTo(UpdateResult.OK);
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE message_p20260102, attempt_p20260102");
        }

        // the writer still names message_p20260102 for m2: the database says it is gone, and the write is
        // run again on the table, which has no m2 any more
        assertThat(await(store.recordAttempt(tomorrow, new Attempt.Delivered(T0.plusSeconds(1)), null)))
                .isEqualTo(UpdateResult.NOT_FOUND);
        assertThat(await(store.recordReceiptAttempt(tomorrow, new ReceiptAttempt.Sent(T0.plusSeconds(2)))))
                .isEqualTo(UpdateResult.NOT_FOUND);
        // and the writer goes on with the partitions that are there
        StoredMessage again = message("m3").build();
        await(store.insert(again));
        assertThat(await(store.recordAttempt(again, new Attempt.FailedPermanent(T0.plusSeconds(3), 0x0B), null)))
                .isEqualTo(UpdateResult.OK);
        assertThat(stored("m3").state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(await(store.history("m3"))).extracting(HistoryEntry::event)
                .contains(HistoryEntry.Event.FAILED_PERMANENT);
    }

    @Test
    void severalStoresOnOneDatabaseNeverClaimTheSameMessage() throws Exception {
        List<StoredMessage> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            batch.add(message("m" + i).build());
        }
        await(store.insertAll(batch));
        try (PostgresMessageStore second = open("node-b"); PostgresMessageStore third = open("node-c")) {
            List<MessageStore> nodes = List.of(store, second, third);
            Set<String> seen = new HashSet<>();
            List<CompletableFuture<List<StoredMessage>>> claims = new ArrayList<>();
            // every store claims at once, many times, until all is claimed
            for (int round = 0; round < 20; round++) {
                for (MessageStore node : nodes) {
                    claims.add(node.claimDue("esme:BETA", T0, 7, T0.plusSeconds(60)));
                }
            }
            int total = 0;
            for (CompletableFuture<List<StoredMessage>> f : claims) {
                for (StoredMessage m : await(f)) {
                    assertThat(seen.add(m.id())).as("claimed twice: %s", m.id()).isTrue();
                    total++;
                }
            }
            assertThat(total).isEqualTo(400);
            assertThat(await(second.claimDue("esme:BETA", T0.plusSeconds(30), 100, T0.plusSeconds(90)))).isEmpty();
        }
    }

    /**
     * Two nodes' stores on one database, each submitting the same 200 keys at once (one in ascending
     * order, the other in descending, so that their transactions take the keys' locks in opposite
     * orders if they did not sort them): exactly one row per key, the other submission answered with
     * its id, and no operation lost to a deadlock.
     */
    @Test
    void twoNodesSubmittingTheSameKeysAtOnceStoreEachKeyOnce() throws Exception {
        int keys = 200;
        Instant since = T0.minusSeconds(600);
        List<CompletableFuture<java.util.Optional<String>>> fromA = new ArrayList<>();
        List<CompletableFuture<java.util.Optional<String>>> fromB = new ArrayList<>();
        try (PostgresMessageStore a = openWithRoom("node-b"); PostgresMessageStore b = openWithRoom("node-c")) {
            for (int i = 0; i < keys; i++) {
                fromA.add(a.insertUnlessDuplicate(keyed("a" + i, "key" + i), null, since));
                int j = keys - 1 - i;
                fromB.add(b.insertUnlessDuplicate(keyed("b" + j, "key" + j), null, since));
            }
            CompletableFuture.allOf(fromA.toArray(CompletableFuture[]::new))
                    .thenCombine(CompletableFuture.allOf(fromB.toArray(CompletableFuture[]::new)), (x, y) -> y)
                    .get(60, TimeUnit.SECONDS);
        }
        for (int i = 0; i < keys; i++) {
            java.util.Optional<String> viaA = fromA.get(i).join();
            java.util.Optional<String> viaB = fromB.get(keys - 1 - i).join();
            assertThat(viaA.isEmpty() != viaB.isEmpty()).as("key%d: one stored, one duplicate", i).isTrue();
            assertThat(viaA.orElseGet(() -> viaB.orElseThrow())).isEqualTo(viaA.isEmpty() ? "a" + i : "b" + i);
        }
        try (Connection c = jdbc(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT dedupe_key) FROM message")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(keys);
            assertThat(rs.getInt(2)).isEqualTo(keys);
        }
    }

    /** A store whose queue holds a test's whole burst of submissions. */
    private static PostgresMessageStore openWithRoom(String node) {
        return new PostgresMessageStore(new PostgresStoreConfig(url, null, null, 3, 1_000, 1_000, node),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static StoredMessage keyed(String id, String dedupeKey) {
        return StoredMessage.submitted(id, "ACME", new StoredAddress(1, 1, "12345"),
                new StoredAddress(1, 1, "447700900001"), "", 0, 0, 0, 0, 0, "hello".getBytes(StandardCharsets.US_ASCII),
                new byte[0], null, "esme:BETA", T0, null, T0.plus(Duration.ofDays(1)), dedupeKey);
    }

    @Test
    void aStartingNodeReleasesItsOwnAndExpiredLeasesButNotThoseOfOtherLiveNodes() {
        Duration lease = Duration.ofMinutes(1);
        await(store.insertAll(List.of(message("mine").build(), message("theirs").build(), message("dead").build(),
                message("receipt-theirs").registeredDelivery(1).build())));
        try (PostgresMessageStore b = open("node-b"); PostgresMessageStore c = open("node-c", T0.minusSeconds(120))) {
            assertThat(ids(await(store.claimDue("esme:BETA", T0, 1, T0.plus(lease))))).containsExactly("mine");
            assertThat(ids(await(b.claimDue("esme:BETA", T0, 1, T0.plus(lease))))).containsExactly("theirs");
            assertThat(ids(await(c.claimDue("esme:BETA", T0, 1, T0.minusSeconds(60))))).as("ran out at T0 - 60 s")
                    .containsExactly("dead");
            // node-b delivers and leases the receipt it will send itself
            assertThat(await(b.recordAttempt("receipt-theirs", new Attempt.Delivered(T0), T0.plus(lease))))
                    .isEqualTo(UpdateResult.OK);

            // node-a restarts: its own lease and node-c's expired one go, node-b's stay
            reopen();
            assertThat(await(store.releaseAllLeases())).isEqualTo(2);

            assertThat(ids(await(store.claimDue("esme:BETA", T0, 10, T0.plus(lease)))))
                    .containsExactlyInAnyOrder("mine", "dead");
            assertThat(await(store.claimDueReceipts("ACME", T0, 10, T0.plus(lease)))).as("node-b sends it").isEmpty();
            assertThat(await(b.releaseAllLeases())).as("node-b restarts: its two leases").isEqualTo(2);
            assertThat(ids(await(store.claimDue("esme:BETA", T0, 10, T0.plus(lease))))).containsExactly("theirs");
            assertThat(ids(await(store.claimDueReceipts("ACME", T0, 10, T0.plus(lease)))))
                    .containsExactly("receipt-theirs");
        }
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    @Test
    void otherNodesHearOfWorkMadeClaimableButNotOfWorkLeasedToItsNode() throws Exception {
        java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        ((PostgresMessageStore) store).onRemoteWork(t -> heard.add("target " + t), o -> heard.add("receipts " + o));
        try (PostgresMessageStore b = open("node-b", Instant.now())) {
            // the listener is up once it hears a first notification
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                await(b.insert(message("probe-" + System.nanoTime()).build()));
                return heard.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS) != null;
            });
            heard.clear();

            await(b.insertLeased(message("leased").build(), Instant.now().plusSeconds(60)));
            await(b.insert(StoredMessage.submitted("free", "ACME", new StoredAddress(1, 1, "1"), new StoredAddress(1, 1, "2"), "",
                    0, 0, 0, 0, 1, new byte[0], new byte[0], null, "esme:GAMMA", T0, null, Instant.now().plusSeconds(600),
                    null)));
            assertThat(heard.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("target esme:GAMMA");

            await(b.recordAttempt("free", new Attempt.Delivered(Instant.now())));
            assertThat(heard.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("receipts ACME");
            await(b.releaseLeases(List.of("leased")));
            assertThat(heard.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("target esme:BETA");
            assertThat(heard).as("nothing for the leased insert").isEmpty();
        }
    }

    /** The PostgreSQL migrations the store ships (V*__*.sql on its classpath). */
    private static int migrationFiles() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(PostgresMessageStore.class.getResource("/db/migration/postgresql")
                .toURI());
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        String fresh = TestDatabase.create("tern_migrate");
        List<CompletableFuture<PostgresMessageStore>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String node = "n" + i;
            starting.add(CompletableFuture.supplyAsync(() -> new PostgresMessageStore(
                    new PostgresStoreConfig(fresh, null, null, 2, 10, 10, node), Clock.systemUTC())));
        }
        List<PostgresMessageStore> started = new ArrayList<>();
        try {
            for (CompletableFuture<PostgresMessageStore> f : starting) {
                started.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            await(started.get(2).insert(message("m1").build()));
            assertThat(await(started.get(0).find("m1"))).isPresent();
        } finally {
            started.forEach(PostgresMessageStore::close);
        }
        try (Connection c = DriverManager.getConnection(fresh); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version) FROM flyway_schema_history"
                        + " WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each migration applied once").isEqualTo(rs.getInt(2))
                    .isEqualTo(migrationFiles());
        }
    }

    @Test
    void deadlocksAndSerializationFailuresAreRetried() {
        assertThat(PostgresMessageStore.isTransient(new java.sql.SQLException("deadlock", "40P01"))).isTrue();
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("batch", "08000", new int[0]);
        batch.setNextException(new java.sql.SQLException("serialization", "40001"));
        assertThat(PostgresMessageStore.isTransient(new StoreException("x", batch))).isTrue();
        assertThat(PostgresMessageStore.isTransient(new java.sql.SQLException("duplicate", "23505"))).isFalse();
        // no SQLSTATE at all (an I/O failure; seen in CI with a statement that timed out): not transient, no NPE
        java.sql.SQLException stateless = new java.sql.SQLException("I/O error");
        stateless.setNextException(new java.sql.SQLException("deadlock", "40P01"));
        assertThat(PostgresMessageStore.isTransient(new java.sql.SQLException("read timed out"))).isFalse();
        assertThat(PostgresMessageStore.isTransient(stateless)).isTrue();
    }

    @Test
    void claimIsNotBlockedByARowAnotherTransactionHoldsButSkipsIt() throws Exception {
        await(store.insertAll(List.of(message("locked").build(), message("free").build())));
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1 FROM message WHERE id = 'locked' FOR UPDATE");
            }
            assertThat(await(store.claimDue("esme:BETA", T0, 10, T0.plusSeconds(60))))
                    .extracting(StoredMessage::id).containsExactly("free");
            c.rollback();
        }
        assertThat(await(store.claimDue("esme:BETA", T0, 10, T0.plusSeconds(60))))
                .extracting(StoredMessage::id).containsExactly("locked");
    }

    @Test
    void pendingWorkIndexesArePartial() throws Exception {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'message'"
                    + " AND indexname IN ('message_expiry', 'message_unknown_state', 'message_due') ORDER BY indexname")) {
                List<String> defs = new ArrayList<>();
                while (rs.next()) {
                    defs.add(rs.getString(1));
                }
                assertThat(defs).hasSize(3).allSatisfy(d -> assertThat(d).contains("WHERE"));
            }
        }
    }

    @Test
    void fullWriteQueueRefusesAtOnceInsteadOfBlocking() {
        ReentrantLock gate = ((PostgresMessageStore) store).writerGate();
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        CompletableFuture<Void> refused = null;
        gate.lock();
        try {
            for (int i = 0; i < QUEUE_CAPACITY + 2 && refused == null; i++) {
                CompletableFuture<Void> f = store.insert(message("m" + i).build());
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    accepted.add(f);
                }
            }
        } finally {
            gate.unlock();
        }
        assertThat(refused).as("an insert refused while the queue was full").isNotNull();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreOverloadedException.class);
        await(CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)));
    }

    @Test
    void groupCommitServesManyOperationsPerCommit() {
        PostgresMessageStore pg = (PostgresMessageStore) store;
        ReentrantLock gate = pg.writerGate();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        long before = pg.commits();
        gate.lock();
        try {
            for (int i = 0; i < 50; i++) {
                acks.add(store.insert(message("m" + i).build()));
            }
            acks.add(store.recordAttempt("m0", new Attempt.Delivered(T0)));
            acks.add(store.recordAttempt("missing", new Attempt.Delivered(T0)));
        } finally {
            gate.unlock();
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        assertThat(pg.commits() - before).isLessThanOrEqualTo(2);
        assertThat(acks.get(50).join()).isEqualTo(UpdateResult.OK);
        assertThat(acks.get(51).join()).isEqualTo(UpdateResult.NOT_FOUND);
    }

    @Test
    void rowWithUnknownStateIsQuarantinedByTheExpirySweepAndByFind() throws Exception {
        await(store.insertAll(List.of(message("good").build(), message("bad").build(), message("worse").build())));
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE message SET state = 42 WHERE id = 'bad'");
            st.executeUpdate("UPDATE message SET receipt_state = 9 WHERE id = 'worse'");
        }

        // find fails visibly and has the writer set the row aside (queued before find fails)
        assertThatThrownBy(() -> store.find("worse").join()).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("receipt state");
        assertThat(await(store.expireDue(T0.plus(Duration.ofDays(1)), 100))).extracting(StoredMessage::id)
                .containsExactly("good");

        Awaitility.await().untilAsserted(() -> assertThat(await(store.quarantined()))
                .extracting(QuarantinedRecord::id).containsExactly("worse", "bad"));
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT short_message, state FROM quarantine WHERE id = 'bad'"); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }

    @Test
    void aBrokenConnectionFailsItsWritesOnlyAndTheNextBatchReconnects() throws Exception {
        await(store.insert(message("before").build()));
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            // every connection of the store (ApplicationName tern), as a database restart would
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tern'");
        }

        CompletableFuture<Void> during = store.insert(message("during").build());
        boolean acknowledged = during.handle((v, failure) -> failure == null).get(30, java.util.concurrent.TimeUnit.SECONDS);
        int[] n = {0};
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String id = "after-" + n[0]++;
            assertThat(store.insert(message(id).build()).handle((v, failure) -> failure == null).join()).isTrue();
        });

        try (Connection c = jdbc(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM message WHERE id = 'during'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("acknowledged if and only if committed").isEqualTo(acknowledged ? 1 : 0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(await(store.find("before"))).isPresent());
    }

    @Test
    void unreachableDatabaseFailsTheConstructorWithAStoreException() {
        assertThatThrownBy(() -> new PostgresMessageStore(new PostgresStoreConfig(
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", "y", 2, 10, 10, "n"), Clock.systemUTC()))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void configRejectsNonsense() {
        assertThatThrownBy(() -> new PostgresStoreConfig("jdbc:sqlite:x", null, null, 2, 1, 1, "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostgresStoreConfig(url, null, null, 1, 1, 1, "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostgresStoreConfig(url, null, null, 2, 0, 1, "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PostgresStoreConfig(url, "u", "s3cret", 2, 1, 1, "n").toString()).doesNotContain("s3cret");
    }
}
