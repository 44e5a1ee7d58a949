package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that speaks data_sm (SMPP 3.4 §4.7): its receipts come as data_sm with
 * receipted_message_id and message_state and no text, sent before its submit_sm_resp is even
 * written, and its mobile-originated messages as data_sm with message_payload. Tern's own SMPP
 * server plays the upstream, so the test decides exactly what it sends.
 */
class DataSmUpstreamTest {

    @TempDir
    Path dir;
    private SmppServer upstream;
    private TestSmsc tern;
    private final List<SmppSession> connectorSessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(0x1F00);

    @BeforeEach
    void start() {
        upstream = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.accept((session, request) -> {
                    if (!(request instanceof SubmitSm sm)) {
                        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
                    }
                    String id = Integer.toHexString(nextId.getAndIncrement()).toUpperCase();
                    // the receipt goes out before the response to the submit_sm it reports on
                    session.send(new DataSm(0, "", sm.destinationAddr(), sm.sourceAddr(), 0x04, 0, 0,
                            Tlvs.builder().receiptedMessageId(id).messageState(MessageState.DELIVERED.value()).build()));
                    return CompletableFuture.completedFuture((PduResponse) new SubmitSmResp(
                            sm.sequenceNumber(), CommandStatus.ESME_ROK, id));
                }, new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        connectorSessions.add(session);
                    }
                })), SessionListener.NONE);
        int port = upstream.start().join().get(0);
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['999*']}
                connectors:
                  - {name: up, host: 127.0.0.1, port: %d, system_id: tern, password: secret, submit_id: hex}
                routes:
                  - {destination: '44*', target: 'connector:up'}
                """.formatted(port));
    }

    @AfterEach
    void stop() {
        tern.close();
        upstream.close();
    }

    @Test
    void dataSmReceiptsThatOvertakeTheirSubmitResponsesStillReachTheEsmeWithTernsIds() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(alice.submit("447700800001", "4477009000" + String.format("%02d", i), "via data_sm " + i, 1));
        }

        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            DeliverSm r = alice.nextReceipt();
            assertThat(Esme.messageState(r)).isEqualTo(2);
            assertThat(Esme.receipt(r).getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            receipted.add(Esme.receiptedMessageId(r));
        }
        assertThat(receipted).isEqualTo(ids);
        for (String id : ids) {
            assertThat(tern.smsc.store().find(id).join().orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        }
    }

    @Test
    void aMobileOriginatedDataSmIsStoredAndDeliveredToTheEsmeThatOwnsTheAddress() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_RX);
        await().atMost(Duration.ofSeconds(10)).until(() -> !connectorSessions.isEmpty());

        PduResponse resp = connectorSessions.get(0).send(new DataSm(0, "", new Address(1, 1, "447700900555"),
                new Address(1, 1, "9990042"), 0, 0, 0,
                Tlvs.builder().messagePayload("YES please".getBytes(StandardCharsets.ISO_8859_1)).build())).join();

        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        DeliverSm mo = alice.nextMessage();
        assertThat(Esme.text(mo)).isEqualTo("YES please");
        assertThat(mo.getSourceAddr()).isEqualTo("447700900555");
        assertThat(mo.getDestAddress()).isEqualTo("9990042");
    }
}
