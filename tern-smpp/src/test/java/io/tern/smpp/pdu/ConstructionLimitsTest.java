package io.tern.smpp.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.tlv.Tlvs;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field limit of SMPP 3.4 §5.2 enforced when a PDU is built in code, as it is on decode,
 * each with its SMPP status: the largest value a field may hold is accepted, one more is refused
 * with the field's code.
 */
class ConstructionLimitsTest {

    private static final Address A = Address.international("447700900123");
    private static final byte[] TEXT = {'h', 'i'};

    private static String chars(int n) {
        return "9".repeat(n);
    }

    private static Address address(int n) {
        return new Address(1, 1, chars(n));
    }

    private static SubmitSm submitSm(String serviceType, Address source, Address dest, int esmClass, int priority,
            String schedule, String validity, int registered, int replace, int dataCoding, int defaultMsgId,
            byte[] sm, Tlvs tlvs) {
        return new SubmitSm(1, serviceType, source, dest, esmClass, 0, priority, schedule, validity, registered,
                replace, dataCoding, defaultMsgId, sm, tlvs);
    }

    private static SubmitSm submitSm() {
        return submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY);
    }

    private static SubmitMulti submitMulti(List<DestAddress> dests, byte[] sm, Tlvs tlvs) {
        return new SubmitMulti(1, "", A, dests, 0, 0, 0, "", "", 0, 0, 0, 0, sm, tlvs);
    }

    /** name, the PDU at the limit (must build), the PDU one past it (must be refused), the status. */
    static Stream<Arguments> limits() {
        String t16 = "261126120000000+";
        return Stream.of(
                limit("bind system_id 15/16", () -> new BindTransmitter(1, chars(15), "", "", 0x34, 0, 0, ""),
                        () -> new BindReceiver(1, chars(16), "", "", 0x34, 0, 0, ""), CommandStatus.ESME_RINVSYSID),
                limit("bind password 8/9", () -> new BindTransceiver(1, "a", chars(8), "", 0x34, 0, 0, ""),
                        () -> new BindTransceiver(1, "a", chars(9), "", 0x34, 0, 0, ""), CommandStatus.ESME_RINVPASWD),
                limit("bind system_type 12/13", () -> new BindTransmitter(1, "a", "", chars(12), 0x34, 0, 0, ""),
                        () -> new BindTransmitter(1, "a", "", chars(13), 0x34, 0, 0, ""), CommandStatus.ESME_RINVSYSTYP),
                limit("bind address_range 40/41", () -> new BindTransmitter(1, "a", "", "", 0x34, 0, 0, chars(40)),
                        () -> new BindTransmitter(1, "a", "", "", 0x34, 0, 0, chars(41)), CommandStatus.ESME_RBINDFAIL),
                limit("outbind system_id 15/16", () -> new Outbind(1, chars(15), ""),
                        () -> new Outbind(1, chars(16), ""), CommandStatus.ESME_RINVSYSID),
                limit("outbind password 8/9", () -> new Outbind(1, "a", chars(8)),
                        () -> new Outbind(1, "a", chars(9)), CommandStatus.ESME_RINVPASWD),
                limit("submit_sm service_type 5/6",
                        () -> submitSm(chars(5), A, A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm(chars(6), A, A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVSERTYP),
                limit("submit_sm source_addr 20/21",
                        () -> submitSm("", address(20), A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", address(21), A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVSRCADR),
                limit("submit_sm destination_addr 20/21",
                        () -> submitSm("", A, address(20), 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, address(21), 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVDSTADR),
                limit("submit_sm esm_class 255/256",
                        () -> submitSm("", A, A, 255, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 256, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVESMCLASS),
                limit("submit_sm priority_flag 255/-1",
                        () -> submitSm("", A, A, 0, 255, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, -1, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVPRTFLG),
                limit("submit_sm schedule_delivery_time 16/15 characters",
                        () -> submitSm("", A, A, 0, 0, t16, "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, t16.substring(1), "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVSCHED),
                limit("submit_sm validity_period 16/17 characters",
                        () -> submitSm("", A, A, 0, 0, "", t16, 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", t16 + "0", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVEXPIRY),
                limit("submit_sm registered_delivery 255/256",
                        () -> submitSm("", A, A, 0, 0, "", "", 255, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", "", 256, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVREGDLVFLG),
                limit("submit_sm replace_if_present_flag 255/256",
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 255, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 256, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVREPFLAG),
                limit("submit_sm data_coding 255/256",
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 255, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 256, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVDCS),
                limit("submit_sm sm_default_msg_id 255/256",
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 255, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 256, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVDFTMSGID),
                limit("submit_sm short_message 254/255 octets",
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 0, new byte[254], Tlvs.EMPTY),
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 0, new byte[255], Tlvs.EMPTY),
                        CommandStatus.ESME_RINVMSGLEN),
                limit("submit_sm message_payload alone / with a short_message",
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 0, new byte[0],
                                Tlvs.builder().messagePayload(TEXT).build()),
                        () -> submitSm("", A, A, 0, 0, "", "", 0, 0, 0, 0, TEXT,
                                Tlvs.builder().messagePayload(TEXT).build()),
                        CommandStatus.ESME_RINVMSGLEN),
                limit("deliver_sm destination_addr 20/21",
                        () -> new DeliverSm(1, "", A, address(20), 4, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> new DeliverSm(1, "", A, address(21), 4, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVDSTADR),
                limit("deliver_sm message_payload with a short_message",
                        () -> new DeliverSm(1, "", A, A, 0, 0, 0, "", "", 0, 0, 0, 0, new byte[0],
                                Tlvs.builder().messagePayload(TEXT).build()),
                        () -> new DeliverSm(1, "", A, A, 0, 0, 0, "", "", 0, 0, 0, 0, TEXT,
                                Tlvs.builder().messagePayload(TEXT).build()),
                        CommandStatus.ESME_RINVMSGLEN),
                limit("submit_multi 254/255 destinations",
                        () -> submitMulti(java.util.Collections.nCopies(254, new DestAddress.Sme(A)), TEXT, Tlvs.EMPTY),
                        () -> submitMulti(java.util.Collections.nCopies(255, new DestAddress.Sme(A)), TEXT, Tlvs.EMPTY),
                        CommandStatus.ESME_RINVNUMDESTS),
                limit("submit_multi 1/0 destinations",
                        () -> submitMulti(List.of(new DestAddress.Sme(A)), TEXT, Tlvs.EMPTY),
                        () -> submitMulti(List.of(), TEXT, Tlvs.EMPTY), CommandStatus.ESME_RINVNUMDESTS),
                limit("submit_multi SME destination_addr 20/21",
                        () -> new DestAddress.Sme(address(20)), () -> new DestAddress.Sme(address(21)),
                        CommandStatus.ESME_RINVDSTADR),
                limit("submit_multi dl_name 20/21",
                        () -> new DestAddress.DistributionList(chars(20)),
                        () -> new DestAddress.DistributionList(chars(21)), CommandStatus.ESME_RINVDLNAME),
                limit("submit_multi message_payload with a short_message",
                        () -> submitMulti(List.of(new DestAddress.Sme(A)), new byte[0],
                                Tlvs.builder().messagePayload(TEXT).build()),
                        () -> submitMulti(List.of(new DestAddress.Sme(A)), TEXT,
                                Tlvs.builder().messagePayload(TEXT).build()),
                        CommandStatus.ESME_RINVMSGLEN),
                limit("submit_multi_resp unsuccess_sme address 20/21",
                        () -> new UnsuccessSme(address(20), CommandStatus.ESME_RINVDSTADR),
                        () -> new UnsuccessSme(address(21), CommandStatus.ESME_RINVDSTADR),
                        CommandStatus.ESME_RINVDSTADR),
                limit("data_sm source_addr 64/65",
                        () -> new DataSm(1, "", address(64), A, 0, 0, 0, Tlvs.EMPTY),
                        () -> new DataSm(1, "", address(65), A, 0, 0, 0, Tlvs.EMPTY), CommandStatus.ESME_RINVSRCADR),
                limit("data_sm destination_addr 64/65",
                        () -> new DataSm(1, "", A, address(64), 0, 0, 0, Tlvs.EMPTY),
                        () -> new DataSm(1, "", A, address(65), 0, 0, 0, Tlvs.EMPTY), CommandStatus.ESME_RINVDSTADR),
                limit("data_sm esm_class 255/256",
                        () -> new DataSm(1, "", A, A, 255, 0, 0, Tlvs.EMPTY),
                        () -> new DataSm(1, "", A, A, 256, 0, 0, Tlvs.EMPTY), CommandStatus.ESME_RINVESMCLASS),
                limit("query_sm message_id 64/65", () -> new QuerySm(1, chars(64), A),
                        () -> new QuerySm(1, chars(65), A), CommandStatus.ESME_RINVMSGID),
                limit("cancel_sm message_id 64/65", () -> new CancelSm(1, "", chars(64), A, A),
                        () -> new CancelSm(1, "", chars(65), A, A), CommandStatus.ESME_RINVMSGID),
                limit("cancel_sm service_type 5/6", () -> new CancelSm(1, chars(5), "1", A, A),
                        () -> new CancelSm(1, chars(6), "1", A, A), CommandStatus.ESME_RINVSERTYP),
                limit("replace_sm short_message 254/255 octets",
                        () -> new ReplaceSm(1, "1", A, "", "", 0, 0, new byte[254]),
                        () -> new ReplaceSm(1, "1", A, "", "", 0, 0, new byte[255]), CommandStatus.ESME_RINVMSGLEN),
                limit("replace_sm sm_default_msg_id 255/256",
                        () -> new ReplaceSm(1, "1", A, "", "", 0, 255, TEXT),
                        () -> new ReplaceSm(1, "1", A, "", "", 0, 256, TEXT), CommandStatus.ESME_RINVDFTMSGID),
                limit("alert_notification esme_addr 64/65",
                        () -> new AlertNotification(1, A, address(64), Tlvs.EMPTY),
                        () -> new AlertNotification(1, A, address(65), Tlvs.EMPTY), CommandStatus.ESME_RINVDSTADR),
                limit("submit_sm_resp message_id 64/65",
                        () -> new SubmitSmResp(1, CommandStatus.ESME_ROK, chars(64)),
                        () -> new SubmitSmResp(1, CommandStatus.ESME_ROK, chars(65)), CommandStatus.ESME_RINVMSGID),
                limit("query_sm_resp final_date 16/1 characters",
                        () -> new QuerySmResp(1, CommandStatus.ESME_ROK, "1", t16, 2, 0),
                        () -> new QuerySmResp(1, CommandStatus.ESME_ROK, "1", "2", 2, 0), CommandStatus.ESME_RQUERYFAIL),
                limit("submit_sm source_addr with a NUL",
                        () -> submitSm("", new Address(1, 1, "4477"), A, 0, 0, "", "", 0, 0, 0, 0, TEXT, Tlvs.EMPTY),
                        () -> submitSm("", new Address(1, 1, "44\u000077"), A, 0, 0, "", "", 0, 0, 0, 0, TEXT,
                                Tlvs.EMPTY),
                        CommandStatus.ESME_RINVSRCADR),
                limit("bind system_id with a character that is not an octet",
                        () -> new BindTransmitter(1, "caf\u00e9", "", "", 0x34, 0, 0, ""),
                        () -> new BindTransmitter(1, "caf\u20ac", "", "", 0x34, 0, 0, ""), CommandStatus.ESME_RINVSYSID));
    }

    private static Arguments limit(String name, Supplier<Object> atLimit, Supplier<Object> past, CommandStatus status) {
        return Arguments.of(name, atLimit, past, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void fieldAtItsLimitIsAcceptedAndOnePastItIsRefusedWithItsStatus(String name, Supplier<Object> atLimit,
            Supplier<Object> past, CommandStatus status) {
        assertThatCode(atLimit::get).as(name + ": at the limit").doesNotThrowAnyException();
        assertThatThrownBy(past::get).as(name + ": past the limit")
                .isInstanceOfSatisfying(PduValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void addressTonAndNpiOutOfAnOctetAreRefused() {
        assertThatThrownBy(() -> new Address(256, 1, "1")).isInstanceOfSatisfying(PduValidationException.class,
                e -> assertThat(e.getMessage()).contains("addr_ton"));
        assertThatThrownBy(() -> new Address(1, -1, "1")).isInstanceOfSatisfying(PduValidationException.class,
                e -> assertThat(e.getMessage()).contains("addr_npi"));
    }

    @Test
    void toStringNeverShowsAPassword() {
        String secret = "s3cr3t!";
        assertThat(new BindTransmitter(1, "esme", secret, "", 0x34, 0, 0, "").toString()).doesNotContain(secret)
                .contains("esme");
        assertThat(new BindReceiver(1, "esme", secret, "", 0x34, 0, 0, "").toString()).doesNotContain(secret);
        assertThat(new BindTransceiver(1, "esme", secret, "", 0x34, 0, 0, "").toString()).doesNotContain(secret);
        assertThat(new Outbind(1, "smsc", secret).toString()).doesNotContain(secret).contains("smsc");
    }

    @Test
    void theBaselineBuilds() {
        assertThat(submitSm().commandId()).isEqualTo(CommandId.SUBMIT_SM);
    }
}
