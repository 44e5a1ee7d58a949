package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reserved type of number or numbering plan (SMPP 3.4 §5.2.5, §5.2.6) is refused at submit with
 * its own status (ESME_RINVSRCTON, ESME_RINVSRCNPI, ESME_RINVDSTTON, ESME_RINVDSTNPI) rather than
 * stored and forwarded, sent through Tern's own client, which lets any octet through.
 */
class AddressTonNpiTest {

    private static final Address SOURCE = Address.international("447700900100");
    private static final Address DEST = Address.international("447700900001");

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

    private static PduResponse send(PduRequest request) throws Exception {
        return alice.send(request);
    }

    private static CommandStatus submit(Address source, Address dest) throws Exception {
        return send(new SubmitSm(0, "", source, dest, 0, 0, 0, "", "", 0, 0, 0, 0,
                "hi".getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY)).commandStatus();
    }

    @Test
    void aReservedSourceTonIsRefusedWithInvalidSourceTon() throws Exception {
        assertThat(submit(new Address(7, 1, "447700900100"), DEST)).isEqualTo(CommandStatus.ESME_RINVSRCTON);
    }

    @Test
    void aReservedSourceNpiIsRefusedWithInvalidSourceNpi() throws Exception {
        assertThat(submit(new Address(1, 2, "447700900100"), DEST)).isEqualTo(CommandStatus.ESME_RINVSRCNPI);
    }

    @Test
    void aReservedDestinationTonIsRefusedWithInvalidDestinationTon() throws Exception {
        assertThat(submit(SOURCE, new Address(200, 1, "447700900001"))).isEqualTo(CommandStatus.ESME_RINVDSTTON);
    }

    @Test
    void aReservedDestinationNpiIsRefusedWithInvalidDestinationNpi() throws Exception {
        assertThat(submit(SOURCE, new Address(1, 99, "447700900001"))).isEqualTo(CommandStatus.ESME_RINVDSTNPI);
    }

    @Test
    void everyDefinedTonAndNpiIsAccepted() throws Exception {
        for (int ton = 0; ton <= 6; ton++) {
            assertThat(submit(new Address(ton, 0, "447700900100"), new Address(ton, 1, "447700900001")))
                    .as("TON %d", ton).isEqualTo(CommandStatus.ESME_ROK);
        }
        for (int npi : new int[] {0, 1, 3, 4, 6, 8, 9, 10, 14, 18}) {
            assertThat(submit(new Address(1, npi, "447700900100"), new Address(1, npi, "447700900001")))
                    .as("NPI %d", npi).isEqualTo(CommandStatus.ESME_ROK);
        }
    }

    @Test
    void dataSmWithAReservedDestinationTonIsRefused() throws Exception {
        DataSm dataSm = new DataSm(0, "", SOURCE, new Address(9, 1, "447700900001"), 0, 0, 0,
                Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), "hi".getBytes(StandardCharsets.ISO_8859_1))));

        assertThat(send(dataSm).commandStatus()).isEqualTo(CommandStatus.ESME_RINVDSTTON);
    }

    @Test
    void submitMultiListsADestinationWithAReservedTonInUnsuccessSmeAndTakesTheOthers() throws Exception {
        Address reserved = new Address(7, 1, "447700900002");
        SubmitMulti multi = new SubmitMulti(0, "", SOURCE,
                List.of(new DestAddress.Sme(DEST), new DestAddress.Sme(reserved)), 0, 0, 0, "", "", 0, 0, 0, 0,
                "hi".getBytes(StandardCharsets.ISO_8859_1), Tlvs.EMPTY);

        SubmitMultiResp resp = (SubmitMultiResp) send(multi);

        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(resp.messageId()).isNotEmpty();
        assertThat(resp.unsuccessSmes()).containsExactly(new UnsuccessSme(reserved, CommandStatus.ESME_RINVDSTTON));
    }
}
