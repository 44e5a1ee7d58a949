package io.tern.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.e2e.MutableClock;
import io.tern.smsc.store.Attempt;
import io.tern.smsc.store.HistoryEntry;
import io.tern.smsc.store.HistoryRows;
import io.tern.smsc.store.ReceiptAttempt;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoreConfig;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpstreamLink;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The time partitions of the PostgreSQL store (V17, docs/scaling.md "Retention and partitions"), on
 * the embedded PostgreSQL, each test on a database of its own: partitions made ahead by the store's
 * clock, purges that drop a partition only when every message in it may go, nodes making partitions
 * at once, and the upgrade of a database that has rows.
 */
class PostgresPartitionsTest {

    private static final Instant DAY1 = Instant.parse("2030-03-11T00:00:00Z"); // a Monday
    private static final Duration DAY = Duration.ofDays(1);

    private static PostgresMessageStore open(String url, java.time.Clock clock, StoreConfig.Partition partition) {
        return new PostgresMessageStore(new PostgresStoreConfig(url, null, null, 3, 1_000, 1_000, "node-a", partition),
                clock);
    }

    private static StoredMessage message(String id, Instant submitted, int registeredDelivery) {
        return StoredMessage.submitted(id, "ACME", new StoredAddress(1, 1, "12345"), new StoredAddress(1, 1, "447700900001"),
                "", 0, 0, 0, 0, registeredDelivery, "hello".getBytes(StandardCharsets.US_ASCII), new byte[0], null,
                "esme:BETA", submitted, null, submitted.plus(Duration.ofDays(30)), null);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** The partitions of {@code parent} in pg_inherits, by name. */
    private static List<String> partitionsOf(String url, String parent) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = ?::regclass ORDER BY c.relname")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static boolean tableExists(String url, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_class WHERE relname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void partitionsAreCreatedAheadByTheInjectedClock() throws Exception {
        String url = TestDatabase.create("tern_part_ahead");
        MutableClock clock = new MutableClock(DAY1.plus(Duration.ofHours(13)));
        try (PostgresMessageStore store = open(url, clock, StoreConfig.Partition.DAY)) {
            assertThat(partitionsOf(url, "message")).containsExactly("message_default", "message_p20300311",
                    "message_p20300312");
            assertThat(partitionsOf(url, "attempt")).containsExactly("attempt_default", "attempt_p20300311",
                    "attempt_p20300312");

            clock.advance(Duration.ofDays(2));
            // the purge makes what is missing first, as the hourly timer does
            await(store.purgeFinalBefore(clock.instant().minus(Duration.ofDays(30))));
            assertThat(partitionsOf(url, "message")).contains("message_p20300313", "message_p20300314")
                    .doesNotContain("message_p20300315");
        }
        // month partitions fill the month around the days, then run from month to month
        PostgresPartitions months = new PostgresPartitions(TestDatabase.dataSource(url), StoreConfig.Partition.MONTH);
        assertThat(months.createAhead(DAY1.plus(Duration.ofDays(20)))).isEqualTo(3);
        assertThat(partitionsOf(url, "message")).contains("message_p20300301", "message_p20300315",
                "message_p20300401");
        try (Connection c = DriverManager.getConnection(url)) {
            List<PostgresPartitions.Partition> all = PostgresPartitions.list(c);
            assertThat(all.stream().filter(p -> p.name().equals("message_p20300301")).findFirst().orElseThrow().to())
                    .isEqualTo(DAY1.toEpochMilli());
            assertThat(all.stream().filter(p -> p.name().equals("message_p20300315")).findFirst().orElseThrow().to())
                    .isEqualTo(Instant.parse("2030-04-01T00:00:00Z").toEpochMilli());
        }
        assertThat(months.createAhead(DAY1.plus(Duration.ofDays(20)))).as("a second run finds them all").isZero();
    }

    @Test
    void weekPartitionsStartOnMonday() throws Exception {
        String url = TestDatabase.create("tern_part_week");
        try (PostgresMessageStore store = open(url, new MutableClock(DAY1.plus(Duration.ofDays(3))), StoreConfig.Partition.WEEK)) {
            assertThat(partitionsOf(url, "message")).containsExactly("message_default", "message_p20300311",
                    "message_p20300318");
        }
    }

    @Test
    void purgeDropsAPartitionWhoseMessagesAreAllFinalAndOweNothing() throws Exception {
        String url = TestDatabase.create("tern_part_purge");
        MutableClock clock = new MutableClock(DAY1);
        try (PostgresMessageStore store = open(url, clock, StoreConfig.Partition.DAY)) {
            // day 1: three messages, all delivered (one's receipt sent, one forwarded upstream)
            Instant t1 = DAY1.plus(Duration.ofHours(1));
            await(store.insertAll(List.of(message("d1-a", t1, 0), message("d1-b", t1, 1), message("d1-c", t1, 0))));
            await(store.recordAttempt("d1-a", new Attempt.Delivered(t1.plusSeconds(5))));
            await(store.recordAttempt("d1-b", new Attempt.Delivered(t1.plusSeconds(5))));
            await(store.recordReceiptAttempt("d1-b", new ReceiptAttempt.Sent(t1.plusSeconds(6))));
            await(store.recordAttempt("d1-c", new Attempt.Forwarded(t1.plusSeconds(5), "up", "U1", false,
                    t1.plusSeconds(60))));
            await(store.recordAttempt("d1-c", new Attempt.FailedTemporary(t1.plusSeconds(1), 8,
                    t1.plusSeconds(2))));
            // day 2: one delivered, one still pending, one final whose receipt is still to be sent
            Instant t2 = DAY1.plus(DAY).plus(Duration.ofHours(1));
            await(store.insertAll(List.of(message("d2-done", t2, 0), message("d2-pending", t2, 0),
                    message("d2-receipt", t2, 1))));
            await(store.recordAttempt("d2-done", new Attempt.Delivered(t2.plusSeconds(5))));
            await(store.recordAttempt("d2-pending", new Attempt.FailedTemporary(t2.plusSeconds(5), 8,
                    t2.plus(Duration.ofDays(10)))));
            await(store.recordAttempt("d2-receipt", new Attempt.Delivered(t2.plusSeconds(5))));
            assertThat(count(url, "SELECT count(*) FROM message_p20300311")).isEqualTo(3);
            assertThat(count(url, "SELECT count(*) FROM attempt_p20300312")).as("d2-pending's retry").isEqualTo(1);

            clock.advance(Duration.ofDays(5));
            int purged = await(store.purgeFinalBefore(DAY1.plus(Duration.ofDays(4))));

            assertThat(purged).as("day 1's three, and d2-done").isEqualTo(4);
            assertThat(partitionsOf(url, "message")).doesNotContain("message_p20300311").contains("message_p20300312");
            assertThat(partitionsOf(url, "attempt")).doesNotContain("attempt_p20300311").contains("attempt_p20300312");
            assertThat(tableExists(url, "message_p20300311")).as("dropped, not only detached").isFalse();
            assertThat(tableExists(url, "attempt_p20300311")).isFalse();
            assertThat(await(store.find("d1-a"))).isEmpty();
            assertThat(await(store.upstreamLink("d1-c"))).as("the link went with it").isEmpty();
            assertThat(count(url, "SELECT count(*) FROM upstream_link")).isZero();

            assertThat(await(store.find("d2-done"))).isEmpty();
            assertThat(await(store.history("d2-done"))).isEmpty();
            Optional<StoredMessage> pending = await(store.find("d2-pending"));
            assertThat(pending).isPresent();
            assertThat(await(store.history("d2-pending"))).extracting(HistoryEntry::event)
                    .containsExactly(HistoryEntry.Event.FAILED_TEMPORARY);
            assertThat(await(store.find("d2-receipt"))).as("its receipt is owed").isPresent();
            assertThat(await(store.claimDue("esme:BETA", t2.plus(Duration.ofDays(10)), 10,
                    t2.plus(Duration.ofDays(11))))).extracting(StoredMessage::id).containsExactly("d2-pending");

            // once the receipt went and the pending message is final, day 2 goes whole
            await(store.recordReceiptAttempt("d2-receipt", new ReceiptAttempt.Sent(t2.plusSeconds(6))));
            await(store.recordAttempt("d2-pending", new Attempt.Delivered(t2.plusSeconds(7))));
            assertThat(await(store.purgeFinalBefore(DAY1.plus(Duration.ofDays(4))))).isEqualTo(2);
            assertThat(partitionsOf(url, "message")).doesNotContain("message_p20300312");
            assertThat(partitionsOf(url, "message")).as("today's and ahead stay").contains("message_p20300316");
        }
    }

    @Test
    void claimsAndScansStillReadTheirPartialIndexesOnEveryPartition() throws Exception {
        String url = TestDatabase.create("tern_part_plans");
        try (PostgresMessageStore store = open(url, new MutableClock(DAY1), StoreConfig.Partition.DAY);
                Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            // two days of 20,000 final messages each, and a few pending ones among them
            for (int day = 0; day < 2; day++) {
                long from = DAY1.plus(DAY.multipliedBy(day)).toEpochMilli();
                st.executeUpdate("INSERT INTO message (id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi,"
                        + " dest_addr, service_type, esm_class, protocol_id, priority_flag, data_coding,"
                        + " registered_delivery, short_message, tlvs, target, submit_time, expiry_time, state, attempts,"
                        + " next_attempt, last_error, final_time, receipt_state, receipt_attempts)"
                        + " SELECT 'd" + day + "-' || g, 'ACME', 1, 1, '12345', 1, 1, '4477', '', 0, 0, 0, 0, 0, '', '',"
                        + " 'esme:T' || (g % 7), " + from + " + g, " + from + " + 86400000, CASE WHEN g % 500 = 0"
                        + " THEN 1 ELSE 2 END, 1, " + from + " + g, 0, CASE WHEN g % 500 = 0 THEN NULL ELSE " + from
                        + " + g END, CASE WHEN g % 900 = 0 THEN 1 ELSE 0 END, 0 FROM generate_series(1, 20000) g");
            }
            st.execute("ANALYZE message");
            long now = DAY1.plus(DAY.multipliedBy(2)).toEpochMilli();
            List<String> queries = List.of(
                    // claimDue's inner select
                    "SELECT id FROM message WHERE target = 'esme:T3' AND state IN (0, 1) AND next_attempt <= " + now
                            + " AND expiry_time > " + now + " AND (lease_until IS NULL OR lease_until <= " + now + ")"
                            + " ORDER BY priority_flag DESC, next_attempt, seq LIMIT 100 FOR UPDATE SKIP LOCKED",
                    // claimDueReceipts' inner select
                    "SELECT id FROM message WHERE owner = 'ACME' AND receipt_state = 1 AND receipt_next <= " + now
                            + " AND (receipt_lease_until IS NULL OR receipt_lease_until <= " + now + ")"
                            + " ORDER BY receipt_next, seq LIMIT 100 FOR UPDATE SKIP LOCKED",
                    // the due-work scan's next target, and the expiry sweep
                    "SELECT target FROM message WHERE state IN (0, 1) AND target > 'esme:T3' ORDER BY target LIMIT 1",
                    PostgresMessageStore.EXPIRY_SWEEP.replace("?", String.valueOf(now)).replace("LIMIT " + now,
                            "LIMIT 100"));
            for (String q : queries) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN " + q)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                // the default partition is empty: a sequential scan of nothing is the planner's fair choice
                assertThat(plan.toString()).as(q).doesNotContain("Seq Scan on message_p")
                        .containsPattern("Index (Only )?Scan using message_p20300311_")
                        .containsPattern("Index (Only )?Scan using message_p20300312_");
            }
        }
    }

    @Test
    void aNewPartitionThatFillsIsAnalyzedSoALookUpByIdReadsOnlyThePrimaryKey() throws Exception {
        String url = TestDatabase.create("tern_part_young");
        try (PostgresMessageStore store = open(url, new MutableClock(DAY1), StoreConfig.Partition.DAY)) {
            List<StoredMessage> batch = new ArrayList<>();
            for (int i = 0; i < PostgresPartitions.YOUNG_ROWS * 3; i++) {
                batch.add(message("m" + i, DAY1.plusSeconds(i), 0));
            }
            await(store.insertAll(batch));
            // the store's own timer analyzes it (autovacuum would too, later)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(url,
                    "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'message_p20300311'"
                            + " AND last_analyze IS NOT NULL") == 1);
            StringBuilder plan = new StringBuilder();
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("EXPLAIN UPDATE message SET state = 2 WHERE id = 'm5'"
                            + " AND state IN (0, 1)")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("message_p20300311_pkey").doesNotContain("BitmapAnd")
                    .doesNotContain("owner_source_addr");
        }
    }

    @Test
    void theMessagePathsWritesByIdReadOnlyThePrimaryKeyOnAPartitionWithoutStatistics() throws Exception {
        String url = TestDatabase.create("tern_part_unanalyzed");
        try (PostgresMessageStore store = open(url, new MutableClock(DAY1), StoreConfig.Partition.DAY)) {
            assertThat(partitionsOf(url, "message")).contains("message_p20300311");
        } // closed before its timer can analyze anything
        java.util.Properties simple = new java.util.Properties();
        simple.setProperty("preferQueryMode", "simple"); // EXPLAIN of $n parameters, none bound
        try (Connection c = DriverManager.getConnection(url, simple); Statement st = c.createStatement()) {
            // as in a full loop: 3,000 messages in flight, each pending or with its receipt pending
            long from = DAY1.toEpochMilli();
            st.executeUpdate("INSERT INTO message_p20300311 (id, owner, source_ton, source_npi, source_addr, dest_ton,"
                    + " dest_npi, dest_addr, service_type, esm_class, protocol_id, priority_flag, data_coding,"
                    + " registered_delivery, short_message, tlvs, target, submit_time, expiry_time, state, attempts,"
                    + " next_attempt, last_error, final_time, receipt_state, receipt_attempts, receipt_next)"
                    + " SELECT 'm' || g, 'ACME', 1, 1, '12345', 1, 1, '4477', '', 0, 0, 0, 0, 1, '', '', 'esme:BETA', "
                    + from + " + g, " + from + " + 86400000, g % 2 + 1, g % 2, " + from + ", 0, NULL, g % 2, 0, "
                    + from + " FROM generate_series(1, 3000) g");
            assertThat(count(url, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'message_p20300311'"
                    + " AND last_analyze IS NULL AND last_autoanalyze IS NULL")).isEqualTo(1);
            List<String> writes = new ArrayList<>(PostgresMessageStore.Statements.writesById());
            writes.addAll(PostgresMessageStore.Statements.writesOfManyById());
            for (String write : writes) {
                String sql = write.replace("UPDATE message ", "UPDATE message_p20300311 ");
                for (int n = 1; sql.contains("?"); n++) {
                    sql = sql.replaceFirst("\\?", "\\$" + n); // EXPLAIN takes numbered parameters
                }
                StringBuilder plan = new StringBuilder();
                // the plan a prepared statement ends up with: parameters unknown, no statistics, and for
                // the writes of many rows the planner settings the writer runs them with
                st.execute("BEGIN");
                if (PostgresMessageStore.Statements.writesOfManyById().contains(write)) {
                    st.execute(PostgresMessageStore.Statements.keyJoinsOnly());
                }
                try (ResultSet rs = st.executeQuery("EXPLAIN (GENERIC_PLAN) " + sql)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                st.execute("ROLLBACK");
                assertThat(plan.toString()).as(sql).containsPattern("Scan (using|on) message_p20300311_pkey")
                        .doesNotContain("Seq Scan").doesNotContain("Hash Join")
                        .doesNotContain("owner_receipt_next").doesNotContain("owner_source_addr")
                        .doesNotContain("target_priority").doesNotContain("BitmapAnd");
            }
        }
    }

    @Test
    void nodesCreatingPartitionsAtOnceAllSucceed() throws Exception {
        String url = TestDatabase.create("tern_part_nodes");
        try (PostgresMessageStore first = open(url, new MutableClock(DAY1), StoreConfig.Partition.DAY)) {
            List<CompletableFuture<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                PostgresPartitions node = new PostgresPartitions(TestDatabase.dataSource(url), StoreConfig.Partition.DAY);
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return node.createAhead(DAY1.plus(Duration.ofDays(10)));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            int created = 0;
            for (CompletableFuture<Integer> r : runs) {
                created += await(r);
            }
            assertThat(created).as("each partition made once").isEqualTo(2);
            assertThat(partitionsOf(url, "message")).contains("message_p20300321", "message_p20300322");
            // and messages land in them
            await(first.insert(message("late", DAY1.plus(Duration.ofDays(11)), 0)));
            assertThat(count(url, "SELECT count(*) FROM message_p20300322")).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseWithRowsUpgradesFromV16KeepingThem() throws Exception {
        String url = TestDatabase.create("tern_part_upgrade");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/postgresql").target("16")
                .load().migrate();
        int n = 1_000;
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        try (Connection c = DriverManager.getConnection(url)) {
            try (PreparedStatement ps = c.prepareStatement(PostgresRows.INSERT)) {
                for (int i = 0; i < n; i++) {
                    PostgresRows.bind(ps, message("old-" + i, t.plus(Duration.ofHours(i)), 1), null, "node-a");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(HistoryRows.INSERT)) {
                for (int i = 0; i < n; i += 10) {
                    HistoryRows.add(ps, "old-" + i, t.plus(Duration.ofHours(i)).plusSeconds(1),
                            HistoryEntry.Event.FAILED_TEMPORARY, 8, "busy");
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE message SET state = 2, final_time = submit_time + 5000, receipt_state = 1,"
                        + " receipt_next = submit_time + 5000 WHERE id LIKE 'old-1%'");
                st.executeUpdate("INSERT INTO upstream_link (message_id, upstream, upstream_id) VALUES ('old-7', 'up', 'U7')");
                st.execute("CREATE TRIGGER cdr_final AFTER INSERT OR UPDATE OF state ON message"
                        + " FOR EACH ROW EXECUTE FUNCTION tern_cdr_outbox()");
            }
        }
        Instant newest = t.plus(Duration.ofHours(n - 1));
        MutableClock clock = new MutableClock(newest.plus(Duration.ofDays(3)));
        try (PostgresMessageStore store = open(url, clock, StoreConfig.Partition.DAY)) {
            assertThat(partitionsOf(url, "message")).contains("message_legacy", "message_default");
            assertThat(count(url, "SELECT count(*) FROM message")).isEqualTo(n);
            assertThat(count(url, "SELECT count(*) FROM message_legacy")).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                StoredMessage m = await(store.find("old-" + i)).orElseThrow();
                assertThat(m.submitTime()).isEqualTo(t.plus(Duration.ofHours(i)));
            }
            assertThat(await(store.history("old-20"))).extracting(HistoryEntry::detail).containsExactly("busy");
            assertThat(await(store.upstreamLink("old-7"))).contains(new UpstreamLink("up", "U7"));
            assertThat(await(store.claimDueReceipts("ACME", clock.instant(), 5_000, clock.instant().plusSeconds(60))))
                    .hasSize(111);

            // new rows take seq values after the old ones, and the CDR trigger is still on
            await(store.insert(message("new", clock.instant(), 0)));
            assertThat(count(url, "SELECT seq FROM message WHERE id = 'new'"))
                    .isGreaterThan(count(url, "SELECT max(seq) FROM message WHERE id LIKE 'old-%'"));
            await(store.recordAttempt("new", new Attempt.Delivered(clock.instant())));
            assertThat(count(url, "SELECT count(*) FROM cdr_outbox WHERE message_id = 'new'")).isEqualTo(1);
        }
    }
}
