package io.tern.smsc.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** The campaign store contract on the SQLite store. */
class SqliteCampaignStoreTest extends CampaignStoreContract {

    @Override
    protected MessageStore newStore(Path dir) {
        return new SqliteMessageStore(SqliteStoreConfig.defaults(dir.resolve("tern.db")), Clock.fixed(T0, ZoneOffset.UTC));
    }
}
