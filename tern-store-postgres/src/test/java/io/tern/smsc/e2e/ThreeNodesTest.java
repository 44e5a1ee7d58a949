package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.store.NodeStatus;
import io.tern.smsc.store.SharedStore;
import io.tern.store.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Tern nodes on one PostgreSQL database: ESMEs spread over the nodes exchange messages and
 * receipts, an account's max_binds holds across the cluster (and frees up when a session closes
 * or its node leaves), a resubmission inside the duplicate window is recognised on another node,
 * and every node lists the three with their sessions.
 */
class ThreeNodesTest {

    private static final int ESME_RBINDFAIL = 0x0D;

    @TempDir
    Path dir;
    private final List<Smsc> nodes = new ArrayList<>();
    private final List<Esme> clients = new ArrayList<>();
    private String url;

    @BeforeEach
    void start() {
        url = TestDatabase.create("tern_three_nodes");
        for (String id : List.of("node-a", "node-b", "node-c")) {
            nodes.add(startNode(id));
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(Esme::close);
        nodes.forEach(Smsc::close);
    }

    private Smsc startNode(String id) {
        String yaml = "node_id: " + id + "\n"
                + "listeners: [{host: 127.0.0.1, port: 0}]\n"
                + "store: {type: postgresql, url: '" + url + "', pool_size: 3, path: '"
                + dir.resolve(id).toAbsolutePath() + "'}\n"
                + "smpp: {response_timeout: 2s, unbind_timeout: 2s}\n"
                + "delivery: {scan_interval: 100ms, retry: {initial: 10s, max: 1m, jitter: 0}}\n"
                + "accounts:\n"
                + "  - {system_id: alice, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5550*'],"
                + " max_binds: 2, dedupe_window: 1h}\n"
                + "  - {system_id: bob, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5551*']}\n"
                + "  - {system_id: carol, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5552*']}\n"
                // about nothing flows in during a test: what a node accepts is its share of the burst
                + "  - {system_id: dave, password_hash: '" + TestSmsc.passwordHash() + "', addresses: ['5553*'],"
                + " throughput: {rate: 0.01, burst: 10}}\n"
                + "routes:\n"
                + "  - {destination: '44*', target: sim}\n";
        return Smsc.start(ConfigLoader.parse(yaml, Path.of(".")), Clock.systemUTC());
    }

    private Esme bind(int node, String systemId, BindType type) throws Exception {
        Esme e = Esme.bind(nodes.get(node).ports().get(0), systemId, TestSmsc.PASSWORD, type);
        clients.add(e);
        return e;
    }

    @Test
    void esmesOnThreeNodesExchangeMessagesAndReceipts() throws Exception {
        Esme alice = bind(0, "alice", BindType.BIND_TRX);
        Esme bob = bind(1, "bob", BindType.BIND_TRX);
        Esme carol = bind(2, "carol", BindType.BIND_TRX);

        String toBob = alice.submit("5550001", "5551001", "alice to bob", 1);
        String toCarol = bob.submit("5551001", "5552001", "bob to carol", 1);
        String toAlice = carol.submit("5552001", "5550001", "carol to alice", 1);
        String toHandset = carol.submit("5552001", "447700900001", "carol to a handset", 1);

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("alice to bob");
        assertThat(Esme.text(carol.nextMessage())).isEqualTo("bob to carol");
        assertThat(Esme.text(alice.nextMessage())).isEqualTo("carol to alice");
        assertReceipt(alice.nextReceipt(), toBob);
        assertReceipt(bob.nextReceipt(), toCarol);
        List<String> carolReceipts = List.of(Esme.receiptedMessageId(carol.nextReceipt()),
                Esme.receiptedMessageId(carol.nextReceipt()));
        assertThat(carolReceipts).containsExactlyInAnyOrder(toAlice, toHandset);
    }

    private static void assertReceipt(DeliverSm receipt, String id) throws Exception {
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    @Test
    void maxBindsHoldsAcrossTheClusterAndAClosedSessionFreesItsPlace() throws Exception {
        bind(0, "alice", BindType.BIND_TX);
        Esme second = bind(1, "alice", BindType.BIND_RX);

        // node C has no session of alice, but the cluster has two, her max_binds
        assertThat(Esme.bindStatus(nodes.get(2).ports().get(0), "alice", TestSmsc.PASSWORD, BindType.BIND_TX))
                .isEqualTo(ESME_RBINDFAIL);
        // nor may node A exceed it
        assertThat(Esme.bindStatus(nodes.get(0).ports().get(0), "alice", TestSmsc.PASSWORD, BindType.BIND_TX))
                .isEqualTo(ESME_RBINDFAIL);

        second.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Esme.bindStatus(nodes.get(2).ports().get(0),
                "alice", TestSmsc.PASSWORD, BindType.BIND_TX) == 0);
    }

    /** dave's burst of 10 is split over the two nodes his sessions are on, and whole again on one. */
    @Test
    void anAccountsThroughputIsSplitOverTheNodesItsSessionsAreOn() throws Exception {
        Esme onA = bind(0, "dave", BindType.BIND_TX);
        Esme onB = bind(1, "dave", BindType.BIND_TX);
        // every node, the third one without a session of dave's too, learns it at its own heartbeat
        for (int n = 0; n < 3; n++) {
            int node = n;
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(node).accounts().find("dave")
                    .orElseThrow().throughputShare() == 2);
        }

        assertThat(accepted(onA, 10)).as("node A's half of the burst").isEqualTo(5);
        assertThat(accepted(onB, 10)).as("node B's half of the burst").isEqualTo(5);

        onB.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).accounts().find("dave")
                .orElseThrow().throughputShare() == 1);
    }

    /** Submits {@code n} messages one after the other; how many were accepted (the rest throttled). */
    private static int accepted(Esme esme, int n) throws Exception {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            try {
                esme.submit("5553001", "44770090" + String.format("%04d", i), "burst " + i, 0);
                ok++;
            } catch (org.jsmpp.extra.NegativeResponseException e) {
                assertThat(e.getCommandStatus()).isEqualTo(SmppAssertions.ESME_RTHROTTLED);
            }
        }
        return ok;
    }

    @Test
    void aNodeThatLeavesTakesItsSessionsOutOfTheCount() throws Exception {
        bind(0, "alice", BindType.BIND_TX);
        bind(1, "alice", BindType.BIND_TX);
        assertThat(Esme.bindStatus(nodes.get(2).ports().get(0), "alice", TestSmsc.PASSWORD, BindType.BIND_TX))
                .isEqualTo(ESME_RBINDFAIL);

        nodes.remove(1).close();

        assertThat(Esme.bindStatus(nodes.get(1).ports().get(0), "alice", TestSmsc.PASSWORD, BindType.BIND_TX))
                .isZero();
    }

    @Test
    void aResubmissionInsideTheDuplicateWindowIsRecognisedOnAnotherNode() throws Exception {
        Esme onA = bind(0, "alice", BindType.BIND_TX);
        Esme onB = bind(1, "alice", BindType.BIND_TX);

        String first = onA.submit("5550001", "447700900002", "same message twice", 0);
        String again = onB.submit("5550001", "447700900002", "same message twice", 0);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void everyNodeListsTheClusterWithItsSessions() throws Exception {
        bind(0, "alice", BindType.BIND_TX);
        bind(2, "bob", BindType.BIND_TX);
        bind(2, "carol", BindType.BIND_TX);

        // the list is refreshed with each heartbeat (5 s)
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<NodeStatus> seen = ((SharedStore) nodes.get(1).store()).nodes();
            assertThat(seen).extracting(NodeStatus::nodeId).containsExactly("node-a", "node-b", "node-c");
            assertThat(seen).allMatch(NodeStatus::alive);
            assertThat(seen).extracting(NodeStatus::sessions).containsExactly(1, 0, 2);
        });
    }
}
