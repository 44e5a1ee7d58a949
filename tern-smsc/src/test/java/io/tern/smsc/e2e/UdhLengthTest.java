package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message whose esm_class has UDHI set but whose UDH length octet claims more octets than the
 * message holds is refused at submit with ESME_RINVMSGLEN (defect 9; docs/protocol.md says why this
 * status), sent through Tern's own codec and session to the submission service.
 */
class UdhLengthTest {

    private static final int UDHI = 0x40;
    /** UDHL 5 (a concatenation element follows) but only 3 octets after it. */
    private static final byte[] SHORT_HEADER = {0x05, 0x00, 0x03, 0x01};
    /** UDHL 5, concatenation reference 1, part 1 of 2, then "hi". */
    private static final byte[] WHOLE_HEADER = {0x05, 0x00, 0x03, 0x01, 0x02, 0x01, 'h', 'i'};

    @TempDir
    static Path dir;
    static TestSmsc tern;
    static BoundClient alice;

    @BeforeAll
    static void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                """);
        alice = BoundClient.bind(tern, "alice");
    }

    @AfterAll
    static void stop() {
        alice.close();
        tern.close();
    }

    private static CommandStatus status(PduRequest request) throws Exception {
        return alice.send(request).commandStatus();
    }

    private static SubmitSm submit(int esmClass, byte[] shortMessage) {
        return new SubmitSm(0, "", Address.international("447700900100"), Address.international("447700900001"),
                esmClass, 0, 0, "", "", 0, 0, 0, 0, shortMessage, Tlvs.EMPTY);
    }

    @Test
    void aUdhLengthPastTheEndOfShortMessageIsRefusedWithInvalidMessageLength() throws Exception {
        assertThat(status(submit(UDHI, SHORT_HEADER))).isEqualTo(CommandStatus.ESME_RINVMSGLEN);
    }

    @Test
    void udhiOnAnEmptyMessageIsRefusedWithInvalidMessageLength() throws Exception {
        assertThat(status(submit(UDHI, new byte[0]))).isEqualTo(CommandStatus.ESME_RINVMSGLEN);
    }

    @Test
    void aUdhLengthPastTheEndOfMessagePayloadIsRefusedToo() throws Exception {
        DataSm dataSm = new DataSm(0, "", Address.international("447700900100"),
                Address.international("447700900001"), UDHI, 0, 0,
                Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), SHORT_HEADER)));

        assertThat(status(dataSm)).isEqualTo(CommandStatus.ESME_RINVMSGLEN);
    }

    @Test
    void aWholeHeaderIsAcceptedAndTheSameOctetsWithoutUdhiAreJustText() throws Exception {
        assertThat(status(submit(UDHI, WHOLE_HEADER))).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(status(submit(0, SHORT_HEADER))).isEqualTo(CommandStatus.ESME_ROK);
    }
}
