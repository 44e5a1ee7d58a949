package io.tern.smsc.e2e;

import static io.tern.smsc.e2e.SmppAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.RegisteredDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit_sm fields checked on the wire, each refused with its own status (SMPP 3.4 §5.1.3). */
class FieldValidationTest {

    @TempDir
    static Path dir;
    static TestSmsc tern;
    static Esme alice;

    @BeforeAll
    static void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH, source_addresses: ['1234*']}
                routes:
                  - {destination: '44*', target: sim}
                  - {destination: '999*', target: 'reject:ESME_RX_R_APPN'}
                """);
        alice = tern.bind("alice", BindType.BIND_TRX);
    }

    @AfterAll
    static void stop() {
        tern.close();
    }

    @Test
    void malformedScheduleDeliveryTimeIsRefusedWithInvalidSchedule() {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, "2601XX000000000+", null, (byte) 0)))
                .isEqualTo(SmppAssertions.ESME_RINVSCHED);
    }

    @Test
    void malformedValidityPeriodIsRefusedWithInvalidExpiry() {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, null, "00000000000000XR", (byte) 0)))
                .isEqualTo(SmppAssertions.ESME_RINVEXPIRY);
    }

    @Test
    void scheduleAfterTheEndOfValidityIsRefused() {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, "000000020000000R", "000000010000000R",
                (byte) 0))).isEqualTo(SmppAssertions.ESME_RINVSCHED);
    }

    @Test
    void bothShortMessageAndMessagePayloadIsRefused() {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "text", 0,
                new org.jsmpp.bean.OptionalParameter.OctetString(
                        org.jsmpp.bean.OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "payload"))))
                .isEqualTo(SmppAssertions.ESME_RINVMSGLEN);
    }

    @Test
    void sourceAddressTheAccountMayNotUseIsRefused() {
        assertThat(statusOf(() -> alice.submit("99999", "447700900001", "x", 0)))
                .isEqualTo(SmppAssertions.ESME_RINVSRCADR);
    }

    @Test
    void destinationWithoutARouteIsRefused() {
        assertThat(statusOf(() -> alice.submit("12345", "33123456789", "x", 0)))
                .isEqualTo(SmppAssertions.ESME_RINVDSTADR);
    }

    @Test
    void rejectingRouteAnswersWithItsStatus() {
        assertThat(statusOf(() -> alice.submit("12345", "999123", "x", 0)))
                .isEqualTo(SmppAssertions.ESME_RX_R_APPN);
    }

    @Test
    void priorityFlagAboveThreeIsRefused() {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, null, null, (byte) 5)))
                .isEqualTo(SmppAssertions.ESME_RINVPRTFLG);
    }

    /** Tern keeps no predefined messages (SMPP 3.4 §5.2.22), so none can be named. */
    @Test
    void aPredefinedMessageIsRefusedWithInvalidDefaultMessageId() throws Exception {
        assertThat(statusOf(() -> alice.session.submitShortMessage("", Esme.INTL, Esme.ISDN, "12345", Esme.INTL,
                Esme.ISDN, "447700900001", new ESMClass(), (byte) 0, (byte) 0, null, null, new RegisteredDelivery(),
                (byte) 0, DataCodings.ZERO, (byte) 3, new byte[0])))
                .isEqualTo(SmppAssertions.ESME_RINVDFTMSGID);
        String id = alice.submit("12345", "447700900001", "x", 0);
        assertThat(statusOf(() -> alice.session.replaceShortMessage(id, Esme.INTL, Esme.ISDN, "12345", null, null,
                new RegisteredDelivery(), (byte) 3, new byte[0])))
                .as("replace_sm").isEqualTo(SmppAssertions.ESME_RINVDFTMSGID);
    }

    /**
     * The sar_* TLVs (SMPP 3.4 §5.3.2.22-24) place a part in a concatenated message: all three or
     * none, a total of at least 1 and a part number within it; a consistent set is accepted.
     */
    @Test
    void segmentationTlvsThatCannotPlaceThePartAreRefused() throws Exception {
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, sar(7, 3, 0))))
                .as("part 0").isEqualTo(SmppAssertions.ESME_RINVOPTPARAMVAL);
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, sar(7, 3, 4))))
                .as("part 4 of 3").isEqualTo(SmppAssertions.ESME_RINVOPTPARAMVAL);
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0, sar(7, 0, 0))))
                .as("a total of 0").isEqualTo(SmppAssertions.ESME_RINVOPTPARAMVAL);
        assertThat(statusOf(() -> alice.submit("12345", "447700900001", "x", 0,
                new org.jsmpp.bean.OptionalParameter.Sar_total_segments((byte) 2),
                new org.jsmpp.bean.OptionalParameter.Sar_segment_seqnum((byte) 1))))
                .as("no reference").isEqualTo(SmppAssertions.ESME_RMISSINGOPTPARAM);
        assertThat(alice.submit("12345", "447700900001", "x", 0, sar(7, 3, 3))).as("part 3 of 3").isNotEmpty();
    }

    /** The same rule on data_sm, whose content is in message_payload. */
    @Test
    void dataSmSegmentationTlvsThatCannotPlaceThePartAreRefused() throws Exception {
        for (int[] bad : new int[][] {{3, 0}, {3, 4}, {0, 0}}) {
            org.jsmpp.bean.OptionalParameter[] tlvs = java.util.Arrays.copyOf(sar(9, bad[0], bad[1]), 4);
            tlvs[3] = new org.jsmpp.bean.OptionalParameter.OctetString(
                    org.jsmpp.bean.OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), "part");
            assertThat(statusOf(() -> alice.session.dataShortMessage("", Esme.INTL, Esme.ISDN, "12345", Esme.INTL,
                    Esme.ISDN, "447700900001", new ESMClass(), new RegisteredDelivery(0), DataCodings.ZERO, tlvs)))
                    .as("part " + bad[1] + " of " + bad[0]).isEqualTo(SmppAssertions.ESME_RINVOPTPARAMVAL);
        }
    }

    private static org.jsmpp.bean.OptionalParameter[] sar(int ref, int total, int seq) {
        return new org.jsmpp.bean.OptionalParameter[] {
            new org.jsmpp.bean.OptionalParameter.Sar_msg_ref_num((short) ref),
            new org.jsmpp.bean.OptionalParameter.Sar_total_segments((byte) total),
            new org.jsmpp.bean.OptionalParameter.Sar_segment_seqnum((byte) seq)};
    }

    @Test
    void sessionSurvivesEveryRefusal() throws Exception {
        statusOf(() -> alice.submit("99999", "447700900001", "x", 0));

        assertThat(alice.submit("12345", "447700900001", "still bound", 0)).isNotEmpty();
    }
}
