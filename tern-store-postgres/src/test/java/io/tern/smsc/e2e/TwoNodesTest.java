package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.server.Smsc;
import io.tern.store.postgres.TestDatabase;
import java.nio.file.Path;
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
 * Two Tern nodes on one PostgreSQL database, the first multi-node step: an ESME bound to one node
 * sends to an ESME bound to the other, and the receipts come back to the submitter on its node.
 * The other node learns of the work from a wake-up (LISTEN/NOTIFY) or its periodic due-work scan,
 * then claims it with FOR UPDATE SKIP LOCKED.
 */
class TwoNodesTest {

    @TempDir
    Path dir;
    private Smsc a;
    private Smsc b;
    private final List<Esme> clients = new ArrayList<>();

    private String url;

    @BeforeEach
    void database() {
        url = TestDatabase.create("tern_nodes");
    }

    private void start(String scanInterval) {
        a = PostgresEndToEndTest.startNode(url, dir.resolve("a"), "node-a", scanInterval);
        b = PostgresEndToEndTest.startNode(url, dir.resolve("b"), "node-b", scanInterval);
    }

    @AfterEach
    void stop() {
        clients.forEach(Esme::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private Esme bind(Smsc node, String systemId) throws Exception {
        Esme e = Esme.bind(node.ports().get(0), systemId, TestSmsc.PASSWORD, BindType.BIND_TRX);
        clients.add(e);
        return e;
    }

    @Test
    void esmesOnDifferentNodesExchangeMessagesAndReceipts() throws Exception {
        start("100ms");
        exchange();
    }

    /**
     * With the periodic scan an hour away, only the wake-ups between nodes (LISTEN/NOTIFY) can bring
     * a message submitted on one node, and its receipt, to the other node at once.
     */
    @Test
    void wakeUpsCarryWorkAcrossNodesWithoutWaitingForTheScan() throws Exception {
        start("1h");
        exchange();
    }

    /**
     * Identical submit_sm on the two nodes at the same moment (an ESME resubmitting on its other
     * bind): one message_id for both, one message stored (docs/operations.md, duplicate detection).
     */
    @Test
    void identicalSubmissionsOnTwoNodesAtOnceAreStoredOnce() throws Exception {
        a = PostgresEndToEndTest.startNode(url, dir.resolve("a"), "node-a", "100ms", ", dedupe_window: 10m");
        b = PostgresEndToEndTest.startNode(url, dir.resolve("b"), "node-b", "100ms", ", dedupe_window: 10m");

        DedupeTest.submitIdenticalPairs(bind(a, "alice"), bind(b, "alice"), 20, "5550001", "447700900001");

        assertThat(DedupeTest.storedMessages(a)).isEqualTo(20);
    }

    private void exchange() throws Exception {
        Esme alice = bind(a, "alice");
        Esme bob = bind(b, "bob");

        List<String> fromAlice = new ArrayList<>();
        List<String> fromBob = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fromAlice.add(alice.submit("5550001", "555100" + i, "to bob " + i, 1));
            fromBob.add(bob.submit("5551000", "555000" + i, "to alice " + i, 1));
        }

        List<String> bobGot = new ArrayList<>();
        List<String> aliceGot = new ArrayList<>();
        List<String> aliceReceipts = new ArrayList<>();
        List<String> bobReceipts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bobGot.add(Esme.text(bob.nextMessage()));
            aliceGot.add(Esme.text(alice.nextMessage()));
            DeliverSm r = alice.nextReceipt();
            assertThat(Esme.receipt(r).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            aliceReceipts.add(Esme.receiptedMessageId(r));
            bobReceipts.add(Esme.receiptedMessageId(bob.nextReceipt()));
        }

        assertThat(bobGot).containsExactlyInAnyOrder("to bob 0", "to bob 1", "to bob 2", "to bob 3", "to bob 4");
        assertThat(aliceGot).containsExactlyInAnyOrder("to alice 0", "to alice 1", "to alice 2", "to alice 3",
                "to alice 4");
        assertThat(aliceReceipts).containsExactlyInAnyOrderElementsOf(fromAlice);
        assertThat(bobReceipts).containsExactlyInAnyOrderElementsOf(fromBob);
        // each message once: all final and receipted in the shared store, nothing more on the wire
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.store().pendingByTarget().join().isEmpty());
        assertThat(bob.messages).isEmpty();
        assertThat(alice.messages).isEmpty();
        assertThat(alice.receipts).isEmpty();
        assertThat(bob.receipts).isEmpty();
    }
}
