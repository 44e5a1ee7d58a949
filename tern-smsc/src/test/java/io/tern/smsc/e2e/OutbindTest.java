package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.session.OutbindAcceptor;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.session.OutbindRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbind from the SMSC (SMPP 3.4 §2.2.1, §4.1.7): when messages or receipts wait for an account
 * with {@code outbind} and none of its receivers is bound, Tern connects to the ESME, sends
 * outbind, the ESME binds as receiver on that connection and what waited is delivered. ESMEs:
 * jSMPP's outbound listener and Tern's own {@link OutbindAcceptor}. (Cloudhopper 5.0.9 has no
 * outbind.)
 */
class OutbindTest {

    static final String SRC = "447700900100";
    static final String TO_BOB = "5551234";

    @TempDir
    Path dir;
    TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
    }

    private void start(String outbindAccount, int port) {
        String outbind = ", outbind: {host: 127.0.0.1, port: %d, system_id: TERN, password: smscpw, interval: 100ms}"
                .formatted(port);
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH%s}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']%s}
                routes:
                  - {destination: '44*', target: sim}
                """.formatted(outbindAccount.equals("alice") ? outbind : "",
                outbindAccount.equals("bob") ? outbind : ""));
    }

    private static DeliverSm next(BlockingQueue<DeliverSm> q) throws InterruptedException {
        DeliverSm d = q.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a deliver_sm within 10 s").isNotNull();
        return d;
    }

    @Test
    void aMessageForAnUnboundEsmeMakesTernOutbindAndJsmppBindsAndReceivesIt() throws Exception {
        try (JsmppOutbindEsme bob = new JsmppOutbindEsme("bob", TestSmsc.PASSWORD)) {
            start("bob", bob.port());
            Esme alice = tern.bind("alice", BindType.BIND_TX);

            alice.submit(SRC, TO_BOB, "hello bob", 0);

            assertThat(Esme.text(next(bob.delivered))).isEqualTo("hello bob");
            OutbindRequest outbind = bob.outbinds.poll();
            assertThat(outbind.getSystemId()).isEqualTo("TERN");
            assertThat(outbind.getPassword()).isEqualTo("smscpw");
            alice.submit(SRC, TO_BOB, "again", 0);
            assertThat(Esme.text(next(bob.delivered))).isEqualTo("again");
            assertThat(bob.outbinds).as("the bound outbind session carries the next message").isEmpty();
        }
    }

    @Test
    void aReceiptWaitingForAnAccountWithoutReceiverIsDeliveredByOutbind() throws Exception {
        try (JsmppOutbindEsme aliceRx = new JsmppOutbindEsme("alice", TestSmsc.PASSWORD)) {
            start("alice", aliceRx.port());
            Esme aliceTx = tern.bind("alice", BindType.BIND_TX);

            String id = aliceTx.submit(SRC, "447700900001", "receipt please", 1);

            DeliverSm receipt = next(aliceRx.delivered);
            assertThat(receipt.isSmscDeliveryReceipt()).isTrue();
            assertThat(Esme.receipt(receipt).getId()).isEqualTo(id);
        }
    }

    @Test
    void ternsOwnClientAcceptsTheOutbindAndReceivesTheMessage() throws Exception {
        BlockingQueue<io.tern.smpp.pdu.DeliverSm> delivered = new LinkedBlockingQueue<>();
        SmppClientConfig bobConfig = SmppClientConfig.of("127.0.0.1", 1, "bob", TestSmsc.PASSWORD,
                io.tern.smpp.pdu.BindType.RECEIVER);
        try (OutbindAcceptor bob = new OutbindAcceptor("127.0.0.1", 0, bobConfig, "TERN", "smscpw", (s, req) -> {
            delivered.add((io.tern.smpp.pdu.DeliverSm) req);
            return CompletableFuture.completedFuture(new DeliverSmResp(req.sequenceNumber(), CommandStatus.ESME_ROK,
                    ""));
        }, SessionListener.NONE)) {
            start("bob", bob.start().get(10, TimeUnit.SECONDS));
            Esme alice = tern.bind("alice", BindType.BIND_TX);

            alice.submit(SRC, TO_BOB, "from tern to tern", 0);

            io.tern.smpp.pdu.DeliverSm d = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(new String(d.shortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo("from tern to tern");
        }
    }

    @Test
    void anEsmeThatHangsUpIsTriedAgainWithBackoffAndNeverOverTwoConnectionsAtOnce() throws Exception {
        try (JsmppOutbindEsme bob = new JsmppOutbindEsme("bob", TestSmsc.PASSWORD);
                FlakyProxy down = new FlakyProxy(bob.port(), 2)) {
            start("bob", down.port());
            Esme alice = tern.bind("alice", BindType.BIND_TX);

            for (int i = 0; i < 5; i++) {
                alice.submit(SRC, TO_BOB, "m" + i, 0);
            }

            for (int i = 0; i < 5; i++) {
                next(bob.delivered);
            }
            assertThat(down.connections.get()).as("two refused, the third bound").isEqualTo(3);
            assertThat(down.maxOpen.get()).isEqualTo(1);
            assertThat(bob.outbinds).hasSize(1);
        }
    }

    @Test
    void nothingWaitingMeansNoOutbind() throws Exception {
        try (JsmppOutbindEsme bob = new JsmppOutbindEsme("bob", TestSmsc.PASSWORD);
                FlakyProxy counter = new FlakyProxy(bob.port(), 0)) {
            start("bob", counter.port());
            Esme alice = tern.bind("alice", BindType.BIND_TRX);
            String id = alice.submit(SRC, "447700900001", "to a handset", 1);
            assertThat(Esme.receipt(alice.nextReceipt()).getId()).isEqualTo(id);

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> counter.connections.get() == 0);
        }
    }
}
