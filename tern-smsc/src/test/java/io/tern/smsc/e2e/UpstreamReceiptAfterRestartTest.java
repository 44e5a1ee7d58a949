package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts that the upstream sends after Tern restarted, over the new binds, for messages
 * forwarded before the restart: matched through the store (the in-memory index of forwards is
 * gone), each message DELIVERED and its receipt sent to the ESME once it binds again.
 */
class UpstreamReceiptAfterRestartTest {

    @TempDir
    Path dir;
    private SmppServer upstream;
    private TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void receiptsForMessagesForwardedBeforeARestartFinishThem() throws Exception {
        AtomicInteger nextId = new AtomicInteger(0x3B00);
        List<SubmitSm> accepted = new CopyOnWriteArrayList<>();
        List<String> upstreamIds = new CopyOnWriteArrayList<>();
        List<SmppSession> bound = new CopyOnWriteArrayList<>();
        upstream = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.accept((session, request) -> {
                    if (!(request instanceof SubmitSm sm)) {
                        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
                    }
                    String id = Integer.toHexString(nextId.getAndIncrement()).toUpperCase();
                    accepted.add(sm);
                    upstreamIds.add(id);
                    return CompletableFuture.completedFuture((PduResponse) new SubmitSmResp(
                            sm.sequenceNumber(), CommandStatus.ESME_ROK, id));
                }, new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        bound.add(session);
                    }
                })), SessionListener.NONE);
        int port = upstream.start().join().get(0);
        String config = """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: up, host: 127.0.0.1, port: %d, system_id: tern, password: secret, submit_id: hex}
                routes:
                  - {destination: '44*', target: 'connector:up'}
                """.formatted(port);
        tern = TestSmsc.start(dir, config);
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(alice.submit("447700800001", "4477009000" + String.format("%02d", i), "before " + i, 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream()
                .allMatch(id -> tern.stored(id).attempts() == 1 && tern.stored(id).state() == MessageState.ENROUTE));
        tern.close();

        tern = TestSmsc.start(dir, config);
        await().atMost(Duration.ofSeconds(10)).until(() -> bound.size() == 2 && bound.get(1).state().isBound());
        SmppSession again = bound.get(1);
        for (int i = 0; i < accepted.size(); i++) {
            SubmitSm sm = accepted.get(i);
            PduResponse r = again.send(new DataSm(0, "", sm.destinationAddr(), sm.sourceAddr(), 0x04, 0, 0,
                    Tlvs.builder().receiptedMessageId(upstreamIds.get(i))
                            .messageState(MessageState.DELIVERED.value()).build())).join();
            assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        }
        Esme back = tern.bind("alice", BindType.BIND_TRX);
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            receipted.add(Esme.receiptedMessageId(back.nextReceipt()));
        }
        assertThat(receipted).isEqualTo(new HashSet<>(ids));
        assertThat(accepted).as("forwarded once each, not again after the restart").hasSize(10);
        for (String id : ids) {
            assertThat(tern.stored(id).state()).isEqualTo(MessageState.DELIVERED);
        }
    }
}
