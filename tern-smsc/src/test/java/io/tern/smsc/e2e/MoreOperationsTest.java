package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static io.tern.smsc.e2e.SmppAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.Address;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.DistributionList;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replace_if_present, cancel by address, data_sm, and the states a query reports along the way. */
class MoreOperationsTest {

    static final String SRC = "447700900100";
    static final String TO_BOB = "5551234";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme alice;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '4477*', behaviour: deliver}
                  - {numbers: '4479*', behaviour: fail, error: 11, permanent: true}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private QuerySmResult query(String id) throws Exception {
        return alice.session.queryShortMessage(id, INTL, ISDN, SRC);
    }

    @Test
    void replaceIfPresentSupersedesThePendingMessageToTheSameDestination() throws Exception {
        String first = alice.session.submitShortMessage("", INTL, ISDN, SRC, INTL, ISDN, TO_BOB, new ESMClass(),
                (byte) 0, (byte) 0, null, null, new RegisteredDelivery(0), (byte) 1, DataCodings.ZERO, (byte) 0,
                "first".getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
        String second = alice.session.submitShortMessage("", INTL, ISDN, SRC, INTL, ISDN, TO_BOB, new ESMClass(),
                (byte) 0, (byte) 0, null, null, new RegisteredDelivery(0), (byte) 1, DataCodings.ZERO, (byte) 0,
                "second".getBytes(StandardCharsets.ISO_8859_1)).getMessageId();

        Esme bob = tern.bind("bob", BindType.BIND_RX);

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("second");
        assertThat(query(first).getMessageState().value()).isEqualTo((byte) 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> query(second).getMessageState().value() == 2);
        assertThat(bob.messages).isEmpty();
    }

    @Test
    void cancelWithoutMessageIdDeletesEveryPendingMessageFromTheSourceToTheDestination() throws Exception {
        String a = alice.submit(SRC, TO_BOB, "one", 0);
        String b = alice.submit(SRC, TO_BOB, "two", 0);
        String other = alice.submit(SRC, "5551999", "other destination", 0);

        alice.session.cancelShortMessage("", "", INTL, ISDN, SRC, INTL, ISDN, TO_BOB);

        assertThat(query(a).getMessageState().value()).isEqualTo((byte) 4);
        assertThat(query(b).getMessageState().value()).isEqualTo((byte) 4);
        assertThat(query(other).getMessageState().value()).isEqualTo((byte) 1);
    }

    /**
     * A cancelled message's final outcome is DELETED: the submitter gets a receipt saying so when it
     * asked for receipts on failure (registered_delivery 1 or 2), none when it asked for none or
     * for success only (3).
     */
    @Test
    void aCancelledMessageThatAskedForAReceiptOnFailureGetsADeletedReceipt() throws Exception {
        String onAny = alice.submit(SRC, TO_BOB, "one", 1);
        String onFailure = alice.submit(SRC, TO_BOB, "two", 2);
        String none = alice.submit(SRC, TO_BOB, "three", 0);
        String onSuccess = alice.submit(SRC, TO_BOB, "four", 3);

        alice.session.cancelShortMessage("", "", INTL, ISDN, SRC, INTL, ISDN, TO_BOB);

        java.util.Set<String> receipted = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            DeliverSm r = alice.nextReceipt();
            assertThat(Esme.messageState(r)).as("message_state DELETED").isEqualTo(4);
            assertThat(Esme.receipt(r).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELETED);
            receipted.add(Esme.receiptedMessageId(r));
        }
        assertThat(receipted).containsExactlyInAnyOrder(onAny, onFailure);
        for (String id : receipted) {
            // in the history as any receipt is: durable, and its hand-over recorded
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(tern.smsc.store().history(id).join()).extracting(HistoryEntry::event)
                            .contains(HistoryEntry.Event.CANCELLED, HistoryEntry.Event.RECEIPT_SENT));
        }
        for (String id : new String[] {none, onSuccess}) {
            assertThat(tern.smsc.store().find(id).join().orElseThrow().receiptState())
                    .isEqualTo(io.tern.smsc.store.ReceiptState.NONE);
        }
    }

    @Test
    void scheduledMessageIsReportedEnrouteAndCanBeRescheduledByReplace() throws Exception {
        String id = alice.submit(SRC, "447700900001", "later", 1, "000001000000000R", null, (byte) 0);
        assertThat(query(id).getMessageState().value()).isEqualTo((byte) 1);

        alice.session.replaceShortMessage(id, INTL, ISDN, SRC, "000000000100000R", null, new RegisteredDelivery(1),
                (byte) 0, "sooner".getBytes(StandardCharsets.ISO_8859_1));
        tern.clock.advance(Duration.ofMinutes(2));

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    @Test
    void queryOfAnUndeliverableMessageReportsItsError() throws Exception {
        String id = alice.submit(SRC, "447900900001", "doomed", 0);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.UNDELIVERABLE);

        QuerySmResult q = query(id);

        assertThat(q.getMessageState().value()).isEqualTo((byte) 5);
        assertThat(q.getErrorCode()).isEqualTo((byte) 11);
        assertThat(q.getFinalDate()).isNotEmpty();
    }

    @Test
    void dataSmIsDeliveredToTheHandsetWithAReceipt() throws Exception {
        String id = alice.session.dataShortMessage("", INTL, ISDN, SRC, INTL, ISDN, "447700900001", new ESMClass(),
                new RegisteredDelivery(1), DataCodings.ZERO, new OptionalParameter.OctetString(
                        OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "hello data")).getMessageId();

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getText()).startsWith("hello data");
    }

    @Test
    void dataSmToAnEsmeArrivesWithItsPayloadAsText() throws Exception {
        Esme bob = tern.bind("bob", BindType.BIND_RX);

        alice.session.dataShortMessage("", INTL, ISDN, SRC, INTL, ISDN, TO_BOB, new ESMClass(),
                new RegisteredDelivery(0), DataCodings.ZERO, new OptionalParameter.OctetString(
                        OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "payload for bob"));

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("payload for bob");
    }

    @Test
    void submitMultiToAnUnknownDistributionListIsRefused() {
        assertThat(statusOf(() -> alice.session.submitMulti(SRC, new DestinationAddress[] {
                new Address(INTL, ISDN, "447700900001"), new DistributionList("nobody")}, "x",
                new RegisteredDelivery(0)))).isEqualTo(0x34);
    }
}
