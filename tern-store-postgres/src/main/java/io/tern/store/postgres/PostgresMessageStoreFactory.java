package io.tern.store.postgres;

import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.MessageStoreFactory;
import io.tern.smsc.store.StoreConfig;
import java.time.Clock;

/** {@code store: {type: postgresql, ...}}: found by {@link MessageStoreFactory#openConfigured} through ServiceLoader. */
public final class PostgresMessageStoreFactory implements MessageStoreFactory {

    @Override
    public String type() {
        return StoreConfig.POSTGRESQL;
    }

    @Override
    public MessageStore open(StoreConfig config, Clock clock) {
        return new PostgresMessageStore(new PostgresStoreConfig(config.url(), config.user(), config.password(),
                config.poolSize(), config.writeQueueCapacity(), config.maxBatch(), config.nodeIdOrDefault(),
                config.partition(), config.commitDelay()), clock);
    }
}
