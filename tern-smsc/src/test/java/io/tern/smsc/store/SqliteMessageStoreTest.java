package io.tern.smsc.store;

import static io.tern.smsc.store.TestMessages.T0;
import static io.tern.smsc.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The SQLite store against the contract, plus what only the SQLite store can show. */
class SqliteMessageStoreTest extends MessageStoreContract {

    private static final int QUEUE_CAPACITY = 64;

    @Override
    protected MessageStore newStore(Path dir) {
        return new SqliteMessageStore(new SqliteStoreConfig(dir.resolve("tern.db"), QUEUE_CAPACITY, 1_000, 2),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tern.db"));
    }

    @Test
    void fullWriteQueueRefusesAtOnceInsteadOfBlocking() {
        ReentrantLock gate = ((SqliteMessageStore) store).writerGate();
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        CompletableFuture<Void> refused = null;
        gate.lock();
        try {
            // The stalled writer holds at most one operation outside the queue.
            for (int i = 0; i < QUEUE_CAPACITY + 2 && refused == null; i++) {
                CompletableFuture<Void> f = store.insert(message("m" + i).build());
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    accepted.add(f);
                }
            }
        } finally {
            gate.unlock();
        }

        assertThat(refused).as("an insert refused while the queue was full").isNotNull();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreOverloadedException.class);
        await(CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)));
        assertThat(await(store.countByState()).get(MessageState.ENROUTE)).isEqualTo(accepted.size());
    }

    @Test
    void damagedRowIsQuarantinedAndReportedWithoutStoppingTheClaim() throws Exception {
        await(store.insertAll(List.of(message("good").build(), message("bad").build())));
        corrupt("UPDATE message SET source_ton = 'x' WHERE id = 'bad'");

        List<StoredMessage> claimed = await(store.claimDue("esme:BETA", T0, 10, T0.plusSeconds(60)));

        assertThat(claimed).extracting(StoredMessage::id).containsExactly("good");
        assertThat(await(store.quarantined())).singleElement().satisfies(q -> {
            assertThat(q.id()).isEqualTo("bad");
            assertThat(q.error()).contains("source_ton");
        });
        assertThat(await(store.find("bad"))).isEmpty();
        assertKeptVerbatimInQuarantine("bad");
    }

    @Test
    void rowWithUnknownStateIsQuarantinedByTheExpirySweep() throws Exception {
        await(store.insertAll(List.of(message("good").expires(T0.plusSeconds(5)).build(), message("bad").build())));
        corrupt("UPDATE message SET state = 42 WHERE id = 'bad'");

        List<StoredMessage> expired = await(store.expireDue(T0.plusSeconds(5), 100));

        assertThat(expired).extracting(StoredMessage::id).containsExactly("good");
        assertThat(await(store.quarantined())).singleElement().satisfies(q -> {
            assertThat(q.id()).isEqualTo("bad");
            assertThat(q.error()).contains("42");
        });
        assertKeptVerbatimInQuarantine("bad");
    }

    private void corrupt(String sql) throws Exception {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private void assertKeptVerbatimInQuarantine(String id) throws Exception {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT short_message, target FROM quarantine WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the damaged row is kept in quarantine").isTrue();
                assertThat(rs.getBytes(1)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(rs.getString(2)).isEqualTo("esme:BETA");
            }
        }
    }

    @Test
    void findOfDamagedRowFailsVisiblyAndQuarantinesIt() throws Exception {
        await(store.insert(message("bad").build()));
        corrupt("UPDATE message SET priority_flag = 'urgent' WHERE id = 'bad'");

        assertThatThrownBy(() -> store.find("bad").join()).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("priority_flag");

        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(await(store.quarantined())).extracting(QuarantinedRecord::id).containsExactly("bad"));
    }

    @Test
    void databaseRunsInWalModeWithFullSync() throws Exception {
        try (Connection c = jdbc(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void groupCommitServesManyInsertsPerCommit() {
        SqliteMessageStore sqlite = (SqliteMessageStore) store;
        ReentrantLock gate = sqlite.writerGate();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long before = sqlite.commits();
        gate.lock();
        try {
            for (int i = 0; i < 50; i++) {
                acks.add(store.insert(message("m" + i).build()));
            }
        } finally {
            gate.unlock();
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));

        assertThat(sqlite.commits() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void configRejectsNonsense() {
        Path file = dir.resolve("x.db");
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqliteStoreConfig(file, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
