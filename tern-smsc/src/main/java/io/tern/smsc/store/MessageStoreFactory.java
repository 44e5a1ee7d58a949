package io.tern.smsc.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens a {@link MessageStore} of one {@code store.type}. The embedded SQLite store is built in;
 * other stores live in modules of their own (tern-store-postgres) that this module does not depend
 * on, and are found with {@link ServiceLoader}: such a module lists its factory in
 * {@code META-INF/services/io.tern.smsc.store.MessageStoreFactory}.
 */
public interface MessageStoreFactory {

    /** The {@code store.type} this factory serves, e.g. {@code postgresql}. */
    String type();

    /**
     * Opens (creating or migrating) the store {@code config} describes.
     *
     * @throws StoreException if it cannot be opened
     */
    MessageStore open(StoreConfig config, Clock clock);

    /** The store of {@code config.type()}: SQLite in the data directory, or one found on the class path. */
    static MessageStore openConfigured(StoreConfig config, Clock clock) {
        if (StoreConfig.SQLITE.equals(config.type())) {
            return new SqliteMessageStore(new SqliteStoreConfig(config.dataDir().resolve("tern.db"),
                    config.writeQueueCapacity(), config.maxBatch(), SqliteStoreConfig.DEFAULT_READER_THREADS,
                    config.commitDelay()), clock);
        }
        List<String> found = new ArrayList<>();
        for (MessageStoreFactory f : ServiceLoader.load(MessageStoreFactory.class,
                MessageStoreFactory.class.getClassLoader())) {
            if (f.type().equals(config.type())) {
                return f.open(config, clock);
            }
            found.add(f.type());
        }
        throw new StoreException("no message store of type '" + config.type() + "' on the class path (found: sqlite"
                + (found.isEmpty() ? "" : ", " + String.join(", ", found))
                + "); the postgresql store is in the tern-store-postgres module");
    }
}
