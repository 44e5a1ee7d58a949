package io.tern.smsc.admin;

/** {@link AdministrationContract} on the SQLite store (migration V7). */
class SqliteAdministrationTest extends AdministrationContract {

    @Override
    protected String store() {
        return "store: {path: '" + dir.resolve("data").toAbsolutePath() + "'}";
    }
}
