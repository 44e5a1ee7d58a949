package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schedule_delivery_time and validity_period against the injected clock. */
class ScheduleAndExpiryTest {

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
                  - {numbers: '4478*', behaviour: absent}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private MessageState state(String id) {
        return tern.smsc.store().find(id).join().orElseThrow().state();
    }

    /** Waits until a few fallback scans ran at the current clock, so "not yet" is a real observation. */
    private void letScansRun() throws Exception {
        // a message delivered at once takes one scan interval at most; use it as the fence
        String fence = alice.submit(SRC, "447700900999", "fence", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(fence) == MessageState.DELIVERED);
        // three more scans at this clock: a wrong delivery has had its chance to show
        long scans = tern.smsc.deliveryScans();
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.deliveryScans() >= scans + 3);
    }

    @Test
    void scheduledMessageWaitsUntilTheClockPassesItsScheduleThenIsDelivered() throws Exception {
        String id = alice.submit(SRC, "447700900001", "later", 1, "000000001000000R", null, (byte) 0);

        letScansRun();
        assertThat(state(id)).isEqualTo(MessageState.SCHEDULED);
        assertThat(alice.session.queryShortMessage(id, INTL, ISDN, SRC).getMessageState().value())
                .isEqualTo((byte) 1);
        assertThat(alice.receipts).isEmpty();

        tern.clock.advance(Duration.ofMinutes(11));

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    @Test
    void messageToAnAbsentHandsetExpiresAtTheEndOfItsValidityWithAnExpiredReceipt() throws Exception {
        String id = alice.submit(SRC, "447800900001", "you will not see this", 1, null, "000000000500000R",
                (byte) 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().attempts() >= 1);
        assertThat(state(id)).isEqualTo(MessageState.ENROUTE);

        tern.clock.advance(Duration.ofMinutes(6));

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.EXPIRED);
        assertThat(Esme.messageState(receipt)).isEqualTo(3);
        assertThat(alice.session.queryShortMessage(id, INTL, ISDN, SRC).getMessageState().value())
                .isEqualTo((byte) 3);
    }

    @Test
    void absoluteValidityInThePastIsRefused() {
        Instant past = tern.clock.instant().minusSeconds(3600);
        String abs = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(past) + "000+";
        assertThat(SmppAssertions.statusOf(() -> alice.submit(SRC, "447700900001", "x", 0, null, abs, (byte) 0)))
                .isEqualTo(SmppAssertions.ESME_RINVEXPIRY);
    }
}
