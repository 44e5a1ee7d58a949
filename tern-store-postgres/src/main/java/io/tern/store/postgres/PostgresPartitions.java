package io.tern.store.postgres;

import io.tern.smsc.store.RecordQueries;
import io.tern.smsc.store.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time partitions of {@code message} and {@code attempt} (migration V17, docs/scaling.md
 * "Retention and partitions"): creates them ahead of time, and purges final messages by dropping a
 * partition whose every message may go, or row by row in short transactions where some must stay.
 * Partitions cover ranges of the message's submit_time, in UTC periods ({@code store.partition}); a message partition
 * {@code message_pYYYYMMDD} and its history {@code attempt_pYYYYMMDD} have the same bounds and go
 * together.
 *
 * <p>Every node runs this: creating partitions takes a transaction-scoped advisory lock, so nodes
 * that start together create each partition once, and {@code IF NOT EXISTS} makes a repeat a no-op.
 */
final class PostgresPartitions {

    private static final Logger log = LoggerFactory.getLogger(PostgresPartitions.class);

    /** pg_advisory_xact_lock key of partition maintenance ("tern" and "part" in ASCII). */
    private static final long LOCK_KEY = 0x7465726e_70617274L;
    /** How long DDL waits for the writers' locks before giving up until the next run. */
    private static final String LOCK_TIMEOUT = "5s";
    /**
     * How many periods beyond the current one have partitions at all times: one, made a period ahead
     * and retried hourly; each more would cost every look-up by id one more index descent.
     */
    static final int AHEAD = 1;
    /** Messages deleted per transaction on the row-by-row path. */
    static final int CHUNK = 5_000;

    /** The start of the partition period that holds {@code d}. */
    static LocalDate floor(StoreConfig.Partition period, LocalDate d) {
        return switch (period) {
            case DAY -> d;
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> d.withDayOfMonth(1);
        };
    }

    /** The start of the period after the one starting at {@code start}. */
    static LocalDate next(StoreConfig.Partition period, LocalDate start) {
        return switch (period) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /**
     * A partition of {@code message}: its name and bounds in epoch milliseconds ({@code from} null:
     * MINVALUE; both null: the default partition).
     */
    record Partition(String name, Long from, Long to) {
        boolean isDefault() {
            return from == null && to == null;
        }

        /** The partition of {@code attempt} with the same bounds. */
        String history() {
            return "attempt" + name.substring("message".length());
        }
    }

    private static final Pattern BOUNDS = Pattern.compile("FOR VALUES FROM \\(([^)]*)\\) TO \\(([^)]*)\\)");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final DataSource dataSource;
    private final StoreConfig.Partition period;

    PostgresPartitions(DataSource dataSource, StoreConfig.Partition period) {
        this.dataSource = dataSource;
        this.period = period;
    }

    /**
     * Creates the partitions that cover the period holding {@code now} and the {@link #AHEAD} periods
     * after it, where none covers them yet. A period whose rows sit in the default partition already
     * cannot get its own (PostgreSQL refuses): it is logged and its rows stay where they are.
     *
     * @return how many partitions of {@code message} were created
     */
    int createAhead(Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = floor(period, today);
        for (int i = 0; i <= AHEAD; i++) {
            last = next(period, last);
        }
        long start = millis(floor(period, today));
        long end = millis(last);
        int created = 0;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                List<Partition> existing = list(c);
                long cursor = start;
                while (cursor < end) {
                    Partition covering = covering(existing, cursor);
                    if (covering != null) {
                        cursor = covering.to();
                        continue;
                    }
                    long to = Math.min(millis(next(period, floor(period, date(cursor)))), nextLower(existing, cursor));
                    String suffix = "_p" + NAME.format(date(cursor))
                            + (cursor % 86_400_000L == 0 ? "" : "_" + Math.floorMod(cursor, 86_400_000L));
                    st.execute("SAVEPOINT part");
                    try {
                        for (String table : List.of("message", "attempt")) {
                            st.execute("CREATE TABLE IF NOT EXISTS " + table + suffix + " PARTITION OF " + table
                                    + " FOR VALUES FROM (" + cursor + ") TO (" + to + ")");
                        }
                        st.execute("RELEASE SAVEPOINT part");
                        created++;
                    } catch (SQLException e) {
                        st.execute("ROLLBACK TO SAVEPOINT part");
                        log.warn("partition message{} not created (its rows stay in message_default): {}", suffix,
                                e.getMessage());
                    }
                    cursor = to;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        if (created > 0) {
            log.info("created {} partitions of message and attempt up to {}", created, Instant.ofEpochMilli(end));
        }
        return created;
    }

    /** Changed rows after which a partition never analyzed is analyzed by {@link #analyzeYoung}. */
    static final int YOUNG_ROWS = 1_000;

    /**
     * Analyzes the partitions of {@code message} that took rows but have no statistics yet (a new
     * day's, until autovacuum comes by). The primary key is (id, submit_time), so only statistics
     * tell the planner that an id matches one row: without them a look-up by id may read a partial
     * index of pending work beside the primary key, which costs every outcome of a busy day's first
     * minutes (seen in PartitionCountBench).
     *
     * @return how many partitions were analyzed
     */
    int analyzeYoung() throws SQLException {
        List<String> young = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT s.relname FROM pg_stat_user_tables s JOIN pg_inherits i"
                    + " ON i.inhrelid = s.relid WHERE i.inhparent = 'message'::regclass AND s.last_analyze IS NULL"
                    + " AND s.last_autoanalyze IS NULL AND s.n_mod_since_analyze >= " + YOUNG_ROWS)) {
                while (rs.next()) {
                    young.add(rs.getString(1));
                }
            }
            for (String name : young) {
                st.execute("ANALYZE " + name);
            }
        }
        return young.size();
    }

    /**
     * Deletes every final message whose final_time is before {@code cutoff} and that owes nothing (no
     * pending receipt, no record waiting in the CDR outbox), with its history and upstream link: the
     * conditions of {@code MessageStore.purgeFinalBefore}. A partition that ends by the cutoff and
     * holds only such messages is detached and dropped with its history partition; in any other
     * partition the messages are deleted {@link #CHUNK} at a time, each chunk its own transaction.
     *
     * @return how many messages went
     */
    int purge(Instant cutoff) throws SQLException {
        long before = cutoff.toEpochMilli();
        int purged = 0;
        try (Connection c = dataSource.getConnection()) {
            for (Partition p : list(c)) {
                if (!p.isDefault() && p.to() <= before) {
                    int dropped = dropIfAllDoomed(c, p, before);
                    if (dropped >= 0) {
                        purged += dropped;
                        continue;
                    }
                }
                purged += deleteRows(c, p, before);
            }
        }
        return purged;
    }

    /** A final message before the cutoff that owes nothing: purgeFinalBefore's condition. */
    private static final String DOOMED = "state >= 2 AND final_time < ? AND receipt_state <> 1"
            + RecordQueries.NOT_IN_OUTBOX;

    /**
     * Drops {@code p} and its history partition if every message in it may go; the number of
     * messages dropped, or -1 when some must stay (or the locks were not had in time).
     */
    private int dropIfAllDoomed(Connection c, Partition p, long before) throws SQLException {
        // Index look-ups first: a partition that still owes something usually shows it there.
        if (owesSomething(c, p, before)) {
            return -1;
        }
        // Then a full look, without locks, for what no index shows (a final state without final_time).
        int total;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE NOT COALESCE("
                + DOOMED + ", false)) FROM " + p.name())) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
                if (rs.getInt(2) > 0) {
                    return -1;
                }
            }
        }
        // Links are not partitioned: those of doomed messages go now, in short transactions.
        deleteLinks(c, p);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            st.execute("ALTER TABLE message DETACH PARTITION " + p.name());
            st.execute("ALTER TABLE attempt DETACH PARTITION " + p.history());
            // Under the lock, what may have changed since the look.
            if (owesSomething(c, p, before)) {
                c.rollback();
                return -1;
            }
            st.execute("DROP TABLE " + p.history());
            st.execute("DROP TABLE " + p.name());
            c.commit();
            log.info("purge dropped partition {} ({} final messages) and {}", p.name(), total, p.history());
            return total;
        } catch (SQLException e) {
            c.rollback();
            log.warn("purge could not drop partition {} (deleting its rows instead): {}", p.name(), e.getMessage());
            return -1;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Whether a message of {@code p} is pending, owes a receipt or a record, has an unknown state or
     * became final at or after the cutoff; each test reads a partial index (or the small outbox).
     */
    private static boolean owesSomething(Connection c, Partition p, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + p.name()
                + " WHERE state IN (0, 1)) OR EXISTS (SELECT 1 FROM " + p.name() + " WHERE receipt_state = 1)"
                + " OR EXISTS (SELECT 1 FROM " + p.name() + " WHERE final_time >= ?)"
                + " OR EXISTS (SELECT 1 FROM " + p.name() + " WHERE state < 0 OR state > 8)"
                + " OR EXISTS (SELECT 1 FROM cdr_outbox o JOIN " + p.name() + " m ON m.id = o.message_id)")) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void deleteLinks(Connection c, Partition p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM upstream_link WHERE message_id IN ("
                + "SELECT l.message_id FROM upstream_link l JOIN " + p.name() + " m ON m.id = l.message_id LIMIT ?)")) {
            ps.setInt(1, CHUNK);
            while (ps.executeUpdate() == CHUNK) {
                // one short transaction per chunk (auto-commit)
            }
        }
    }

    /**
     * The row-by-row path on one partition: {@link #CHUNK} messages, their history and links per
     * statement (each its own transaction). Chunks walk the primary key from where the last one
     * stopped, so no chunk reads again the rows an earlier one deleted or kept. A message final before
     * the cutoff is never updated again, so the batch read is still what the DELETE finds.
     */
    private static int deleteRows(Connection c, Partition p, long before) throws SQLException {
        // The batch's rows are deleted by their ctid (a TID scan), which a join on the key would not
        // promise: the planner may hash-join the whole partition for every chunk.
        try (PreparedStatement ps = c.prepareStatement("WITH batch AS (SELECT ctid, id, submit_time FROM " + p.name()
                + " WHERE (id, submit_time) > (?, ?) AND " + DOOMED + " ORDER BY id, submit_time LIMIT ?),"
                + " doomed AS (DELETE FROM " + p.name() + " WHERE ctid = ANY (ARRAY (SELECT ctid FROM batch))"
                + " RETURNING id, submit_time),"
                + " history AS (DELETE FROM " + p.history() + " a USING doomed d WHERE a.message_id = d.id"
                + " AND a.submit_time = d.submit_time),"
                + " links AS (DELETE FROM upstream_link l USING doomed d WHERE l.message_id = d.id)"
                + " SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM doomed), last.id, last.submit_time"
                + " FROM (SELECT id, submit_time FROM batch ORDER BY id DESC, submit_time DESC LIMIT 1) last")) {
            String afterId = "";
            long afterTime = Long.MIN_VALUE;
            int total = 0;
            while (true) {
                ps.setString(1, afterId);
                ps.setLong(2, afterTime);
                ps.setLong(3, before);
                ps.setInt(4, CHUNK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return total; // nothing left past the last key
                    }
                    total += rs.getInt(2);
                    if (rs.getInt(1) < CHUNK) {
                        return total;
                    }
                    afterId = rs.getString(3);
                    afterTime = rs.getLong(4);
                }
            }
        }
    }

    /** The partitions of {@code message}, oldest first, the default one last. */
    static List<Partition> list(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT c.relname,"
                + " pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'message'::regclass")) {
            while (rs.next()) {
                String bound = rs.getString(2);
                Matcher m = BOUNDS.matcher(bound);
                if (m.find()) {
                    out.add(new Partition(rs.getString(1), bound(m.group(1)), bound(m.group(2))));
                } else {
                    out.add(new Partition(rs.getString(1), null, null));
                }
            }
        }
        out.sort(Comparator.comparing(Partition::isDefault)
                .thenComparing(p -> p.from() == null ? Long.MIN_VALUE : p.from()));
        return out;
    }

    private static Long bound(String text) {
        String v = text.replace("'", "").trim();
        return v.equals("MINVALUE") ? null : v.equals("MAXVALUE") ? Long.MAX_VALUE : Long.valueOf(v);
    }

    /** The partition (not the default one) whose range holds {@code t}, or null. */
    static Partition covering(List<Partition> partitions, long t) {
        for (Partition p : partitions) {
            if (!p.isDefault() && (p.from() == null || p.from() <= t) && t < p.to()) {
                return p;
            }
        }
        return null;
    }

    private static long nextLower(List<Partition> partitions, long t) {
        long next = Long.MAX_VALUE;
        for (Partition p : partitions) {
            if (!p.isDefault() && p.from() != null && p.from() > t) {
                next = Math.min(next, p.from());
            }
        }
        return next;
    }

    private static long millis(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static LocalDate date(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
