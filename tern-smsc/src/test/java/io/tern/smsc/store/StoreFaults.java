package io.tern.smsc.store;

/**
 * Fills and frees the SQLite store's disk for tests in other packages: SQLite's max_page_count on
 * the writer makes every write that needs a new page fail with SQLITE_FULL, as a full disk does.
 */
public final class StoreFaults {

    private StoreFaults() {
    }

    /** Caps the database at its current size; completes once the writer has the limit. */
    public static long fill(MessageStore store) {
        return ((SqliteMessageStore) store).limitPages(1).join();
    }

    /** Lifts the cap. */
    public static void free(MessageStore store) {
        ((SqliteMessageStore) store).limitPages(0).join();
    }
}
