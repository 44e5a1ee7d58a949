package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages to an address an ESME account owns wait in the store until it binds, then flow. */
class EsmeToEsmeTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['5550*']}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '44*', target: sim}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void messageToAnUnboundEsmeWaitsUntilItBindsAndTheSubmitterGetsTheReceipt() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String id = alice.submit("447700900001", "5551234", "hello bob", 1);
        assertThat(tern.smsc.store().find(id).join().orElseThrow().state().value()).isEqualTo(1);

        Esme bob = tern.bind("bob", BindType.BIND_RX);

        DeliverSm m = bob.nextMessage();
        assertThat(Esme.text(m)).isEqualTo("hello bob");
        assertThat(m.getSourceAddr()).isEqualTo("447700900001");
        assertThat(m.getDestAddress()).isEqualTo("5551234");
        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        assertThat(Esme.messageState(receipt)).isEqualTo(2);
    }

    @Test
    void receiptOwedToAnUnboundSubmitterIsSentWhenItBindsAgain() throws Exception {
        Esme bob = tern.bind("bob", BindType.BIND_RX);
        String id;
        try (Esme alice = Esme.bind(tern.port(), "alice", TestSmsc.PASSWORD, BindType.BIND_TX)) {
            id = alice.submit("447700900001", "5551234", "while you were out", 1);
        }
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("while you were out");

        Esme alice = tern.bind("alice", BindType.BIND_RX);

        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(id);
    }

    @Test
    void messagesAreSpreadOverEveryReceiverSessionOfTheAccount() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TX);
        Esme bob1 = tern.bind("bob", BindType.BIND_RX);
        Esme bob2 = tern.bind("bob", BindType.BIND_TRX);

        for (int i = 0; i < 10; i++) {
            alice.submit("447700900001", "555100" + i, "message " + i, 0);
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> bob1.messages.size() + bob2.messages.size() == 10);
        assertThat(bob1.messages).isNotEmpty();
        assertThat(bob2.messages).isNotEmpty();
    }

    @Test
    void waitingMessagesGoOutHighestPriorityFirst() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TX);
        alice.submit("447700900001", "5551234", "low", 1, null, null, (byte) 0);
        alice.submit("447700900001", "5551234", "urgent", 1, null, null, (byte) 3);
        alice.submit("447700900001", "5551234", "normal", 1, null, null, (byte) 1);

        Esme bob = tern.bind("bob", BindType.BIND_RX, 1);

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("urgent");
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("normal");
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("low");
    }

    @Test
    void transmitterSessionReceivesNothing() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        Esme bobTx = tern.bind("bob", BindType.BIND_TX);
        String id = alice.submit("447700900001", "5551234", "not over tx", 0);

        Esme bobRx = tern.bind("bob", BindType.BIND_RX);

        assertThat(Esme.text(bobRx.nextMessage())).isEqualTo("not over tx");
        assertThat(bobTx.messages).isEmpty();
        assertThat(id).isNotEmpty();
    }

    @Test
    void permanentRefusalByTheReceivingEsmeMakesTheMessageUndeliverable() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        Esme bob = tern.bind("bob", BindType.BIND_RX);
        bob.session.setMessageReceiverListener(new org.jsmpp.session.MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws org.jsmpp.extra.ProcessRequestException {
                throw new org.jsmpp.extra.ProcessRequestException("no", SmppAssertions.ESME_RX_R_APPN);
            }

            @Override
            public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification a) {
            }

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm d,
                    org.jsmpp.session.Session s) throws org.jsmpp.extra.ProcessRequestException {
                throw new org.jsmpp.extra.ProcessRequestException("no", SmppAssertions.ESME_RX_R_APPN);
            }
        });

        String id = alice.submit("447700900001", "5551234", "refused", 1);

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(Esme.messageState(receipt)).isEqualTo(5);
    }

    @Test
    void anSmeAcknowledgementRequestedByTheSubmitterAndTheAcknowledgementReachTheOtherEsme() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        Esme bob = tern.bind("bob", BindType.BIND_TRX);

        // registered_delivery 0x05: an SMSC receipt, and an SME delivery acknowledgement (§5.2.17 bits 2-3)
        alice.session.submitShortMessage("", Esme.INTL, Esme.ISDN, "5550001", Esme.INTL, Esme.ISDN, "5551234",
                new ESMClass(), (byte) 0, (byte) 0, null, null, new RegisteredDelivery((byte) 0x05), (byte) 0,
                DataCodings.ZERO, (byte) 0, "please ack".getBytes(StandardCharsets.ISO_8859_1));
        DeliverSm m = bob.nextMessage();
        assertThat(Esme.text(m)).isEqualTo("please ack");
        assertThat(m.getRegisteredDelivery() & 0x0C).as("SME acknowledgement requested").isEqualTo(0x04);
        assertThat(m.getRegisteredDelivery() & 0x13).as("the SMSC's receipt is Tern's to send, not bob's").isZero();

        // esm_class 0x08: an SME delivery acknowledgement (§5.2.12)
        bob.session.submitShortMessage("", Esme.INTL, Esme.ISDN, "5551234", Esme.INTL, Esme.ISDN, "5550001",
                new ESMClass(0x08), (byte) 0, (byte) 0, null, null, new RegisteredDelivery((byte) 0), (byte) 0,
                DataCodings.ZERO, (byte) 0, "acked".getBytes(StandardCharsets.ISO_8859_1));
        DeliverSm ack = alice.nextMessage();
        assertThat(Esme.text(ack)).isEqualTo("acked");
        assertThat(ack.getEsmClass() & 0x3C).as("esm_class message type").isEqualTo(0x08);
        assertThat(ack.getRegisteredDelivery()).isZero();
    }
}
