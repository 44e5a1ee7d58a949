package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main loop through real sockets: submit_sm, the virtual handset takes it, the receipt comes back. */
class SubmitToHandsetTest {

    @TempDir
    Path dir;
    TestSmsc tern;

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '44*', behaviour: deliver}
                """);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void submittedMessageReachesTheHandsetAndTheReceiptNamesItsId() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String id = alice.submit("12345", "447700900001", "hello handset", 1);

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.messageState(receipt)).isEqualTo(2);
        DeliveryReceipt text = Esme.receipt(receipt);
        assertThat(text.getId()).isEqualTo(id);
        assertThat(text.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        assertThat(text.getDelivered()).isEqualTo(1);
        assertThat(receipt.getSourceAddr()).isEqualTo("447700900001");
        assertThat(receipt.getDestAddress()).isEqualTo("12345");
        assertThat(tern.smsc.store().find(id).join().orElseThrow().state().value()).isEqualTo(2);
    }

    @Test
    void noReceiptIsSentWhenNoneWasRequested() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String id = alice.submit("12345", "447700900001", "no receipt please", 0);
        String withReceipt = alice.submit("12345", "447700900002", "but this one", 1);

        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(withReceipt);
        assertThat(tern.smsc.store().find(id).join().orElseThrow().state().value()).isEqualTo(2);
        assertThat(alice.receipts).isEmpty();
    }

    @Test
    void receiptGoesToAReceiverSessionOfTheAccountWhenSubmittedOverATransmitter() throws Exception {
        Esme tx = tern.bind("alice", BindType.BIND_TX);
        Esme rx = tern.bind("alice", BindType.BIND_RX);

        String id = tx.submit("12345", "447700900001", "over tx", 1);

        assertThat(Esme.receiptedMessageId(rx.nextReceipt())).isEqualTo(id);
    }
}
