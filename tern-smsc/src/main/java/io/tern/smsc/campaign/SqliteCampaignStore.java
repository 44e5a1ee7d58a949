package io.tern.smsc.campaign;

import io.tern.smsc.store.SqliteMessageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * {@link CampaignStore} in the SQLite database of the {@link SqliteMessageStore} (tables of
 * migration V5). One node owns the database, so every campaign's send lease is its own.
 */
public final class SqliteCampaignStore extends JdbcCampaignStore {

    private final SqliteMessageStore db;

    public SqliteCampaignStore(SqliteMessageStore db) {
        this.db = db;
    }

    @Override
    protected <T> CompletableFuture<T> write(SqlWork<T> work) {
        return db.writeWith(work::apply);
    }

    @Override
    protected <T> CompletableFuture<T> read(SqlWork<T> work) {
        return db.readWith(work::apply);
    }

    @Override
    protected long insertCampaign(Connection c, PreparedStatement insert) throws SQLException {
        insert.executeUpdate();
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected String firstPartsOf() {
        // TEXT compares bytewise in SQLite (BINARY collation), so the primary key serves the range
        return "id >= ? AND id < ? AND instr(id, '.') = 0";
    }
}
