package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.store.StoredMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries with backoff, the account's default and maximum validity, and expiry, on the injected clock. */
class RetryAndValidityTest {

    static final String SRC = "447700900100";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme alice;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, default_validity: 1h, max_validity: 2h}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '4477*', behaviour: deliver}
                  - {numbers: '4478*', behaviour: absent}
                  - {numbers: '4479*', behaviour: fail, error: 34, permanent: false}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    private StoredMessage stored(String id) {
        return tern.smsc.store().find(id).join().orElseThrow();
    }

    @Test
    void temporaryHandsetFailureIsRetriedAfterTheBackoffUntilTheMessageExpires() throws Exception {
        String id = alice.submit(SRC, "447900900001", "try again", 1, null, "000000003000000R", (byte) 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).attempts() == 1);
        assertThat(stored(id).state()).isEqualTo(MessageState.ENROUTE);

        tern.clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).attempts() == 2);
        tern.clock.advance(Duration.ofMinutes(31));

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.EXPIRED);
        assertThat(Esme.networkError(receipt)).isEqualTo(34);
    }

    @Test
    void messageWithoutValidityExpiresAfterTheAccountDefault() throws Exception {
        String id = alice.submit(SRC, "447800900001", "default validity", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).attempts() >= 1);

        tern.clock.advance(Duration.ofMinutes(59));
        // three scans at 59 min, to see that none expires it early
        long scans = tern.smsc.deliveryScans();
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.deliveryScans() >= scans + 3);
        assertThat(stored(id).state()).isEqualTo(MessageState.ENROUTE);
        tern.clock.advance(Duration.ofMinutes(2));

        assertThat(Esme.receipt(alice.nextReceipt()).getFinalStatus()).isEqualTo(DeliveryReceiptState.EXPIRED);
    }

    @Test
    void validityBeyondTheAccountMaximumIsShortenedToIt() throws Exception {
        String id = alice.submit(SRC, "447800900001", "too long", 1, null, "000001000000000R", (byte) 0);

        assertThat(stored(id).expiryTime()).isEqualTo(tern.clock.instant().plus(Duration.ofHours(2)));
    }

    @Test
    void messageToAnEsmeThatNeverBindsExpiresWithAReceipt() throws Exception {
        String id = alice.submit(SRC, "5551234", "nobody home", 1, null, "000000001000000R", (byte) 0);

        tern.clock.advance(Duration.ofMinutes(11));

        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.EXPIRED);
    }

    @Test
    void temporaryRefusalByTheReceivingEsmeIsRetriedAndThenDelivered() throws Exception {
        Esme bob = tern.bind("bob", BindType.BIND_RX);
        AtomicInteger refusals = new AtomicInteger();
        bob.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
                if (refusals.getAndIncrement() == 0) {
                    throw new ProcessRequestException("busy", 0x64 /* ESME_RX_T_APPN */);
                }
                bob.messages.add(d);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm d, Session s) throws ProcessRequestException {
                throw new ProcessRequestException("no", 0x64);
            }
        });

        String id = alice.submit(SRC, "5551234", "second time lucky", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).attempts() == 1);
        assertThat(bob.messages).isEmpty();
        tern.clock.advance(Duration.ofSeconds(11));

        assertThat(Esme.text(bob.nextMessage())).isEqualTo("second time lucky");
        assertThat(Esme.receipt(alice.nextReceipt()).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
    }

    @Test
    void receiptTheEsmeRefusesForNowIsSentAgainAfterTheReceiptRetryInterval() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        Esme owner = tern.bind("alice", BindType.BIND_RX);
        owner.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
                if (refusals.getAndIncrement() == 0) {
                    throw new ProcessRequestException("busy", 0x64 /* ESME_RX_T_APPN */);
                }
                owner.receipts.add(d);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm d, Session s) throws ProcessRequestException {
                throw new ProcessRequestException("no", 0x64);
            }
        });
        alice.close();

        Esme tx = tern.bind("alice", BindType.BIND_TX);
        String id = tx.submit(SRC, "447700900001", "receipt twice", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() == 1);
        assertThat(owner.receipts).isEmpty();
        tern.clock.advance(Duration.ofSeconds(31));

        assertThat(Esme.receiptedMessageId(owner.nextReceipt())).isEqualTo(id);
    }
}
