package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.Esme.INTL;
import static io.tern.smsc.e2e.Esme.ISDN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jsmpp.bean.Address;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitMultiResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SMPP 3.3 ESME (interface_version 0x33) is given message_ids of at most 8 characters, the
 * limit of SMPP 3.3, and those ids work everywhere an id comes back: query_sm, cancel_sm,
 * replace_sm and the receipt. A 3.4 ESME of the same account keeps the 16-digit ids.
 */
class Smpp33MessageIdTest {

    static final String SRC = "447700900100";
    static final String TO_BOB = "5551234";
    static final String TO_HANDSET = "447700900001";

    @TempDir
    Path dir;
    TestSmsc tern;
    Esme old;

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                  - {system_id: bob, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '44*', target: sim}
                """);
        old = Esme.bind(tern.port(), "alice", TestSmsc.PASSWORD, BindType.BIND_TRX, 3, InterfaceVersion.IF_33);
    }

    @AfterEach
    void stop() {
        old.close();
        tern.close();
    }

    @Test
    void aSmpp33EsmeGetsDistinctIdsOfEightHexDigits() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(old.submit(SRC, TO_BOB, "m" + i, 0));
        }
        assertThat(ids).hasSize(200).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{8}"));
        for (String id : ids) {
            assertThat(tern.smsc.store().find(id).join()).as("stored under " + id).isPresent();
        }
    }

    @Test
    void aSmpp34EsmeOfTheSameAccountKeepsSixteenDigitIds() throws Exception {
        Esme modern = tern.bind("alice", BindType.BIND_TRX);
        assertThat(modern.submit(SRC, TO_BOB, "new", 0)).matches("[0-9a-f]{16}");
        assertThat(old.submit(SRC, TO_BOB, "old", 0)).matches("[0-9a-f]{8}");
    }

    @Test
    void queryCancelAndReplaceTakeTheShortId() throws Exception {
        String replaced = old.submit(SRC, TO_BOB, "old text", 0);
        String cancelled = old.submit(SRC, TO_BOB, "never mind", 0);

        assertThat(old.session.queryShortMessage(replaced, INTL, ISDN, SRC).getMessageState().value())
                .isEqualTo((byte) 1);
        old.session.replaceShortMessage(replaced, INTL, ISDN, SRC, null, null, new RegisteredDelivery(0), (byte) 0,
                "new text".getBytes(StandardCharsets.ISO_8859_1));
        old.session.cancelShortMessage("", cancelled, INTL, ISDN, SRC, INTL, ISDN, TO_BOB);

        assertThat(old.session.queryShortMessage(cancelled, INTL, ISDN, SRC).getMessageState().value())
                .isEqualTo((byte) 4);
        Esme bob = tern.bind("bob", BindType.BIND_RX);
        assertThat(Esme.text(bob.nextMessage())).isEqualTo("new text");
        assertThat(bob.messages).isEmpty();
    }

    @Test
    void theReceiptCarriesTheShortIdTheEsmeWasGiven() throws Exception {
        String id = old.submit(SRC, TO_HANDSET, "hello", 1);

        assertThat(Esme.receipt(old.nextReceipt()).getId()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> tern.smsc.store().find(id).join().orElseThrow().state() == MessageState.DELIVERED);
    }

    @Test
    void submitMultiAnswersOneShortIdAndItsReceiptsCarryIt() throws Exception {
        SubmitMultiResp resp = old.session.submitMulti(SRC, new DestinationAddress[] {
                new Address(INTL, ISDN, "447700900001"), new Address(INTL, ISDN, "447700900002")},
                "to both", new RegisteredDelivery(1));

        assertThat(resp.getMessageId()).matches("[0-9a-f]{8}");
        assertThat(Esme.receipt(old.nextReceipt()).getId()).isEqualTo(resp.getMessageId());
        assertThat(Esme.receipt(old.nextReceipt()).getId()).isEqualTo(resp.getMessageId());
    }
}
