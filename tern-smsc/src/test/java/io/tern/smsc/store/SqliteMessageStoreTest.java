package io.tern.smsc.store;

import static io.tern.smsc.store.TestMessages.T0;
import static io.tern.smsc.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.MessageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQLite store against the contract, plus what only the SQLite store can show. */
class SqliteMessageStoreTest extends MessageStoreContract {

    private static final int QUEUE_CAPACITY = 64;

    @Override
    protected MessageStore newStore(Path dir) {
        return new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("tern.db"), QUEUE_CAPACITY, 1_000, 2),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    /**
     * A purge of many messages (a day of traffic leaving the retention at once) is deleted a chunk per
     * transaction, each queued behind the writes waiting then: a write made while it runs is committed
     * long before the purge ends, instead of waiting for all of it.
     */
    @Test
    void aLargePurgeIsCommittedAChunkAtATimeWithOtherWritesBetween() {
        SqliteMessageStore sqlite = (SqliteMessageStore) store;
        List<StoredMessage> old = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            old.add(message("p" + i).build());
        }
        old.add(message("owed").registeredDelivery(1).build());
        old.add(message("pending").build());
        await(store.insertAll(old));
        for (int i = 0; i < 25; i++) {
            await(recordAttempt("p" + i, new Attempt.Delivered(T0)));
        }
        await(recordAttempt("owed", new Attempt.Delivered(T0))); // its receipt still owed: kept
        long commits = sqlite.commits();

        CompletableFuture<Integer> purge = sqlite.purgeFrom(T0.plusSeconds(1).toEpochMilli(), Long.MIN_VALUE, 0, 4);
        await(store.insert(message("meanwhile").build()));
        assertThat(purge).isNotDone();

        assertThat(await(purge)).isEqualTo(25);
        assertThat(sqlite.commits() - commits).isGreaterThanOrEqualTo(7); // 25 in chunks of 4, and the insert
        assertThat(await(store.find("p0"))).isEmpty();
        assertThat(await(store.find("p24"))).isEmpty();
        assertThat(await(store.find("owed"))).isPresent();
        assertThat(await(store.find("pending"))).isPresent();
        assertThat(await(store.find("meanwhile"))).isPresent();
        assertThat(await(store.purgeFinalBefore(T0.plusSeconds(1)))).isZero();
    }

    @Test
    void unmatchedUpstreamReceiptsArePurgedAChunkAtATime() {
        SqliteMessageStore sqlite = (SqliteMessageStore) store;
        for (int i = 0; i < 7; i++) {
            await(store.recordUpstreamReceipt("carrier", "u" + i, new Attempt.Reported(T0, MessageState.DELIVERED, 0)));
        }
        long commits = sqlite.commits();
        assertThat(await(sqlite.purgeUnmatchedReceipts(T0.plusSeconds(1).toEpochMilli(), 0, 3))).isEqualTo(7);
        assertThat(sqlite.commits() - commits).isEqualTo(3); // 3, 3 and 1
        assertThat(await(store.purgeUnmatchedReceipts(T0.plusSeconds(1)))).isZero();
    }

    /**
     * With CDRs on, the purge stops short of the oldest message whose record is still in the outbox
     * (a later purge takes what it left), so that its chunks never look through the outbox.
     */
    @Test
    void thePurgeStopsShortOfTheOldestMessageWhoseRecordIsNotWrittenYet() {
        await(store.keepFinalOutcomes(true));
        await(store.insertAll(List.of(message("a").build(), message("b").build(), message("c").build())));
        // committed in the order a, c, b: the outbox is a queue in that order, b's time before c's
        await(recordAttempt("a", new Attempt.Delivered(T0)));
        await(recordAttempt("c", new Attempt.Delivered(T0.plusSeconds(20))));
        await(recordAttempt("b", new Attempt.Delivered(T0.plusSeconds(10))));
        List<FinalOutcome> outbox = await(store.finalOutcomes(10));
        assertThat(outbox).extracting(o -> o.record().message().id()).containsExactly("a", "c", "b");
        assertThat(await(store.finalOutcomesWritten(List.of(outbox.get(0).seq(), outbox.get(1).seq())))).isEqualTo(2);

        assertThat(await(store.purgeFinalBefore(T0.plusSeconds(30)))).isEqualTo(1);
        assertThat(await(store.find("a"))).isEmpty();
        assertThat(await(store.find("b"))).isPresent();
        assertThat(await(store.find("c"))).isPresent(); // after b: left for a later purge

        await(store.finalOutcomesWritten(await(store.finalOutcomes(10)).stream().map(FinalOutcome::seq).toList()));
        assertThat(await(store.purgeFinalBefore(T0.plusSeconds(30)))).isEqualTo(2);
        await(store.keepFinalOutcomes(false));
    }

    /**
     * store.commit_delay: a write that comes right after a commit of several, with nothing behind it,
     * is held one slice of the delay at most, never the whole delay.
     */
    @Test
    void aWriteWithNothingBehindItIsNotHeldForTheCommitDelay() throws Exception {
        store.close();
        Path other = dir.resolve("delay");
        java.nio.file.Files.createDirectories(other);
        store = new SqliteMessageStore(new SqliteStoreConfig(other.resolve("tern.db"), QUEUE_CAPACITY, 1_000, 2,
                java.time.Duration.ofMinutes(5)), Clock.fixed(T0, ZoneOffset.UTC));
        JdbcMessageStore<?> jdbc = (JdbcMessageStore<?>) store;
        List<CompletableFuture<Void>> several = new ArrayList<>();
        jdbc.writerGate().lock();
        try {
            for (int i = 0; i < CommitPacing.CONCURRENT; i++) {
                several.add(store.insert(message("s" + i).build()));
            }
        } finally {
            jdbc.writerGate().unlock();
        }
        several.forEach(f -> await(f));
        long commits = jdbc.commits();

        assertThat(store.insert(message("m2").build())).succeedsWithin(java.time.Duration.ofSeconds(30));
        assertThat(jdbc.commits()).isEqualTo(commits + 1);
        assertThat(stored("m2").id()).isEqualTo("m2");
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tern.db"));
    }

    /**
     * V13 moved the forward link from upstream_link onto the message row: a message forwarded
     * before the upgrade still takes its upstream's receipt after it, and keeps its history.
     */
    @Test
    void aForwardLinkedBeforeTheUpgradeTakesItsReceiptAfterIt() throws Exception {
        Path old = dir.resolve("v12");
        java.nio.file.Files.createDirectories(old);
        String url = "jdbc:sqlite:" + old.resolve("tern.db");
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                .target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            PreparedStatement insert = c.prepareStatement(SqliteRows.INSERT);
            SqliteRows.bind(insert, message("m1").target("connector:carrier").registeredDelivery(1).build(), null);
            insert.executeUpdate();
            c.createStatement().executeUpdate("UPDATE message SET attempts = 1, next_attempt = "
                    + T0.plusSeconds(86_400).toEpochMilli() + " WHERE id = 'm1'");
            c.createStatement().executeUpdate(
                    "INSERT INTO upstream_link (message_id, upstream, upstream_id) VALUES ('m1', 'carrier', '77')");
            PreparedStatement history = c.prepareStatement(HistoryRows.INSERT);
            HistoryRows.add(history, "m1", T0.plusSeconds(1), HistoryEntry.Event.FORWARDED, 0, null);
            history.executeBatch();
        }
        store.close();
        store = newStore(old);

        assertThat(await(store.upstreamLink("m1"))).contains(new UpstreamLink("carrier", "77"));
        UpstreamReceiptResult r = await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0.plusSeconds(5), MessageState.UNDELIVERABLE, 11)));
        assertThat(r.outcome()).isEqualTo(UpstreamReceiptResult.Outcome.MATCHED);
        assertThat(r.messageId()).isEqualTo("m1");
        assertThat(stored("m1").state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(await(store.history("m1"))).extracting(HistoryEntry::event).containsExactly(
                HistoryEntry.Event.FORWARDED, HistoryEntry.Event.UPSTREAM_RECEIPT);
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE name = 'upstream_link'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the old table is gone").isZero();
        }
    }

    /** The periodic sweeps must stay index lookups: a full scan of a retention's worth of rows would stall. */
    @Test
    void expiryAndDamagedStateSweepsUseTheirPartialIndexes() throws Exception {
        await(store.insert(message("m1").build()));
        try (Connection c = jdbc()) {
            assertThat(plan(c, SqliteMessageStore.EXPIRY_SWEEP, 3)).contains("USING INDEX message_expiry");
            // a new MessageState code changes the query's condition; the index of
            // V2__pending_expiry_index.sql then no longer serves it and this fails
            assertThat(plan(c, StoreStatements.UNKNOWN_STATE_SWEEP, 1))
                    .contains("USING INDEX message_unknown_state").doesNotContain("SCAN message");
        }
    }

    private static String plan(Connection c, String sql, int parameters) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= parameters; i++) {
                ps.setLong(i, 1);
            }
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getString("detail")).append('\n');
                }
            }
            return sb.toString();
        }
    }

    @Test
    void fullWriteQueueRefusesAtOnceInsteadOfBlocking() {
        ReentrantLock gate = ((SqliteMessageStore) store).writerGate();
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        CompletableFuture<Void> refused = null;
        gate.lock();
        try {
            // The stalled writer holds at most one operation outside the queue.
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
        assertThat(await(store.countByState()).get(MessageState.ENROUTE)).isEqualTo(accepted.size());
    }

    @Test
    void damagedRowIsQuarantinedAndReportedWithoutStoppingTheClaim() throws Exception {
        await(store.insertAll(List.of(message("good").build(), message("bad").build())));
        corrupt("UPDATE message SET source_ton = 'x' WHERE id = 'bad'");

        List<StoredMessage> claimed = await(store.claimDue("esme:BETA", T0, 10, T0.plusSeconds(60)));

        assertThat(claimed).extracting(StoredMessage::id).containsExactly("good");
        assertThat(await(store.quarantined())).singleElement().satisfies(q -> {
            assertThat(q.id()).isEqualTo("bad");
            assertThat(q.error()).contains("source_ton");
        });
        assertThat(await(store.find("bad"))).isEmpty();
        assertKeptVerbatimInQuarantine("bad");
    }

    /** 9 is SMPP 5.0's SKIPPED, a state only a broadcast has, never a stored message. */
    @ParameterizedTest
    @ValueSource(ints = {42, 9, -1})
    void rowWithUnknownStateIsQuarantinedByTheExpirySweep(int state) throws Exception {
        await(store.insertAll(List.of(message("good").expires(T0.plusSeconds(5)).build(), message("bad").build())));
        corrupt("UPDATE message SET state = " + state + " WHERE id = 'bad'");

        List<StoredMessage> expired = await(store.expireDue(T0.plusSeconds(5), 100));

        assertThat(expired).extracting(StoredMessage::id).containsExactly("good");
        assertThat(await(store.quarantined())).singleElement().satisfies(q -> {
            assertThat(q.id()).isEqualTo("bad");
            assertThat(q.error()).contains(Integer.toString(state));
        });
        assertKeptVerbatimInQuarantine("bad");
    }

    private void corrupt(String sql) throws Exception {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private void assertKeptVerbatimInQuarantine(String id) throws Exception {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT short_message, target FROM quarantine WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the damaged row is kept in quarantine").isTrue();
                assertThat(rs.getBytes(1)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(rs.getString(2)).isEqualTo("esme:BETA");
            }
        }
    }

    @Test
    void findOfDamagedRowFailsVisiblyAndQuarantinesIt() throws Exception {
        await(store.insert(message("bad").build()));
        corrupt("UPDATE message SET priority_flag = 'urgent' WHERE id = 'bad'");

        assertThatThrownBy(() -> store.find("bad").join()).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("priority_flag");

        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(await(store.quarantined())).extracting(QuarantinedRecord::id).containsExactly("bad"));
    }

    @Test
    void databaseRunsInWalModeWithFullSync() throws Exception {
        try (Connection c = jdbc(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    /**
     * A long read holds the WAL's checkpoint back and the WAL grows past its usual size; once the
     * read ends and writes go on, the file is cut back to {@code WAL_SIZE_LIMIT}, not kept at its
     * peak for good.
     */
    @Test
    void theWalShrinksBackAfterALongReadLetItGrow() throws Exception {
        Path wal = dir.resolve("tern.db-wal");
        byte[] payload = new byte[60_000];
        java.util.Arrays.fill(payload, (byte) 'x');
        byte[] tlv = new byte[4 + payload.length];
        tlv[0] = 0x04; // message_payload
        tlv[1] = 0x24;
        tlv[2] = (byte) (payload.length >> 8);
        tlv[3] = (byte) payload.length;
        System.arraycopy(payload, 0, tlv, 4, payload.length);
        try (Connection reader = jdbc(); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM message")) {
                assertThat(rs.next()).isTrue(); // the read transaction now holds its snapshot
            }
            for (int batch = 0; batch < 8; batch++) {
                List<StoredMessage> big = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    big.add(message("big-" + batch + "-" + i).tlvs(tlv).build());
                }
                await(store.insertAll(big));
            }
            assertThat(java.nio.file.Files.size(wal)).isGreaterThan(SqliteMessageStore.WAL_SIZE_LIMIT);
            reader.commit();
        }
        int[] n = {0};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            await(store.insert(message("after-" + n[0]++).build()));
            return java.nio.file.Files.size(wal) <= SqliteMessageStore.WAL_SIZE_LIMIT;
        });
    }

    @Test
    void groupCommitServesManyInsertsPerCommit() {
        SqliteMessageStore sqlite = (SqliteMessageStore) store;
        ReentrantLock gate = sqlite.writerGate();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long before = sqlite.commits();
        gate.lock();
        try {
            for (int i = 0; i < 50; i++) {
                acks.add(store.insert(message("m" + i).build()));
            }
        } finally {
            gate.unlock();
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));

        assertThat(sqlite.commits() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void outcomesCommittedInOneBatchGetEachTheirOwnResultAndHistory() {
        await(store.insertAll(List.of(
                message("ok").registeredDelivery(1).build(),
                message("failure-only").registeredDelivery(2).build(),
                message("retry").build(),
                message("cancelled").build(),
                message("twice").registeredDelivery(1).build())));
        await(store.cancel("cancelled", "ACME"));
        SqliteMessageStore sqlite = (SqliteMessageStore) store;
        ReentrantLock gate = sqlite.writerGate();
        List<CompletableFuture<UpdateResult>> results = new ArrayList<>();
        long before = sqlite.commits();
        gate.lock();
        try {
            results.add(store.recordAttempt("ok", new Attempt.Delivered(T0)));
            results.add(store.recordAttempt("failure-only", new Attempt.Delivered(T0)));
            results.add(store.recordAttempt("retry", new Attempt.FailedTemporary(T0, 0x58, T0.plusSeconds(30))));
            results.add(store.recordAttempt("cancelled", new Attempt.Delivered(T0)));
            results.add(store.recordAttempt("missing", new Attempt.Delivered(T0)));
            results.add(store.recordAttempt("twice", new Attempt.FailedPermanent(T0, 0x0B)));
            results.add(store.recordAttempt("twice", new Attempt.Delivered(T0.plusSeconds(1))));
        } finally {
            gate.unlock();
        }
        assertThat(results).extracting(f -> await(f)).containsExactly(UpdateResult.OK, UpdateResult.OK,
                UpdateResult.OK, UpdateResult.ALREADY_FINAL, UpdateResult.NOT_FOUND, UpdateResult.OK,
                UpdateResult.ALREADY_FINAL);
        assertThat(sqlite.commits() - before).isLessThanOrEqualTo(2);

        StoredMessage ok = await(store.find("ok")).orElseThrow();
        assertThat(ok.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(ok.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(await(store.find("failure-only")).orElseThrow().receiptState()).isEqualTo(ReceiptState.NONE);
        StoredMessage retry = await(store.find("retry")).orElseThrow();
        assertThat(retry.state()).isEqualTo(MessageState.ENROUTE);
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(retry.lastError()).isEqualTo(0x58);
        assertThat(retry.nextAttemptTime()).isEqualTo(T0.plusSeconds(30));
        assertThat(retry.finalTime()).isNull();
        StoredMessage twice = await(store.find("twice")).orElseThrow();
        assertThat(twice.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(twice.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(await(store.history("twice"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.FAILED_PERMANENT, HistoryEntry.Event.DELIVERED);
        assertThat(await(store.history("cancelled"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.CANCELLED, HistoryEntry.Event.DELIVERED);
        assertThat(await(store.history("missing"))).isEmpty();

        // Receipt outcomes batch the same way.
        await(store.claimDueReceipts("ACME", T0, 10, T0.plusSeconds(60)));
        List<CompletableFuture<UpdateResult>> receipts = new ArrayList<>();
        gate.lock();
        try {
            receipts.add(store.recordReceiptAttempt("ok", new ReceiptAttempt.Sent(T0.plusSeconds(2))));
            receipts.add(store.recordReceiptAttempt("twice",
                    new ReceiptAttempt.Retry(T0.plusSeconds(2), 0x58, T0.plusSeconds(90))));
            receipts.add(store.recordReceiptAttempt("retry", new ReceiptAttempt.Sent(T0.plusSeconds(2))));
            receipts.add(store.recordReceiptAttempt("missing", new ReceiptAttempt.Sent(T0.plusSeconds(2))));
        } finally {
            gate.unlock();
        }
        assertThat(receipts).extracting(f -> await(f)).containsExactly(UpdateResult.OK, UpdateResult.OK,
                UpdateResult.ALREADY_FINAL, UpdateResult.NOT_FOUND);
        assertThat(await(store.find("ok")).orElseThrow().receiptState()).isEqualTo(ReceiptState.SENT);
        StoredMessage retried = await(store.find("twice")).orElseThrow();
        assertThat(retried.receiptState()).isEqualTo(ReceiptState.PENDING);
        assertThat(retried.receiptAttempts()).isEqualTo(1);
        assertThat(retried.receiptNextAttemptTime()).isEqualTo(T0.plusSeconds(90));
        assertThat(await(store.history("retry"))).extracting(HistoryEntry::event)
                .containsExactly(HistoryEntry.Event.FAILED_TEMPORARY, HistoryEntry.Event.RECEIPT_SENT);
    }

    @Test
    void claimKeepsPriorityThenDueThenInsertionOrderAndLeasesEveryClaimedRow() {
        List<StoredMessage> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(message("m" + i).priority(i % 3 == 0 ? 1 : 0).due(T0.minusSeconds(i % 2)).build());
        }
        await(store.insertAll(batch));
        List<String> expected = batch.stream()
                .sorted(java.util.Comparator.comparingInt((StoredMessage m) -> -m.priorityFlag())
                        .thenComparing(StoredMessage::nextAttemptTime))
                .map(StoredMessage::id).toList();

        List<StoredMessage> first = await(store.claimDue("esme:BETA", T0, 20, T0.plusSeconds(60)));
        List<StoredMessage> rest = await(store.claimDue("esme:BETA", T0, 20, T0.plusSeconds(60)));

        assertThat(first).extracting(StoredMessage::id).containsExactlyElementsOf(expected.subList(0, 20));
        assertThat(rest).extracting(StoredMessage::id).containsExactlyElementsOf(expected.subList(20, 30));
        assertThat(first.get(0)).isEqualTo(batch.stream().filter(m -> m.id().equals(first.get(0).id())).findFirst()
                .orElseThrow());
        assertThat(await(store.claimDue("esme:BETA", T0.plusSeconds(59), 20, T0.plusSeconds(120)))).isEmpty();
    }

    @Test
    void theDatabaseAndItsWalAndShmAreReadableByTheirOwnerOnlyEvenWhenAnOlderTernLeftThemOpen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        List<Path> files = List.of(dir.resolve("tern.db"), dir.resolve("tern.db-wal"), dir.resolve("tern.db-shm"));
        await(store.insert(message("m1").build()));
        for (Path f : files) {
            assertThat(PrivateFilesTest.mode(f)).as("%s", f.getFileName()).isEqualTo("rw-------");
        }

        store.close();
        for (Path f : files) {
            if (java.nio.file.Files.exists(f)) {
                java.nio.file.Files.setPosixFilePermissions(f,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        }
        store = newStore(dir);
        await(store.insert(message("m2").build()));

        for (Path f : files) {
            assertThat(PrivateFilesTest.mode(f)).as("%s", f.getFileName()).isEqualTo("rw-------");
        }
        assertThat(await(store.find("m1"))).isPresent();
    }

    @Test
    void configRejectsNonsense() {
        Path file = dir.resolve("x.db");
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUpstreamReceiptIsLeasedWithItsOutcomeAndHandedBack() {
        await(store.insert(TestMessages.message("m1").target("connector:carrier").registeredDelivery(1).build()));
        await(store.recordAttempt("m1", new Attempt.Forwarded(T0, "carrier", "77", true,
                T0.plus(java.time.Duration.ofDays(1)))));

        UpstreamReceiptResult r = await(store.recordUpstreamReceipt("carrier", "77",
                new Attempt.Reported(T0, MessageState.DELIVERED, 0), T0.plusSeconds(60)));

        assertThat(r.message()).as("sent from memory, no claim").isNotNull();
        assertThat(await(store.claimDueReceipts("ACME", T0.plusSeconds(59), 10, T0.plusSeconds(120)))).isEmpty();
    }
}
