package io.tern.store.postgres;

import io.tern.smsc.admin.AdministrationContract;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link AdministrationContract} on PostgreSQL (migration V9), a new database per test. */
class PostgresAdministrationTest extends AdministrationContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected String store() {
        String url = TestDatabase.create("tern_admin_" + DATABASES.incrementAndGet());
        return "store: {type: postgresql, url: '" + url + "', path: '" + dir.resolve("node").toAbsolutePath() + "'}";
    }
}
