package io.tern.smsc.admin;

import io.tern.smsc.server.IoReasons;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.PrivateFiles;
import io.tern.smsc.store.SqliteMessageStore;
import io.tern.smsc.store.StoreConfig;
import io.tern.smsc.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The managed configuration and the audit log in the message store's database (SQLite migration
 * V7, PostgreSQL V9): a change writes the next configuration version and its audit entry in one
 * transaction, so the log never misses a change that took effect. The SQL is the same for both
 * databases. Changes are rare, so each opens its own connection; nothing here is on the SMPP path.
 */
public final class AdminStore {

    /** Older versions than this many behind the newest are deleted (the audit log keeps the history). */
    static final int VERSIONS_KEPT = 100;

    /** A version of the managed configuration. */
    public record Version(long version, Instant changedAt, String actor, String body) {
    }

    private final String url;
    private final Properties properties;

    private AdminStore(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    /**
     * Opens the database of {@code store} and brings its schema up to date (the message store runs
     * the same migrations; whichever comes first does the work).
     */
    public static AdminStore open(StoreConfig store) {
        Properties p = new Properties();
        String url;
        if (StoreConfig.SQLITE.equals(store.type())) {
            Smsc.prepareDataDirectory(store.dataDir());
            Path db = store.dataDir().resolve("tern.db");
            try {
                // SQLite would create it with the umask's permissions, readable by others until the store tightens it
                PrivateFiles.createFile(db);
            } catch (IOException e) {
                throw new UncheckedIOException("data directory " + store.dataDir() + " is not usable: cannot create "
                        + db.getFileName() + ": " + IoReasons.of(e), e);
            }
            url = "jdbc:sqlite:" + db.toAbsolutePath();
            org.sqlite.SQLiteConfig sqlite = new org.sqlite.SQLiteConfig();
            sqlite.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.FULL);
            sqlite.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            sqlite.setBusyTimeout(10_000);
            p = sqlite.toProperties();
        } else {
            url = store.url();
            if (store.user() != null) {
                p.setProperty("user", store.user());
            }
            if (store.password() != null) {
                p.setProperty("password", store.password());
            }
        }
        if (StoreConfig.SQLITE.equals(store.type())) {
            SqliteMessageStore.migrate(url);
        } else {
            try {
                Flyway.configure().dataSource(url, p.getProperty("user"), p.getProperty("password"))
                        .locations("classpath:db/migration/" + store.type()).load().migrate();
            } catch (RuntimeException e) {
                throw new StoreException("cannot migrate the store schema at " + url + ": " + e.getMessage(), e);
            }
        }
        return new AdminStore(url, p);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /** The managed configuration in force, if one was ever written. */
    public Optional<Version> latest() {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT version, changed_at, actor, body FROM admin_config ORDER BY version DESC LIMIT 1");
                ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Version(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                    rs.getString(4)));
        } catch (SQLException e) {
            throw new StoreException("cannot read the configuration from " + url + ": " + e.getMessage(), e);
        }
    }

    /** The newest version's number (0 if none): one cheap query, for nodes that poll for changes. */
    public long newestVersion() {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM admin_config"); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the configuration version from " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The change counter of {@code kind} in {@code cluster_change} (PostgreSQL V15; bumped by every
     * change of that kind, on any node), or -1 where the database keeps none (SQLite: one node).
     */
    public long changeCounter(String kind) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT version FROM cluster_change WHERE kind = ?")) {
            st.setString(1, kind);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            if (url.startsWith("jdbc:sqlite:")) {
                return -1;
            }
            throw new StoreException("cannot read the change counter " + kind + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes version {@code version} with its audit entry (its id and version are assigned here).
     * Fails if that version exists: someone else changed the configuration meanwhile.
     */
    public void commit(long version, String body, AuditEntry audit) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement cfg = c.prepareStatement(
                    "INSERT INTO admin_config (version, changed_at, actor, body) VALUES (?, ?, ?, ?)");
                    PreparedStatement log = c.prepareStatement("INSERT INTO admin_audit (at, actor, action, subject,"
                            + " before, after, config_version) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement prune = c.prepareStatement("DELETE FROM admin_config WHERE version < ?")) {
                cfg.setLong(1, version);
                cfg.setLong(2, audit.at().toEpochMilli());
                cfg.setString(3, audit.actor());
                cfg.setString(4, body);
                cfg.executeUpdate();
                bind(log, audit);
                log.executeUpdate();
                prune.setLong(1, version - VERSIONS_KEPT);
                prune.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write configuration version " + version + ": " + e.getMessage(), e);
        }
    }

    /** Writes an audit entry for a change that is not configuration (an API key made or revoked). */
    public void record(AuditEntry audit) {
        try (Connection c = connect(); PreparedStatement log = c.prepareStatement("INSERT INTO admin_audit (at, actor,"
                + " action, subject, before, after, config_version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(log, audit);
            log.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write the audit log: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement log, AuditEntry audit) throws SQLException {
        log.setLong(1, audit.at().toEpochMilli());
        log.setString(2, audit.actor());
        log.setString(3, audit.action());
        log.setString(4, audit.subject());
        log.setString(5, audit.before());
        log.setString(6, audit.after());
        log.setLong(7, audit.configVersion());
    }

    /** The newest audit entries first, at most {@code limit}, with ids below {@code beforeId} (0: from the newest). */
    public List<AuditEntry> audit(int limit, long beforeId) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("SELECT id, at, actor, action, subject,"
                + " before, after, config_version FROM admin_audit WHERE id < ? ORDER BY id DESC LIMIT ?")) {
            st.setLong(1, beforeId > 0 ? beforeId : Long.MAX_VALUE);
            st.setInt(2, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }
}
