package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registered_delivery bit 4 (SMPP 3.4 §5.2.17): an intermediate notification after a failed attempt. */
class IntermediateNotificationTest {

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
                  - {numbers: '4476*', behaviour: fail, error: 34, permanent: false}
                  - {numbers: '4477*', behaviour: deliver}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterEach
    void stop() {
        tern.close();
    }

    @Test
    void firstTemporaryFailureSendsOneIntermediateNotification() throws Exception {
        String id = alice.submit(SRC, "447600900001", "try again later", 0x11);

        DeliverSm note = alice.nextMessage();
        assertThat(note.getEsmClass() & 0x3C).isEqualTo(0x20);
        String text = new String(note.getShortMessage(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("id:" + id).contains("stat:ENROUTE").contains("err:034");
        assertThat(Esme.receiptedMessageId(note)).isEqualTo(id);
        assertThat(Esme.messageState(note)).isEqualTo(1);
    }

    @Test
    void noIntermediateNotificationWithoutBitFour() throws Exception {
        alice.submit(SRC, "447600900001", "try again later", 0x01);
        alice.submit(SRC, "447700900001", "fine", 0x11);

        // the delivered message's final receipt arrives; no notification for either message
        alice.nextReceipt();
        assertThat(alice.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
