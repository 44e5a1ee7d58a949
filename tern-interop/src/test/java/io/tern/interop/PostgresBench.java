package io.tern.interop;

import io.tern.smsc.account.AccountService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Tern node on PostgreSQL against the same node on its embedded SQLite store, measured in the
 * same run (issue 13's target: PostgreSQL at least 0.5× SQLite), with what each message costs the
 * database: its CPU, its transactions, row writes, WAL syncs (fsyncs) and WAL bytes. Not run by the
 * build; prints the figures.
 *
 * <p>Each case is a fresh {@code tern serve} in a child JVM and {@code tern bench} in another: 4
 * transceivers, window 100, {@code --dlr} (every message delivered to the virtual handset network
 * and its receipt returned: the full loop), a warm-up run, then the measured run with Tern's CPU.
 * PostgreSQL is an embedded server (the binaries from Maven) on this host with {@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on, a fresh database per case; its CPU is
 * the sum of utime+stime over the postmaster and its children (the backends Tern's pool holds
 * open for the whole run). Its counters come from {@code pg_stat_database} and {@code pg_stat_wal},
 * read before and after the measured run (the warm-up's share excluded).
 *
 * <pre>
 * ./mvnw -B -ntp -q -o -pl tern-interop -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tern-interop/target/test-classes:tern-interop/target/classes:$(cat /tmp/cp.txt) \
 *     io.tern.interop.PostgresBench [messages=100000] [rounds=3] [warmUp=50000]
 * </pre>
 */
public final class PostgresBench {

    private static final String PASSWORD = "bench123";
    private static final Duration READY = Duration.ofSeconds(60);
    /**
     * {@code -Dtern.bench.statements=N}: PostgreSQL runs with pg_stat_statements, and each
     * PostgreSQL case prints the N statements that took most of the server's execution time in the
     * measured run (0, the default: not loaded).
     */
    private static final int STATEMENTS = Integer.getInteger("tern.bench.statements", 0);

    private PostgresBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        Path work = Files.createTempDirectory("tern-postgres-bench");
        System.out.printf("postgres-bench: messages=%d rounds=%d warm_up=%d work=%s cores=%d%n", messages, rounds,
                warmUp, work, Runtime.getRuntime().availableProcessors());
        List<Map<String, String>> runs = new ArrayList<>();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg"))
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("max_connections", "100");
        if (STATEMENTS > 0) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres pg = builder.start()) {
            System.out.println("postgres-bench: " + scalar(pg, "SELECT version()"));
            for (int round = 1; round <= rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of("sqlite", "postgresql") : List.of("postgresql", "sqlite");
                for (String kind : order) {
                    Map<String, String> r = runCase(pg, kind, round, messages, warmUp, work);
                    runs.add(r);
                    System.out.println("postgres-bench: " + r);
                }
            }
        }
        System.out.println();
        System.out.println("| round | store | submit msg/s | receipts/s | Tern CPU µs/msg | PostgreSQL CPU µs/msg |"
                + " transactions/msg | rows written/msg | WAL syncs/msg | WAL bytes/msg | submit p99 ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map<String, String> r : runs) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("round"), r.get("store"), Double.parseDouble(r.get("tps")),
                    Double.parseDouble(r.get("receipt_tps")), r.get("cpu_us_per_msg"),
                    r.getOrDefault("pg_cpu_us_per_msg", "—"), r.getOrDefault("xact_per_msg", "—"),
                    r.getOrDefault("rows_per_msg", "—"), r.getOrDefault("wal_sync_per_msg", "—"),
                    r.getOrDefault("wal_bytes_per_msg", "—"), r.get("p99_ms"));
        }
        System.out.println();
        for (int round = 1; round <= rounds; round++) {
            String rr = Integer.toString(round);
            Map<String, String> s = runs.stream().filter(r -> r.get("round").equals(rr)
                    && r.get("store").equals("sqlite")).findFirst().orElseThrow();
            Map<String, String> p = runs.stream().filter(r -> r.get("round").equals(rr)
                    && r.get("store").equals("postgresql")).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "postgres-bench: round %d ratios postgresql/sqlite: submit %.2fx"
                    + " receipts/s %.2fx Tern cpu/msg %.2fx%n", round,
                    Double.parseDouble(p.get("tps")) / Double.parseDouble(s.get("tps")),
                    Double.parseDouble(p.get("receipt_tps")) / Double.parseDouble(s.get("receipt_tps")),
                    Double.parseDouble(p.get("cpu_us_per_msg")) / Double.parseDouble(s.get("cpu_us_per_msg")));
        }
    }

    private static Map<String, String> runCase(EmbeddedPostgres pg, String kind, int round, int messages, int warmUp,
            Path work) throws Exception {
        Path dir = work.resolve(kind + "-" + round);
        Files.createDirectories(dir.resolve("data"));
        String database = "bench_" + round;
        String url = null;
        if (kind.equals("postgresql")) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + database);
            }
            url = pg.getJdbcUrl("postgres", database);
            if (STATEMENTS > 0) {
                try (Connection c = DriverManager.getConnection(url, "postgres", null);
                        Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                }
            }
        }
        Path config = dir.resolve("tern.yaml");
        Files.writeString(config, config(dir.resolve("data"), url));
        // -Dtern.bench.jvm="...": options of Tern's JVM, as for ConnectorBench
        String extra = System.getProperty("tern.bench.jvm", "").trim();
        TernProcess tern = TernProcess.start(config, dir.resolve("tern-serve.log"), READY,
                extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")));
        try {
            if (warmUp > 0) {
                ConnectorBench.bench(tern, warmUp, "4476", false);
            }
            Map<String, Long> before = url == null ? Map.of() : counters(pg, work.resolve("pg"), database);
            if (url != null && STATEMENTS > 0) {
                try (Connection c = DriverManager.getConnection(url, "postgres", null);
                        Statement st = c.createStatement()) {
                    st.execute("SELECT pg_stat_statements_reset()");
                }
            }
            Map<String, String> r = new LinkedHashMap<>();
            r.put("round", Integer.toString(round));
            r.put("store", kind);
            r.putAll(ConnectorBench.bench(tern, messages, "4474", true));
            if (url != null) {
                Map<String, Long> after = counters(pg, work.resolve("pg"), database);
                double ok = Double.parseDouble(r.get("ok"));
                r.put("pg_cpu_us_per_msg", per(after, before, "cpu_ns", ok * 1000));
                r.put("xact_per_msg", per(after, before, "xact_commit", ok));
                r.put("rows_per_msg", per(after, before, "rows", ok));
                r.put("wal_sync_per_msg", per(after, before, "wal_sync", ok));
                r.put("wal_bytes_per_msg", per(after, before, "wal_bytes", ok));
                if (STATEMENTS > 0) {
                    printStatements(url, round, ok);
                }
            }
            return r;
        } finally {
            tern.close();
        }
    }

    /**
     * The statements that took most of PostgreSQL's execution time in the measured run (from
     * pg_stat_statements): their share of it, calls and µs per message, µs per call, rows per call.
     */
    private static void printStatements(String url, int round, double messages) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT total_exec_time, calls, rows, total_plan_time,"
                        + " sum(total_exec_time) OVER (), regexp_replace(query, '\\s+', ' ', 'g')"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT " + STATEMENTS)) {
            System.out.printf(Locale.ROOT, "postgres-bench: round %d, PostgreSQL statements by execution time%n", round);
            System.out.println("| share | calls/msg | exec µs/msg | µs/call | rows/call | statement |");
            System.out.println("|---:|---:|---:|---:|---:|---|");
            while (rs.next()) {
                double ms = rs.getDouble(1);
                long calls = rs.getLong(2);
                String q = rs.getString(6);
                System.out.printf(Locale.ROOT, "| %.1f %% | %.3f | %.1f | %.1f | %.2f | %s |%n", 100 * ms / rs.getDouble(5),
                        calls / messages, 1000 * ms / messages, calls == 0 ? 0 : 1000 * ms / calls,
                        calls == 0 ? 0 : (double) rs.getLong(3) / calls, q.length() > 110 ? q.substring(0, 110) + "…" : q);
            }
        }
    }

    private static String per(Map<String, Long> after, Map<String, Long> before, String key, double divisor) {
        return String.format(Locale.ROOT, "%.2f", (after.get(key) - before.get(key)) / divisor);
    }

    /**
     * The database's cumulative counters: committed transactions and rows inserted, updated and
     * deleted in {@code database}, WAL syncs and bytes of the whole server, and the CPU of the
     * postmaster and its children.
     */
    private static Map<String, Long> counters(EmbeddedPostgres pg, Path pgData, String database) throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet rs = st.executeQuery("SELECT xact_commit, tup_inserted + tup_updated + tup_deleted"
                    + " FROM pg_stat_database WHERE datname = '" + database + "'")) {
                rs.next();
                m.put("xact_commit", rs.getLong(1));
                m.put("rows", rs.getLong(2));
            }
            try (ResultSet rs = st.executeQuery("SELECT wal_sync, wal_bytes FROM pg_stat_wal")) {
                rs.next();
                m.put("wal_sync", rs.getLong(1));
                m.put("wal_bytes", rs.getLong(2));
            }
            // the first line of postmaster.pid in the data directory
            long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            m.put("cpu_ns", treeCpuNanos(postmaster));
        }
        return m;
    }

    /** utime+stime of {@code pid} and its children, from /proc (ticks of 10 ms). */
    private static long treeCpuNanos(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
                long self = Long.parseLong(p.getFileName().toString());
                long parent = Long.parseLong(f[1]);
                if (self == pid || parent == pid) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10_000_000L;
    }

    private static String scalar(EmbeddedPostgres pg, String sql) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String config(Path data, String url) {
        String store = url == null ? "store: {path: '" + data.toAbsolutePath() + "'}"
                : "store: {type: postgresql, url: '" + url + "', user: postgres, path: '" + data.toAbsolutePath()
                        + "'}";
        return String.join("\n",
                "node_id: bench",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                store,
                "accounts:",
                "  - {system_id: bench, password_hash: '" + AccountService.hash(PASSWORD) + "'}",
                "handsets:",
                "  - {numbers: '*', behaviour: deliver}",
                "routes:",
                "  - {destination: '*', target: sim}",
                "");
    }
}
