package io.tern.store.postgres;

import io.tern.smsc.store.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * Purging final messages on PostgreSQL three ways, on the same rows in one run (docs/PERFORMANCE.md,
 * "Retention by partitions"): the store dropping day partitions whose messages may all go; the
 * store deleting rows in chunks (each day keeps one pending message, so no partition may be
 * dropped); and, as the reference, V16's purge, three DELETE statements in one transaction on the
 * unpartitioned tables. Each message has one history row. Not run by the build; prints the figures.
 *
 * <pre>
 * ./mvnw -B -ntp -q -o -pl tern-store-postgres -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-store-postgres/target/test-classes:tern-store-postgres/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.store.postgres.PartitionPurgeBench [messagesPerDay=100000] [days=3] [rounds=2]
 * </pre>
 */
public final class PartitionPurgeBench {

    private static final Instant DAY1 = Instant.parse("2030-03-11T00:00:00Z");
    private static final long DAY_MS = 86_400_000L;
    private static final int MAX_MESSAGES_PER_DAY = 2_000_000;
    private static final int MAX_DAYS = 14;

    private PartitionPurgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int perDay = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (perDay < 1 || perDay > MAX_MESSAGES_PER_DAY || days < 1 || days > MAX_DAYS || rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("messagesPerDay 1.." + MAX_MESSAGES_PER_DAY + ", days 1.." + MAX_DAYS
                    + ", rounds 1..10");
        }
        Path work = Files.createTempDirectory("tern-partition-bench");
        System.out.printf(Locale.ROOT, "partition-purge-bench: messages_per_day=%d days=%d rounds=%d cores=%d%n", perDay,
                days, rounds, Runtime.getRuntime().availableProcessors());
        try (EmbeddedPostgres pg = TestDatabase.durableServer(work.resolve("pg"))) {
            for (int round = 1; round <= rounds; round++) {
                double drop = partitioned(pg, "drop" + round, perDay, days, false);
                double rows = partitioned(pg, "rows" + round, perDay, days, true);
                double v16 = unpartitioned(pg, "v16_" + round, perDay, days);
                long total = (long) perDay * days;
                System.out.printf(Locale.ROOT, "round %d: %,d messages: drop %.3f s, chunked rows %.3f s,"
                        + " V16 one transaction %.3f s; drop/V16 %.4f, rows/V16 %.2f%n", round, total, drop, rows, v16,
                        drop / v16, rows / v16);
            }
        }
    }

    /** Seconds the store's purge takes on {@code days} days of final messages. */
    private static double partitioned(EmbeddedPostgres pg, String name, int perDay, int days, boolean keepOnePending)
            throws Exception {
        String url = TestDatabase.create(pg, name);
        Clock clock = Clock.fixed(DAY1, ZoneOffset.UTC);
        try (PostgresMessageStore store = new PostgresMessageStore(
                new PostgresStoreConfig(url, null, null, 3, 1_000, 1_000, "bench", StoreConfig.Partition.DAY), clock)) {
            // the store made the first two days' partitions; more days need their own
            PostgresPartitions more = new PostgresPartitions(TestDatabase.dataSource(url), StoreConfig.Partition.DAY);
            for (int d = 1; d < days; d++) {
                more.createAhead(DAY1.plus(Duration.ofDays(d)));
            }
            fill(url, perDay, days, true);
            if (keepOnePending) {
                try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE message SET state = 1, final_time = NULL WHERE id LIKE '%-1'");
                }
            }
            analyze(url);
            Instant cutoff = DAY1.plus(Duration.ofDays(days + 1));
            long start = System.nanoTime();
            int purged = store.purgeFinalBefore(cutoff).get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long expected = (long) perDay * days - (keepOnePending ? days : 0);
            if (purged != expected) {
                throw new IllegalStateException(name + ": purged " + purged + ", expected " + expected);
            }
            return seconds;
        }
    }

    /** Seconds V16's purge statements take, in one transaction, on the same rows unpartitioned. */
    private static double unpartitioned(EmbeddedPostgres pg, String name, int perDay, int days) throws Exception {
        String url = TestDatabase.create(pg, name);
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/postgresql").target("16")
                .load().migrate();
        fill(url, perDay, days, false);
        analyze(url);
        String doomed = "state >= 2 AND final_time < ? AND receipt_state <> 1"
                + " AND id NOT IN (SELECT message_id FROM cdr_outbox)";
        long cutoff = DAY1.plus(Duration.ofDays(days + 1)).toEpochMilli();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (String sql : new String[] {
                    "DELETE FROM attempt WHERE message_id IN (SELECT id FROM message WHERE " + doomed + ")",
                    "DELETE FROM upstream_link WHERE message_id IN (SELECT id FROM message WHERE " + doomed + ")",
                    "DELETE FROM message WHERE " + doomed}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, cutoff);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Final messages over {@code days} days from DAY1, each with one history row. */
    private static void fill(String url, int perDay, int days, boolean partitioned) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (int d = 0; d < days; d++) {
                long from = DAY1.toEpochMilli() + d * DAY_MS;
                long step = DAY_MS / (perDay + 1);
                st.executeUpdate("INSERT INTO message (id, owner, source_ton, source_npi, source_addr, dest_ton, dest_npi,"
                        + " dest_addr, service_type, esm_class, protocol_id, priority_flag, data_coding,"
                        + " registered_delivery, short_message, tlvs, target, submit_time, expiry_time, state, attempts,"
                        + " next_attempt, last_error, final_time, receipt_state, receipt_attempts)"
                        + " SELECT 'd" + d + "-' || g, 'ACME', 1, 1, '12345', 1, 1, '447700900' || (g % 1000), '', 0, 0,"
                        + " 0, 0, 1, convert_to('hello there, this is message ' || g, 'UTF8'), '', 'esme:BETA',"
                        + from + " + g * " + step + ", " + from + " + " + DAY_MS + ", 2, 2, " + from + ", 0, " + from
                        + " + g * " + step + " + 5000, 2, 1 FROM generate_series(1, " + perDay + ") g");
                st.executeUpdate("INSERT INTO attempt (message_id, at, event, error_code"
                        + (partitioned ? ", submit_time" : "") + ") SELECT 'd" + d + "-' || g, " + from + " + g * "
                        + step + " + 1000, 'FAILED_TEMPORARY', 8" + (partitioned ? ", " + from + " + g * " + step : "")
                        + " FROM generate_series(1, " + perDay + ") g");
            }
        }
    }

    private static void analyze(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE");
        }
    }
}
