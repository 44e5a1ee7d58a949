package io.tern.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.admin.Administration;
import io.tern.smsc.admin.ClusterChanges;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.optout.SuppressionList;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.MessageStoreFactory;
import io.tern.smsc.store.SharedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database (migration V15): an admin change and a suppression (opt-out)
 * change made through node A are in force on node B after B's next poll, without a restart. The
 * test polls B by hand (what B's cluster heartbeat does every few seconds), so nothing waits on a
 * timer; one test checks that the heartbeat does run the poll.
 */
class PostgresClusterChangesTest {

    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuu5fTQpMT0kXvXG/0P7bAh4zD0Ayk6h1y";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;
    String url;
    Node a;
    Node b;

    /** One node: its administration, its store and its in-memory suppression lists. */
    private record Node(Administration admin, MessageStore store, SuppressionList suppressions,
            ClusterChanges changes, List<TernConfig> applied) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    private Node node(String id) {
        ConfigDocument file = ConfigDocument.parse("node_id: " + id + "\nstore: {type: postgresql, url: '" + url
                + "', path: '" + dir.resolve(id).toAbsolutePath() + "'}\naccounts: [{system_id: alice, password_hash: '"
                + HASH + "'}]\n", dir);
        Administration admin = Administration.open(file, c -> c, CLOCK);
        List<TernConfig> applied = new CopyOnWriteArrayList<>();
        admin.onChange(applied::add);
        MessageStore store = MessageStoreFactory.openConfigured(admin.config().store(), CLOCK);
        SuppressionList suppressions = SuppressionList.load(store, CLOCK, List.of("alice")).join();
        return new Node(admin, store, suppressions, new ClusterChanges(admin, suppressions, () -> List.of("alice")),
                applied);
    }

    @BeforeEach
    void start() {
        url = TestDatabase.create("tern_cluster_changes_" + DATABASES.incrementAndGet());
        a = node("a");
        b = node("b");
        b.changes().poll();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void anAdminChangeOnOneNodeIsInForceOnTheOtherAfterItsNextPoll() throws Exception {
        a.admin().createDistributionList("ops", JSON.readTree("{\"name\": \"team\", \"members\": [\"447700900071\"]}"));
        a.admin().updateAccount("ops", "alice", JSON.readTree("{\"opt_out\": {\"stop\": [\"HALT\"]}}"));
        assertThat(b.applied()).isEmpty();

        b.changes().poll();

        assertThat(b.applied()).hasSize(1);
        TernConfig inForce = b.applied().get(0);
        assertThat(inForce.distributionLists()).containsEntry("team", List.of("447700900071"));
        assertThat(inForce.optOutOf("alice").stop()).containsExactly("HALT");
        assertThat(b.admin().version()).isEqualTo(a.admin().version());
        b.changes().poll();
        assertThat(b.applied()).as("nothing new, nothing applied").hasSize(1);
    }

    /** Each node holds its own slot for its message ids (V18), the lowest free; a node that left gives it up. */
    @Test
    void eachNodeHoldsItsOwnMessageIdSlot() {
        // a joined first, then b, on a fresh database
        assertThat(((SharedStore) a.store()).idSlot()).isZero();
        assertThat(((SharedStore) b.store()).idSlot()).isEqualTo(1);
        Node c = node("c");
        assertThat(((SharedStore) c.store()).idSlot()).isEqualTo(2);
        c.close();
        a.close();
        a = node("a2");
        assertThat(((SharedStore) a.store()).idSlot()).as("the lowest slot given up").isZero();
        Node d = node("d");
        try {
            assertThat(((SharedStore) d.store()).idSlot()).as("c's, given up when it left").isEqualTo(2);
        } finally {
            d.close();
        }
    }

    /** An HTTP API key made through node A's admin API is valid on node B; revoked on A, it is gone on B. */
    @Test
    void anApiKeyMadeOnOneNodeIsInForceOnTheOtherAfterItsNextPoll() {
        TernConfig.ApiKey key = new TernConfig.ApiKey("0123456789ab", "alice", "ab".repeat(32),
                Instant.parse("2026-12-07T08:00:00Z"), "crm");
        a.admin().addApiKey("ops", key);
        assertThat(b.admin().config().apiKeys()).isEmpty();

        b.changes().poll();
        assertThat(b.applied()).hasSize(1);
        assertThat(b.applied().get(0).apiKeys()).containsExactly(key);

        assertThat(a.admin().removeApiKey("ops", "alice", key.id())).isTrue();
        b.changes().poll();
        assertThat(b.applied()).hasSize(2);
        assertThat(b.applied().get(1).apiKeys()).isEmpty();
    }

    @Test
    void aSuppressionAddedOrRemovedOnOneNodeIsInForceOnTheOtherAfterItsNextPoll() {
        a.suppressions().add("alice", "447700900001", "api").join();
        assertThat(b.suppressions().isSuppressed("alice", "447700900001")).isFalse();

        b.changes().poll();
        assertThat(b.suppressions().isSuppressed("alice", "447700900001")).isTrue();

        a.suppressions().remove("alice", "447700900001").join();
        b.changes().poll();
        assertThat(b.suppressions().isSuppressed("alice", "447700900001")).isFalse();
    }

    /**
     * A change notifies every node (V16), which polls at once: two changes in a row are each in
     * force on the other node well within one heartbeat period. (Were the notification lost, the
     * second change, made just after a poll, would wait for the next heartbeat, 5 s later.)
     */
    @Test
    void aChangeIsInForceOnTheOtherNodeAtOnceNotAtItsNextHeartbeat() throws Exception {
        SharedStore shared = (SharedStore) b.store();
        shared.onHeartbeat(b.changes()::poll);
        java.util.Set<String> woken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        shared.onRemoteWork(woken::add, owner -> { });
        // B is listening once a wake-up for one of A's messages reaches it (one sent before its
        // LISTEN took effect is lost: a probe goes each time round until one arrives)
        Instant now = CLOCK.instant();
        AtomicInteger probes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            a.store().insert(io.tern.smsc.store.StoredMessage.submitted("probe" + probes.incrementAndGet(), "alice",
                    new io.tern.smsc.store.StoredAddress(1, 1, "12345"), new io.tern.smsc.store.StoredAddress(1, 1,
                    "447700900001"), "", 0, 0, 0, 0, 0, new byte[] {'x'}, new byte[0], null, "esme:probe", now, null,
                    now.plusSeconds(3600), null)).join();
            return woken.contains("esme:probe");
        });

        Duration withinAHeartbeat = ClusterMembership.HEARTBEAT.dividedBy(2);
        a.admin().createDistributionList("ops", JSON.readTree("{\"name\": \"one\", \"members\": [\"447700900071\"]}"));
        await().atMost(withinAHeartbeat).until(() -> b.applied().size() == 1);
        a.admin().createDistributionList("ops", JSON.readTree("{\"name\": \"two\", \"members\": [\"447700900072\"]}"));
        await().atMost(withinAHeartbeat).until(() -> b.applied().size() == 2);
        assertThat(b.applied().get(1).distributionLists()).containsKeys("one", "two");

        a.suppressions().add("alice", "447700900009", "api").join();
        await().atMost(withinAHeartbeat).until(() -> b.suppressions().isSuppressed("alice", "447700900009"));
    }

    @Test
    void theClusterHeartbeatRunsThePoll() throws Exception {
        a.admin().createDistributionList("ops", JSON.readTree("{\"name\": \"team\", \"members\": [\"447700900071\"]}"));
        ((SharedStore) b.store()).onHeartbeat(b.changes()::poll);

        // the heartbeat's period is fixed (ClusterMembership.HEARTBEAT, 5 s): at most one period and a margin
        await().atMost(ClusterMembership.HEARTBEAT.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !b.applied().isEmpty());
        assertThat(b.applied().get(0).distributionLists()).containsKey("team");
    }
}
