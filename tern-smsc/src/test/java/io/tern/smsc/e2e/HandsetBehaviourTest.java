package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing and absent handsets of the virtual network, their receipts and alert_notification (§4.12). */
class HandsetBehaviourTest {

    static final String SRC = "447700900100";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme alice;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                handsets:
                  - {numbers: '4477*', behaviour: deliver}
                  - {numbers: '4479*', behaviour: fail, error: 11, permanent: true}
                  - {numbers: '4478*', behaviour: absent}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void permanentHandsetFailureGivesAnUndeliverableReceiptWithTheError() throws Exception {
        String id = alice.submit(SRC, "447900900001", "doomed", 1);

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(Esme.receipt(receipt).getError()).isEqualTo("011");
        assertThat(Esme.messageState(receipt)).isEqualTo(5);
        assertThat(Esme.networkError(receipt)).isEqualTo(11);
    }

    @Test
    void receiptOnFailureOnlyIsNotSentForADeliveredMessage() throws Exception {
        String ok = alice.submit(SRC, "447700900001", "fine", 2);
        String failed = alice.submit(SRC, "447900900001", "not fine", 2);

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(failed);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(ok).join().orElseThrow().state() == MessageState.DELIVERED);
        assertThat(alice.receipts.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void messageToAnAbsentHandsetIsDeliveredWhenItReturnsAndTheSubmitterIsAlerted() throws Exception {
        String id = alice.submit(SRC, "447800900001", "when you are back", 1,
                new OptionalParameter.Byte(OptionalParameter.Tag.SET_DPF, (byte) 1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().attempts() >= 1);
        assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.ENROUTE);

        tern.smsc.handsets().setPresent("447800900001", true);

        AlertNotification alert = alice.alerts.poll(10, TimeUnit.SECONDS);
        assertThat(alert).as("alert_notification").isNotNull();
        assertThat(alert.getSourceAddr()).isEqualTo("447800900001");
        assertThat(alert.getEsmeAddr()).isEqualTo(SRC);
        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    /** §4.12.1: the alert's source_addr is the subscriber's address, with the TON/NPI the ESME gave it. */
    @Test
    void theAlertNamesTheSubscriberWithTheTonAndNpiItWasSubmittedTo() throws Exception {
        String id = alice.session.submitShortMessage("", Esme.INTL, Esme.ISDN, SRC,
                org.jsmpp.bean.TypeOfNumber.NATIONAL, org.jsmpp.bean.NumberingPlanIndicator.ISDN, "447800900003",
                new org.jsmpp.bean.ESMClass(), (byte) 0, (byte) 0, null, null, new org.jsmpp.bean.RegisteredDelivery(),
                (byte) 0, org.jsmpp.bean.DataCodings.ZERO, (byte) 0, "back?".getBytes(StandardCharsets.ISO_8859_1),
                new OptionalParameter.Byte(OptionalParameter.Tag.SET_DPF, (byte) 1)).getMessageId();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().attempts() >= 1);

        tern.smsc.handsets().setPresent("447800900003", true);

        AlertNotification alert = alice.alerts.poll(10, TimeUnit.SECONDS);
        assertThat(alert).as("alert_notification").isNotNull();
        assertThat(alert.getSourceAddr()).isEqualTo("447800900003");
        assertThat(alert.getSourceAddrTon()).isEqualTo(org.jsmpp.bean.TypeOfNumber.NATIONAL.value());
        assertThat(alert.getSourceAddrNpi()).isEqualTo(org.jsmpp.bean.NumberingPlanIndicator.ISDN.value());
    }

    @Test
    void noAlertIsSentToAnEsmeThatDidNotAskForOne() throws Exception {
        String id = alice.submit(SRC, "447800900002", "no dpf", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().attempts() >= 1);

        tern.smsc.handsets().setPresent("447800900002", true);

        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(id);
        assertThat(alice.alerts).isEmpty();
    }
}
