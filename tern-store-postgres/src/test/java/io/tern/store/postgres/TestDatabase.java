package io.tern.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL (binaries from Maven, io.zonky.test) for the whole test JVM, started on
 * first use on a port of its own choosing; each test class takes a database of its own.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // zonky turns synchronous_commit off for speed; the store would turn it back on (and warn)
                server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /**
     * Empties {@code tables} of the database at {@code url}, unless no store has migrated it yet (the
     * first store of a test class migrates an empty database); the CDR trigger goes too, for a test
     * that set it.
     */
    public static void empty(String url, String tables) {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('message') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            st.execute("DROP TRIGGER IF EXISTS cdr_final ON message");
            st.execute("TRUNCATE " + tables + " RESTART IDENTITY");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database", e);
        }
    }

    /** A new, empty database {@code name} (dropped first if a previous run left it); its JDBC URL. */
    public static String create(String name) {
        EmbeddedPostgres pg = server();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /**
     * A server of its own in {@code dataDir} with every durability setting on ({@code fsync},
     * {@code synchronous_commit}, {@code full_page_writes}), for benchmarks.
     */
    public static EmbeddedPostgres durableServer(java.nio.file.Path dataDir) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on").start();
    }

    /** A new database {@code name} on {@code pg}; its JDBC URL. */
    public static String create(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /** A plain (unpooled) data source on {@code url}. */
    public static javax.sql.DataSource dataSource(String url) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }
}
