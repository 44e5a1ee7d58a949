package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.connector.ConnectorStatus;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpstreamLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tern SMSCs over real sockets: A forwards through an upstream connector to B, which delivers
 * to its handset network and sends its receipts back; A turns them into receipts to its own ESME
 * with A's message ids. Messages B's subscribers send to an address A's ESME owns travel the other
 * way (mobile-originated).
 */
class ConnectorTernToTernTest {

    @TempDir
    Path dir;
    TestSmsc upstream;
    TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /**
     * Submits {@code n} messages with receipts from 447700800001 to 447700900000.. and checks that
     * each comes back DELIVRD, receipted with its own id; returns the ids.
     */
    private static Set<String> submitAndAwaitDelivered(Esme alice, int n, String text) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(alice.submit("447700800001", "4477009" + String.format("%05d", i), text + i, 1));
        }
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < n; i++) {
            DeliverSm r = alice.nextReceipt();
            assertThat(Esme.receipt(r).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            receipted.add(Esme.receiptedMessageId(r));
        }
        assertThat(receipted).isEqualTo(ids);
        return ids;
    }

    private void startBoth(String connectorExtra) {
        upstream = TestSmsc.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH, addresses: ['999*']}
                  - {system_id: mobile, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '447700900666', behaviour: fail, error: 11, permanent: true}
                  - {numbers: '*', behaviour: deliver}
                """);
        tern = TestSmsc.start(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['999*']}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret, bind: trx,
                     sessions: 2, window: 20, reconnect: {min: 100ms, max: 1s}%s}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.port(), connectorExtra));
    }

    /** B takes messages for its ESME {@code mobile}, not bound yet; A forwards 44* to B. */
    private void startHoldingUpstream() {
        upstream = TestSmsc.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                  - {system_id: mobile, password_hash: HASH, addresses: ['44*']}
                """);
        tern = TestSmsc.start(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['999*']}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret, bind: trx,
                     reconnect: {min: 100ms, max: 1s}}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.port()));
    }

    private String submitAndAwaitForward(Esme alice, String src, String dest, String text) throws Exception {
        String id = alice.submit(src, dest, text, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.store().history(id).join().stream()
                .anyMatch(h -> h.event() == io.tern.smsc.store.HistoryEntry.Event.FORWARDED));
        return id;
    }

    /**
     * cancel_sm by id of a message the upstream has is passed on to it (cancel_sm with the upstream's
     * id); the upstream cancels it, and only then is it DELETED here, with its receipt. What cannot be
     * passed on is refused: cancel_sm by address (it names no upstream id) and replace_sm.
     */
    @Test
    void aCancelOfAMessageWithTheUpstreamIsPassedOnAndTheMessageIsDeletedThereAndHere() throws Exception {
        startHoldingUpstream();
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String src = "447700800001";
        String dest = "447700900123";
        String id = submitAndAwaitForward(alice, src, dest, "never mind");

        assertThat(SmppAssertions.statusOf(() -> alice.session.cancelShortMessage("", "", Esme.INTL, Esme.ISDN, src,
                Esme.INTL, Esme.ISDN, dest))).as("by address: not passed on").isEqualTo(SmppAssertions.ESME_RCANCELFAIL);
        assertThat(SmppAssertions.statusOf(() -> alice.session.replaceShortMessage(id, Esme.INTL, Esme.ISDN, src, null,
                null, new org.jsmpp.bean.RegisteredDelivery(), (byte) 0,
                "changed".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))))
                .isEqualTo(SmppAssertions.ESME_RREPLACEFAIL);

        alice.session.cancelShortMessage("", id, Esme.INTL, Esme.ISDN, src, Esme.INTL, Esme.ISDN, dest);

        assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.DELETED);
        assertThat(upstream.smsc.store().countByState().join().get(MessageState.DELETED))
                .as("cancelled at the upstream").isEqualTo(1L);
        DeliverSm receipt = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
        assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELETED);
    }

    /**
     * An upstream that refuses the cancel_sm (its own ESME is receiving the message now): the ESME is
     * told ESME_RCANCELFAIL, the message goes on, and its DELIVRD receipt still comes back.
     */
    @Test
    void aCancelTheUpstreamRefusesLeavesTheMessageGoingAndItsReceiptComes() throws Exception {
        startHoldingUpstream();
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        CompletableFuture<Void> delivering = new CompletableFuture<>();
        CompletableFuture<PduResponse> answer = new CompletableFuture<>();
        // B's ESME takes the deliver_sm and answers only when the test says: B's attempt holds the message
        try (SmppClient mobile = new SmppClient(SmppClientConfig.of("127.0.0.1", upstream.port(), "mobile",
                TestSmsc.PASSWORD, io.tern.smpp.pdu.BindType.RECEIVER), (session, request) -> {
                    delivering.complete(null);
                    return answer.thenApply(r -> (PduResponse) new DeliverSmResp(request.sequenceNumber(),
                            CommandStatus.ESME_ROK));
                }, SessionListener.NONE)) {
            mobile.connect().get(10, TimeUnit.SECONDS);
            String src = "447700800001";
            String dest = "447700900124";
            String id = submitAndAwaitForward(alice, src, dest, "on its way");
            delivering.get(10, TimeUnit.SECONDS);

            assertThat(SmppAssertions.statusOf(() -> alice.session.cancelShortMessage("", id, Esme.INTL, Esme.ISDN,
                    src, Esme.INTL, Esme.ISDN, dest))).isEqualTo(SmppAssertions.ESME_RCANCELFAIL);
            assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.ENROUTE);

            answer.complete(null);
            DeliverSm receipt = alice.nextReceipt();
            assertThat(Esme.receiptedMessageId(receipt)).isEqualTo(id);
            assertThat(Esme.receipt(receipt).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        }
    }

    /**
     * An upstream that takes 40 submits a second answers the rest ESME_RTHROTTLED: after each pause the
     * connector sends about what it took (its window halved at each pause, regained slowly), not a
     * whole window again that comes back throttled. Every message still arrives.
     */
    @Test
    void aThrottlingUpstreamIsSentAboutWhatItTakesNotAWholeWindowAfterEachPause() throws Exception {
        upstream = TestSmsc.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH, throughput: {rate: 40, burst: 4}}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '*', behaviour: deliver}
                """);
        tern = TestSmsc.start(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['999*']}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret, bind: trx,
                     sessions: 1, window: 64, throttle_pause: 100ms, reconnect: {min: 100ms, max: 1s}}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.port()));
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        int n = 80;
        for (int i = 0; i < n; i++) {
            alice.submit("447700800001", "4477009" + String.format("%05d", i), "paced by b " + i, 1);
        }
        // a throttled message is retried once the pause is over on the scheduler's clock: moved on here
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            tern.clock.advance(Duration.ofMillis(200));
            return tern.smsc.connectorStatus().join().get(0).forwarded() == n;
        });
        for (int i = 0; i < n; i++) {
            assertThat(Esme.receipt(alice.nextReceipt()).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        }
        ConnectorStatus status = tern.smsc.connectorStatus().join().get(0);
        assertThat(status.forwarded()).isEqualTo(n);
        // without the window halved at each pause: 420 throttled answers for these 80 messages
        assertThat(status.throttled()).as("throttled answers for %d messages", n).isLessThan(2L * n);
    }

    @Test
    void everyForwardedMessageIsReceiptedToTheEsmeWithTernsOwnId() throws Exception {
        startBoth("");
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        Set<String> ids = submitAndAwaitDelivered(alice, 50, "through b ");
        for (String id : ids) {
            StoredMessage m = tern.smsc.store().find(id).join().orElseThrow();
            assertThat(m.state()).isEqualTo(MessageState.DELIVERED);
            UpstreamLink link = tern.smsc.store().upstreamLink(id).join().orElseThrow();
            assertThat(link.upstream()).isEqualTo("b");
            // the id the upstream gave is B's own message id, and B delivered it
            assertThat(upstream.smsc.store().find(link.upstreamId()).join().orElseThrow().state())
                    .isEqualTo(MessageState.DELIVERED);
        }
        ConnectorStatus status = tern.smsc.connectorStatus().join().get(0);
        assertThat(status.bound()).isEqualTo(2);
        assertThat(status.forwarded()).isEqualTo(50);
        assertThat(status.receipts()).isEqualTo(50);
    }

    @Test
    void aConnectorWithAnEncodingForwardsTheTextConvertedToIt() throws Exception {
        startBoth(", encoding: ucs2");
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String id = alice.submit("447700800001", "447700900043", "hello", 1);

        assertThat(Esme.receipt(alice.nextReceipt()).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        UpstreamLink link = tern.smsc.store().upstreamLink(id).join().orElseThrow();
        StoredMessage atB = upstream.smsc.store().find(link.upstreamId()).join().orElseThrow();
        assertThat(atB.dataCoding()).isEqualTo(8);
        assertThat(atB.shortMessage()).isEqualTo("hello".getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
        assertThat(tern.smsc.store().find(id).join().orElseThrow().dataCoding()).as("stored as submitted").isZero();
    }

    @Test
    void aLongUcs2MessagePassesPartByPartWithItsUdhAndDataCodingIntact() throws Exception {
        startBoth("");
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        List<byte[]> parts = new ArrayList<>();
        for (int part = 1; part <= 2; part++) {
            byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x02, (byte) part};
            byte[] text = ("Ωmega part " + part).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
            byte[] sm = new byte[udh.length + text.length];
            System.arraycopy(udh, 0, sm, 0, udh.length);
            System.arraycopy(text, 0, sm, udh.length, text.length);
            parts.add(sm);
        }
        List<String> ids = new ArrayList<>();
        for (byte[] sm : parts) {
            ids.add(alice.session.submitShortMessage("", Esme.INTL, Esme.ISDN, "447700800001", Esme.INTL, Esme.ISDN,
                    "447700900042", new org.jsmpp.bean.ESMClass(0x40), (byte) 0, (byte) 0, null, null,
                    new org.jsmpp.bean.RegisteredDelivery((byte) 1), (byte) 0,
                    new org.jsmpp.bean.GeneralDataCoding(org.jsmpp.bean.Alphabet.ALPHA_UCS2), (byte) 0, sm)
                    .getMessageId());
        }
        alice.nextReceipt();
        alice.nextReceipt();

        for (int i = 0; i < 2; i++) {
            String upstreamId = tern.smsc.store().upstreamLink(ids.get(i)).join().orElseThrow().upstreamId();
            StoredMessage atB = upstream.smsc.store().find(upstreamId).join().orElseThrow();
            assertThat(atB.esmClass() & 0x40).as("UDHI").isEqualTo(0x40);
            assertThat(atB.dataCoding()).isEqualTo(0x08);
            assertThat(atB.shortMessage()).isEqualTo(parts.get(i));
        }
    }

    @Test
    void aReceiptFromAnUpstreamWhoseClockRunsAheadIsPassedOnAtOnce() throws Exception {
        startBoth("");
        upstream.clock.advance(Duration.ofHours(3)); // its receipts' done dates lie in Tern's future
        Esme alice = tern.bind("alice", BindType.BIND_TRX);

        String id = alice.submit("447700800001", "447700900077", "clock skew", 1);

        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(id);
    }

    @Test
    void anUpstreamFailureComesBackAsAnUndeliverableReceiptWithTheUpstreamsError() throws Exception {
        startBoth("");
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String id = alice.submit("447700800001", "447700900666", "to a broken phone", 1);

        DeliverSm r = alice.nextReceipt();
        assertThat(Esme.receiptedMessageId(r)).isEqualTo(id);
        assertThat(Esme.receipt(r).getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(Esme.networkError(r)).isEqualTo(11);
        assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.UNDELIVERABLE);
    }

    @Test
    void aMobileOriginatedMessageAtTheUpstreamReachesTheEsmeThatOwnsTheAddress() throws Exception {
        startBoth("");
        Esme alice = tern.bind("alice", BindType.BIND_RX);
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.connectorStatus().join().get(0).bound() == 2);
        Esme mobile = upstream.bind("mobile", BindType.BIND_TX);

        mobile.submit("447700900123", "9990001", "STOP", 0);

        DeliverSm mo = alice.nextMessage();
        assertThat(Esme.text(mo)).isEqualTo("STOP");
        assertThat(mo.getSourceAddr()).isEqualTo("447700900123");
        assertThat(mo.getDestAddress()).isEqualTo("9990001");
    }

    @Test
    void mobileOriginatedDataCodingZeroFromALatin1UpstreamIsKeptAsLatin1() throws Exception {
        startBoth(", data_coding_0: latin1");
        Esme alice = tern.bind("alice", BindType.BIND_RX);
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.connectorStatus().join().get(0).bound() == 2);
        Esme mobile = upstream.bind("mobile", BindType.BIND_TX);

        mobile.submit("447700900123", "9990002", "Grüße", 0); // Latin-1 octets, data_coding 0

        DeliverSm mo = alice.nextMessage();
        assertThat(mo.getDataCoding()).as("labelled Latin-1 for everyone else").isEqualTo((byte) 3);
        assertThat(Esme.text(mo)).isEqualTo("Grüße");
    }

    @Test
    void receiptsMatchFromATernUpstreamThatWritesEveryReceiptIdInDecimal() throws Exception {
        // B's account profile writes the text's id and (following it) receipted_message_id in decimal,
        // while its submit_sm_resp gives the id as issued, in hexadecimal
        upstream = TestSmsc.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH, interop: {receipt_id: decimal}}
                routes:
                  - {destination: '44*', target: sim}
                """);
        tern = TestSmsc.start(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret,
                     submit_id: hex, receipt_id: decimal, receipted_message_id: decimal}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.port()));
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        submitAndAwaitDelivered(alice, 5, "decimal ");
        assertThat(tern.smsc.connectorStatus().join().get(0).unmatchedReceipts()).isZero();
    }

    @Test
    void aConnectorDisabledAtRunTimeUnbindsQuietlyAndStaysListedWithWhatWaitsForIt() throws Exception {
        startBoth("");
        await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.connectorStatus().join().get(0).bound() == 2);
        String config = TestSmsc.yaml(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['999*']}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret, bind: trx,
                     sessions: 2, window: 20, reconnect: {min: 100ms, max: 1s}, enabled: false}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(upstream.port()));
        try (io.tern.smsc.logging.CapturedLog log = io.tern.smsc.logging.CapturedLog.of(
                io.tern.smsc.connector.Connector.class)) {
            tern.smsc.apply(io.tern.smsc.config.ConfigLoader.parse(config, dir));
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.smsc.sessions().isEmpty());
            assertThat(log.problems()).as("a connector taken out of service has lost nothing").isEmpty();
            assertThat(log.messages()).noneMatch(m -> m.contains("rebinding"));
        }
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        alice.submit("447700800001", "447700900001", "waits", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ConnectorStatus status = tern.smsc.connectorStatus().join().get(0);
            assertThat(status.name()).isEqualTo("b");
            assertThat(status.enabled()).isFalse();
            assertThat(status.queued()).isEqualTo(1);
        });
    }

    @Test
    void messagesWaitInTheStoreWhileTheUpstreamIsDownAndFlowWhenItBinds() throws Exception {
        upstream = TestSmsc.start(dir.resolve("b"), """
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
        int port = upstream.port();
        upstream.close();
        upstream = null;
        tern = TestSmsc.start(dir.resolve("a"), """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern-a, password: secret,
                     reconnect: {min: 100ms, max: 500ms}}
                routes:
                  - {destination: '44*', target: 'connector:b'}
                """.formatted(port));
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(alice.submit("447700800001", "44770090000" + i, "queued " + i, 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !tern.smsc.connectorStatus().join().get(0).lastError()
                .isEmpty());
        for (String id : ids) {
            StoredMessage m = tern.smsc.store().find(id).join().orElseThrow();
            assertThat(m.state()).isEqualTo(MessageState.ENROUTE);
            assertThat(m.attempts()).as("not attempted while no connector is bound").isZero();
        }

        upstream = TestSmsc.start(dir.resolve("b2"), """
                listeners: [{host: 127.0.0.1, port: %d}]
                accounts:
                  - {system_id: tern-a, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """.formatted(port));

        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            receipted.add(Esme.receiptedMessageId(alice.nextReceipt()));
        }
        assertThat(receipted).containsExactlyInAnyOrderElementsOf(ids);
    }
}
