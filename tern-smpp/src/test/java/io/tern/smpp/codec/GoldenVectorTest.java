package io.tern.smpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The golden vectors of {@code src/test/resources/vectors}: each decodes as its header line says. */
class GoldenVectorTest {

    static List<HexVector> vectors() {
        return HexVector.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorDecodesAsItsExpectationSays(HexVector v) {
        Object decoded = Decoding.decode(v.bytes());
        if (v.expect().pdu()) {
            assertThat(decoded).as("decode of %s", v.name()).isInstanceOf(Pdu.class);
            assertThat(Decoding.encode((Pdu) decoded)).as("re-encoding of %s", v.name()).isEqualTo(v.bytes());
        } else {
            assertThat(decoded).as("decode of %s", v.name()).isInstanceOf(Decoding.Failure.class);
            Decoding.Failure f = (Decoding.Failure) decoded;
            assertThat(f.status()).isEqualTo(v.expect().status());
            assertThat(f.sequenceNumber()).isEqualTo(v.expect().sequenceNumber());
            assertThat(f.framingLost()).isEqualTo(v.expect().framingLost());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void frameDecoderEmitsTheSameAsTheWholeFrameDecode(HexVector v) {
        EmbeddedChannel ch = new EmbeddedChannel(new SmppDecoder(HexVector.MAX_PDU_LENGTH));
        ch.writeInbound(Unpooled.wrappedBuffer(v.bytes()));
        Object emitted = Decoding.normalise(ch.readInbound());
        assertThat(emitted).isEqualTo(Decoding.decode(v.bytes()));
        assertThat(ch.inboundMessages()).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void errorVectorIsAnsweredWithTheExpectedResponse(HexVector v) throws Exception {
        if (v.expect().pdu()) {
            return;
        }
        PduDecodeException e = decodeFailure(v.bytes());
        PduResponse answer = e.answer();
        if ("none".equals(v.expect().answer())) {
            assertThat(answer).isNull();
            return;
        }
        assertThat(answer).isNotNull();
        assertThat(answer.commandId().name().toLowerCase(Locale.ROOT)).isEqualTo(v.expect().answer());
        assertThat(answer.commandStatus()).isEqualTo(v.expect().status());
        assertThat(answer.sequenceNumber()).isEqualTo(Math.max(0, v.expect().sequenceNumber()));
    }

    @Test
    void everyCommandHasAtLeastOneGoodVector() {
        Set<CommandId> covered = HexVector.pdus().stream()
                .map(v -> ((Pdu) Decoding.decode(v.bytes())).commandId())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(CommandId.class)));
        assertThat(covered).containsExactlyInAnyOrder(CommandId.values());
    }

    @Test
    void everyFieldErrorClassHasAVector() {
        Set<CommandStatus> statuses = HexVector.all().stream().filter(v -> !v.expect().pdu())
                .map(v -> v.expect().status()).collect(Collectors.toSet());
        assertThat(statuses).contains(CommandStatus.ESME_RINVCMDLEN, CommandStatus.ESME_RINVCMDID,
                CommandStatus.ESME_RINVSYSID, CommandStatus.ESME_RINVPASWD, CommandStatus.ESME_RINVSERTYP,
                CommandStatus.ESME_RINVSRCADR, CommandStatus.ESME_RINVDSTADR, CommandStatus.ESME_RINVSCHED,
                CommandStatus.ESME_RINVEXPIRY, CommandStatus.ESME_RINVMSGID, CommandStatus.ESME_RINVMSGLEN,
                CommandStatus.ESME_RINVOPTPARSTREAM, CommandStatus.ESME_RINVPARLEN, CommandStatus.ESME_RINVNUMDESTS,
                CommandStatus.ESME_RINVDESTFLAG);
    }

    // ---- field mapping, checked against records built by hand

    @Test
    void submitSmExampleMapsEveryField() {
        SubmitSm expected = new SubmitSm(5, "", Address.of(2, 8, "555"), Address.of(1, 1, "555555555"), 0, 0, 0,
                "", "", 0, 0, 0, 0, "Hello wikipedia".getBytes(StandardCharsets.US_ASCII), Tlvs.EMPTY);
        assertThat(Decoding.decode(HexVector.named("submit_sm").bytes())).isEqualTo(expected);
        assertThat(Decoding.encode(expected)).isEqualTo(HexVector.named("submit_sm").bytes());
    }

    @Test
    void specificationSampleBindTransmitterMapsEveryField() {
        BindTransmitter expected = new BindTransmitter(1, "SMPP3TEST", "secret08", "SUBMIT1", 0x00, 1, 1, "");
        assertThat(Decoding.decode(HexVector.named("bind_transmitter_spec_example").bytes())).isEqualTo(expected);
        assertThat(Decoding.encode(expected)).isEqualTo(HexVector.named("bind_transmitter_spec_example").bytes());
    }

    @Test
    void submitSmWithValidityMapsServiceTypeValidityAndReceiptRequest() {
        SubmitSm expected = new SubmitSm(0x5c4a3, "OMV4", Address.of(3, 1, "80362"), Address.of(1, 1, "812345001000"),
                0, 0, 0, "", "180105120000004+", 1, 0, 0, 0,
                "Reply Yes to opt in or No to opt out.".getBytes(StandardCharsets.US_ASCII), Tlvs.EMPTY);
        assertThat(Decoding.decode(HexVector.named("submit_sm_validity").bytes())).isEqualTo(expected);
    }

    @Test
    void deliveryReceiptMapsEsmClassAndReceiptTlvs() {
        Object decoded = Decoding.decode(HexVector.named("deliver_sm_receipt").bytes());
        assertThat(decoded).isInstanceOf(DeliverSm.class);
        DeliverSm receipt = (DeliverSm) decoded;
        assertThat(receipt.esmClass()).isEqualTo(0x04);
        assertThat(receipt.sourceAddr()).isEqualTo(Address.international("447700900002"));
        assertThat(receipt.destinationAddr()).isEqualTo(Address.international("447700900001"));
        assertThat(new String(receipt.shortMessage(), StandardCharsets.US_ASCII))
                .startsWith("id:msg-1001 sub:001 dlvrd:001").contains("stat:DELIVRD");
        assertThat(receipt.tlvs().receiptedMessageId()).contains("msg-1001");
        assertThat(receipt.tlvs().messageState()).hasValue(MessageState.DELIVERED.value());
        assertThat(receipt.tlvs().get(TlvTag.NETWORK_ERROR_CODE)).map(Tlv::value)
                .hasValueSatisfying(v -> assertThat(v).containsExactly(3, 0, 0));
        DeliverSm expected = new DeliverSm(12, "", Address.international("447700900002"),
                Address.international("447700900001"), 0x04, 0, 0, "", "", 0, 0, 0, 0, receipt.shortMessage(),
                Tlvs.of(new Tlv(TlvTag.RECEIPTED_MESSAGE_ID.code(), "msg-1001\0".getBytes(StandardCharsets.US_ASCII)),
                        new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[] {2}),
                        new Tlv(TlvTag.NETWORK_ERROR_CODE.code(), new byte[] {3, 0, 0})));
        assertThat(receipt).isEqualTo(expected);
    }

    @Test
    void submitMultiMapsSmeAddressesAndDistributionLists() {
        Object decoded = Decoding.decode(HexVector.named("submit_multi").bytes());
        assertThat(decoded).isInstanceOf(SubmitMulti.class);
        assertThat(((SubmitMulti) decoded).destAddresses()).containsExactly(
                new DestAddress.Sme(Address.international("447700900002")),
                new DestAddress.Sme(Address.international("447700900003")),
                new DestAddress.DistributionList("staff"));
        assertThat(((SubmitMulti) decoded).validityPeriod()).isEqualTo("000001000000000R");
    }

    @Test
    void submitMultiRespMapsEachUnsuccessSme() {
        SubmitMultiResp expected = new SubmitMultiResp(11, CommandStatus.ESME_ROK, "msg-1001", List.of(
                new UnsuccessSme(Address.international("447700900002"), CommandStatus.ESME_RINVDSTADR),
                new UnsuccessSme(Address.international("447700900003"), CommandStatus.ESME_RSUBMITFAIL)));
        assertThat(Decoding.decode(HexVector.named("submit_multi_resp").bytes())).isEqualTo(expected);
        assertThat(Decoding.encode(expected)).isEqualTo(HexVector.named("submit_multi_resp").bytes());
    }

    @Test
    void bindTransmitterMapsEveryField() {
        BindTransmitter expected = new BindTransmitter(1, "esme01", "secret", "VMA", 0x34, 1, 1, "44*");
        assertThat(Decoding.decode(HexVector.named("bind_transmitter").bytes())).isEqualTo(expected);
    }

    @Test
    void vendorTlvKeepsItsTagAndBytes() {
        SubmitSm sm = (SubmitSm) Decoding.decode(HexVector.named("submit_sm_vendor_tlv").bytes());
        assertThat(sm.tlvs().get(0x1401)).map(Tlv::value)
                .hasValueSatisfying(v -> assertThat(v).containsExactly(0xca, 0xfe, 0x00, 0x01));
        assertThat(sm.tlvs().get(0x1401).orElseThrow().definition()).isNull();
    }

    @Test
    void unknownCommandStatusKeepsItsRawCode() {
        SubmitSmResp resp = (SubmitSmResp) Decoding.decode(HexVector.named("submit_sm_resp_unknown_status").bytes());
        assertThat(resp.commandStatus().code()).isEqualTo(0x400);
        assertThat(resp.commandStatus().isKnown()).isFalse();
        assertThat(resp.commandStatus().mnemonic()).isEqualTo("UNKNOWN(0x00000400)");
    }

    @Test
    void errorResponseWithoutBodyHasAnEmptyMessageId() {
        assertThat(Decoding.decode(HexVector.named("submit_sm_resp_error_no_body").bytes()))
                .isEqualTo(new SubmitSmResp(10, CommandStatus.ESME_RINVDSTADR, ""));
    }

    private static PduDecodeException decodeFailure(byte[] bytes) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> PduCodec.decode(Unpooled.wrappedBuffer(bytes)))
                .isInstanceOf(PduDecodeException.class)
                .satisfies(t -> caught[0] = t);
        return (PduDecodeException) caught[0];
    }
}
