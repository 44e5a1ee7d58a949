package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.tern.smpp.tlv.Tlvs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that sends every receipt twice before its submit_sm_resp, and once more with the
 * next message's receipt (as one does whose deliver_sm_resp it lost): the ESME gets one receipt
 * per message, and no copy is left kept for a message to come.
 */
class DuplicateUpstreamReceiptTest {

    @TempDir
    Path dir;
    private SmppServer upstream;
    private TestSmsc tern;
    private final AtomicInteger nextId = new AtomicInteger(0x2A00);

    @BeforeEach
    void start() {
        AtomicReference<DataSm> previous = new AtomicReference<>();
        upstream = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.accept((session, request) -> {
                    if (!(request instanceof SubmitSm sm)) {
                        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
                    }
                    String id = Integer.toHexString(nextId.getAndIncrement()).toUpperCase();
                    DataSm receipt = new DataSm(0, "", sm.destinationAddr(), sm.sourceAddr(), 0x04, 0, 0,
                            Tlvs.builder().receiptedMessageId(id).messageState(MessageState.DELIVERED.value()).build());
                    session.send(receipt);
                    session.send(receipt);
                    DataSm before = previous.getAndSet(receipt);
                    if (before != null) {
                        session.send(before);
                    }
                    return CompletableFuture.completedFuture((PduResponse) new SubmitSmResp(
                            sm.sequenceNumber(), CommandStatus.ESME_ROK, id));
                })), SessionListener.NONE);
        int port = upstream.start().join().get(0);
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
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
    void everyMessageGetsOneReceiptAndNoCopyIsKeptForLater() throws Exception {
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(alice.submit("447700800001", "4477009000" + String.format("%02d", i), "twice " + i, 1));
        }
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            receipted.add(Esme.receiptedMessageId(alice.nextReceipt()));
        }
        assertThat(receipted).isEqualTo(new HashSet<>(ids));
        for (String id : ids) {
            assertThat(tern.stored(id).state()).isEqualTo(MessageState.DELIVERED);
        }
        // every copy has been answered: the 20th message's last copy went with no 21st, so send one
        String last = alice.submit("447700800001", "447700900099", "last", 1);
        assertThat(Esme.receiptedMessageId(alice.nextReceipt())).as("the next receipt, not a copy").isEqualTo(last);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> tern.smsc.connectorStatus().join().get(0).receipts() == 21 * 2 + 20);
        assertThat(tern.smsc.store().purgeUnmatchedReceipts(tern.clock.instant().plus(Duration.ofDays(1))).join())
                .as("copies kept to match a message to come").isZero();
        assertThat(alice.receipts).as("receipts beyond one per message").isEmpty();
    }
}
