package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.sim.MobileOriginated;
import io.tern.smsc.sim.MobileOriginatedRefusedException;
import io.tern.smsc.sim.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
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

/**
 * The handset network controlled while Tern runs: ranges made absent and present (waiting messages
 * delivered, alert_notification per SMPP 3.4 §4.12), messages sent by handsets, handsets that reply.
 */
class HandsetControlTest {

    static final String ALICE_NUMBER = "5550100";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme alice;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['5550100']}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  seed: 7
                  ranges:
                    - {numbers: '4477*', behaviour: deliver}
                    - {numbers: '4479*', behaviour: deliver, reply: {text: STOP, percent: 100}}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void aRangeMadeAbsentKeepsItsMessagesAndDeliversThemWithAlertsWhenMadePresent() throws Exception {
        tern.smsc.handsets().setPresent("447712*", false);
        List<String> away = List.of("447712000001", "447712000002", "447712000003");
        Set<String> ids = new HashSet<>();
        for (String msisdn : away) {
            ids.add(alice.submit(ALICE_NUMBER, msisdn, "when you are back", 1,
                    new OptionalParameter.Byte(OptionalParameter.Tag.SET_DPF, (byte) 1)));
        }
        String elsewhere = alice.submit(ALICE_NUMBER, "447700000001", "at once", 1);
        DeliverSm first = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(first)).isEqualTo(elsewhere);
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> tern.smsc.store().find(id).join().orElseThrow().attempts() >= 1);
            assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.ENROUTE);
        }
        assertThat(tern.smsc.handsets().isPresent("447712000001")).isFalse();
        assertThat(alice.receipts.poll(200, TimeUnit.MILLISECONDS)).isNull();

        tern.smsc.handsets().setPresent("447712*", true);

        Set<String> alerted = new HashSet<>();
        for (int i = 0; i < away.size(); i++) {
            AlertNotification alert = alice.alerts.poll(10, TimeUnit.SECONDS);
            assertThat(alert).as("alert_notification %d", i).isNotNull();
            assertThat(alert.getEsmeAddr()).isEqualTo(ALICE_NUMBER);
            alerted.add(alert.getSourceAddr());
        }
        assertThat(alerted).containsExactlyInAnyOrderElementsOf(away);
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < away.size(); i++) {
            DeliverSm receipt = alice.nextReceipt();
            assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            receipted.add(Esme.receiptedMessageId(receipt));
        }
        assertThat(receipted).isEqualTo(ids);
    }

    @Test
    void aMoreSpecificPresenceWinsOverTheRangeAroundIt() {
        tern.smsc.handsets().setPresent("4477*", false);
        tern.smsc.handsets().setPresent("447700000009", true);

        assertThat(tern.smsc.handsets().isPresent("447700000009")).isTrue();
        assertThat(tern.smsc.handsets().isPresent("447700000008")).isFalse();
        assertThat(tern.smsc.handsets().presence()).containsExactly(
                java.util.Map.entry("4477*", false), java.util.Map.entry("447700000009", true));
    }

    @Test
    void aMessageSentByAHandsetReachesTheBoundReceiverOwningItsDestination() throws Exception {
        String id = tern.smsc.handsets().send(new MobileOriginated("447700900555", ALICE_NUMBER, "hello Tern"))
                .get(10, TimeUnit.SECONDS);

        DeliverSm mo = alice.nextMessage();
        assertThat(mo.getSourceAddr()).isEqualTo("447700900555");
        assertThat(mo.getDestAddress()).isEqualTo(ALICE_NUMBER);
        assertThat(Esme.text(mo)).isEqualTo("hello Tern");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.DELIVERED);
    }

    @Test
    void aMessageFromAHandsetToAnAddressWithoutARouteIsRefusedWithTheReason() {
        assertThatThrownBy(() -> tern.smsc.handsets().send(new MobileOriginated("447700900555", "999", "x")).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(MobileOriginatedRefusedException.class)
                .hasMessageContaining("no route")
                .hasMessageContaining("999");
    }

    @Test
    void aReplyingHandsetAnswersTheSenderOfWhatItAccepted() throws Exception {
        alice.submit(ALICE_NUMBER, "447900000001", "reply STOP to stop", 0);

        DeliverSm answer = alice.nextMessage();
        assertThat(answer.getSourceAddr()).isEqualTo("447900000001");
        assertThat(answer.getDestAddress()).isEqualTo(ALICE_NUMBER);
        assertThat(Esme.text(answer)).isEqualTo("STOP");
    }

    @Test
    void aReplySetAtRunTimeTakesEffectAtOnceAndASilentOneStopsIt() throws Exception {
        tern.smsc.handsets().setReply("447700000042", new Reply("YES", 100));
        alice.submit(ALICE_NUMBER, "447700000042", "are you in?", 0);
        assertThat(Esme.text(alice.nextMessage())).isEqualTo("YES");

        tern.smsc.handsets().setReply("4479*", new Reply("STOP", 0));
        String id = alice.submit(ALICE_NUMBER, "447900000002", "quiet now", 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.DELIVERED);
        assertThat(alice.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
