package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.StoredMessage;
import io.tern.store.postgres.PostgresMessageStore;
import io.tern.store.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tern with {@code store: {type: postgresql}} on an embedded PostgreSQL, end to end: the store is
 * found through ServiceLoader from the configuration alone, ESMEs submit, receive and get their
 * receipts, and what was acknowledged is in the database, also for the next start. This class lives
 * in tern-smsc's e2e package to use its test helpers (Esme, TestSmsc's password hash) from the
 * test-jar rather than copies.
 */
class PostgresEndToEndTest {

    private static String url;

    @TempDir
    Path dir;
    private Smsc smsc;
    private final java.util.List<Esme> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void database() {
        url = TestDatabase.create("tern_e2e");
    }

    private Smsc start() {
        return startNode(url, dir.resolve("data"), "node-a");
    }

    /**
     * An SMSC on the PostgreSQL database at {@code url} as node {@code nodeId}, its own files in
     * {@code data}: accounts alice (owns 5550*) and bob (owns 5551*), handsets behind 44*.
     */
    static Smsc startNode(String url, Path data, String nodeId) {
        return startNode(url, data, nodeId, "100ms");
    }

    /** {@link #startNode(String, Path, String)} with the periodic due-work scan every {@code scanInterval}. */
    static Smsc startNode(String url, Path data, String nodeId, String scanInterval) {
        return startNode(url, data, nodeId, scanInterval, "");
    }

    /** {@link #startNode(String, Path, String, String)} with {@code aliceOptions} (", key: value" ...) on alice. */
    static Smsc startNode(String url, Path data, String nodeId, String scanInterval, String aliceOptions) {
        String yaml = "node_id: " + nodeId + "\n"
                + "listeners: [{host: 127.0.0.1, port: 0}]\n"
                + "store: {type: postgresql, url: '" + url + "', password: '${PGPASSWORD}', pool_size: 3,"
                + " path: '" + data.toAbsolutePath() + "'}\n"
                + "smpp: {response_timeout: 2s, unbind_timeout: 2s}\n"
                + "delivery: {scan_interval: " + scanInterval + ", retry: {initial: 10s, max: 1m, jitter: 0}}\n"
                + "accounts:\n"
                + "  - {system_id: alice, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5550*']" + aliceOptions + "}\n"
                + "  - {system_id: bob, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5551*']}\n"
                + "routes:\n"
                + "  - {destination: '44*', target: sim}\n";
        // the password goes through ${ENV} substitution as in a real file (the embedded server trusts any)
        return Smsc.start(ConfigLoader.parse(yaml, Path.of("."), java.util.Map.of("PGPASSWORD", "unused")::get),
                java.time.Clock.systemUTC());
    }

    private Esme bind(String systemId, BindType type) throws Exception {
        Esme e = Esme.bind(smsc.ports().get(0), systemId, TestSmsc.PASSWORD, type);
        clients.add(e);
        return e;
    }

    @AfterEach
    void stop() {
        clients.forEach(Esme::close);
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    void esmeToEsmeAndToAHandsetWithReceiptsThroughPostgres() throws Exception {
        smsc = start();
        assertThat(smsc.store()).isInstanceOf(PostgresMessageStore.class);
        Esme alice = bind("alice", BindType.BIND_TRX);
        Esme bob = bind("bob", BindType.BIND_RX);

        String toBob = alice.submit("447700900001", "5551234", "hello bob", 1);
        String toHandset = alice.submit("5551000", "447700900002", "hello handset", 1);

        DeliverSm m = bob.nextMessage();
        assertThat(Esme.text(m)).isEqualTo("hello bob");
        assertThat(m.getDestAddress()).isEqualTo("5551234");
        java.util.Set<String> receipted = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            DeliverSm receipt = alice.nextReceipt();
            assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            receipted.add(Esme.receiptedMessageId(receipt));
        }
        assertThat(receipted).containsExactlyInAnyOrder(toBob, toHandset);

        // the rows are PostgreSQL's: final, and their receipts recorded as sent
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stateInDatabase(toBob)).isEqualTo(new int[] {MessageState.DELIVERED.value(), 2});
            assertThat(stateInDatabase(toHandset)).isEqualTo(new int[] {MessageState.DELIVERED.value(), 2});
        });
    }

    @Test
    void acknowledgedMessageWaitsInPostgresAcrossARestartUntilItsReceiverBinds() throws Exception {
        smsc = start();
        String id;
        try (Esme alice = Esme.bind(smsc.ports().get(0), "alice", TestSmsc.PASSWORD, BindType.BIND_TX)) {
            id = alice.submit("447700900001", "5551999", "see you after the restart", 0);
        }
        assertThat(stateInDatabase(id)).isEqualTo(new int[] {MessageState.ENROUTE.value(), 0});
        smsc.close();

        smsc = start();
        StoredMessage stored = smsc.store().find(id).join().orElseThrow();
        assertThat(stored.state()).isEqualTo(MessageState.ENROUTE);
        Esme bob = bind("bob", BindType.BIND_RX);

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("see you after the restart");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> stateInDatabase(id)[0] == MessageState.DELIVERED.value());
    }

    private static int[] stateInDatabase(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT state, receipt_state FROM message WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("message %s in PostgreSQL", id).isTrue();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }
}
