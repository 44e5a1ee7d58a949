package io.tern.smpp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.BindReceiver;
import io.tern.smpp.pdu.BindReceiverResp;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelBroadcastSmResp;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.DistributionList;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.UnsuccessDelivery;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;
import org.jsmpp.util.PDUComposer;
import org.jsmpp.util.PDUDecomposer;
import org.junit.jupiter.api.Test;

/**
 * Byte-level interop with jSMPP 3.0.1: for every PDU both implement, the bytes jSMPP's
 * {@link DefaultComposer} writes decode in Tern to the record built from the same fields, and
 * the bytes Tern writes decode in jSMPP's {@link DefaultDecomposer} to the same field values.
 * Where the two write the same PDU with different bytes, the test says which and why.
 */
class JsmppByteInteropTest {

    private static final PDUComposer COMPOSER = new DefaultComposer();
    private static final PDUDecomposer DECOMPOSER = new DefaultDecomposer();
    private static final byte[] TEXT = "Hello from Tern".getBytes(StandardCharsets.US_ASCII);

    /** jSMPP's bytes decode in Tern to {@code tern}, and both write the very same octets. */
    private static void sameBytesBothWays(Pdu tern, byte[] jsmpp) throws Exception {
        assertThat(TernBytes.decode(jsmpp)).isEqualTo(tern);
        assertThat(TernBytes.encode(tern)).isEqualTo(jsmpp);
    }

    @Test
    void bindsTravelBothWays() throws Exception {
        BindTransmitter tx = new BindTransmitter(1, "esme01", "secret", "VMA", 0x34, 1, 1, "44*");
        sameBytesBothWays(tx, COMPOSER.bind(0x2, 1, "esme01", "secret", "VMA", (byte) 0x34, (byte) 1, (byte) 1, "44*"));
        BindReceiver rx = new BindReceiver(2, "esme02", "pw", "", 0x34, 0, 0, "");
        sameBytesBothWays(rx, COMPOSER.bind(0x1, 2, "esme02", "pw", "", (byte) 0x34, (byte) 0, (byte) 0, ""));
        BindTransceiver trx = new BindTransceiver(3, "esme03", "12345678", "OTP", 0x34, 5, 9, "^1234");
        sameBytesBothWays(trx, COMPOSER.bind(0x9, 3, "esme03", "12345678", "OTP", (byte) 0x34, (byte) 5, (byte) 9,
                "^1234"));

        org.jsmpp.bean.Bind peer = DECOMPOSER.bind(TernBytes.encode(trx));
        assertThat(peer.getCommandId()).isEqualTo(0x9);
        assertThat(peer.getSequenceNumber()).isEqualTo(3);
        assertThat(peer.getSystemId()).isEqualTo("esme03");
        assertThat(peer.getPassword()).isEqualTo("12345678");
        assertThat(peer.getSystemType()).isEqualTo("OTP");
        assertThat(peer.getInterfaceVersion()).isEqualTo((byte) 0x34);
        assertThat(peer.getAddrTon()).isEqualTo((byte) 5);
        assertThat(peer.getAddrNpi()).isEqualTo((byte) 9);
        assertThat(peer.getAddressRange()).isEqualTo("^1234");
    }

    @Test
    void bindRespWithScInterfaceVersionTravelsBothWays() throws Exception {
        BindTransceiverResp tern = new BindTransceiverResp(3, CommandStatus.ESME_ROK, "TERN",
                Tlvs.builder().scInterfaceVersion(0x34).build());
        byte[] jsmpp = COMPOSER.bindResp(0x80000009, 3, "TERN",
                new OptionalParameter.Byte(OptionalParameter.Tag.SC_INTERFACE_VERSION, (byte) 0x34));
        sameBytesBothWays(tern, jsmpp);
        org.jsmpp.bean.BindResp peer = DECOMPOSER.bindResp(TernBytes.encode(tern));
        assertThat(peer.getSystemId()).isEqualTo("TERN");
        assertThat(((OptionalParameter.Byte) peer.getOptionalParameter(OptionalParameter.Tag.SC_INTERFACE_VERSION))
                .getValue()).isEqualTo((byte) 0x34);
    }

    @Test
    void bindTransmitterAndReceiverRespTravelBothWays() throws Exception {
        BindTransmitterResp tx = new BindTransmitterResp(5, CommandStatus.ESME_ROK, "TERN-TX", Tlvs.EMPTY);
        sameBytesBothWays(tx, COMPOSER.bindResp(0x80000002, 5, "TERN-TX"));
        assertThat(DECOMPOSER.bindResp(TernBytes.encode(tx)).getSystemId()).isEqualTo("TERN-TX");

        BindReceiverResp rx = new BindReceiverResp(6, CommandStatus.ESME_ROK, "TERN-RX",
                Tlvs.builder().scInterfaceVersion(0x34).build());
        sameBytesBothWays(rx, COMPOSER.bindResp(0x80000001, 6, "TERN-RX",
                new OptionalParameter.Byte(OptionalParameter.Tag.SC_INTERFACE_VERSION, (byte) 0x34)));
        org.jsmpp.bean.BindResp peer = DECOMPOSER.bindResp(TernBytes.encode(rx));
        assertThat(peer.getSequenceNumber()).isEqualTo(6);
        assertThat(peer.getCommandId()).isEqualTo(0x80000001);
        assertThat(peer.getSystemId()).isEqualTo("TERN-RX");
    }

    @Test
    void outbindTravelsBothWays() throws Exception {
        Outbind tern = new Outbind(4, "TERN", "secret");
        sameBytesBothWays(tern, COMPOSER.outbind(4, "TERN", "secret"));
        org.jsmpp.bean.Outbind peer = DECOMPOSER.outbind(TernBytes.encode(tern));
        assertThat(peer.getSystemId()).isEqualTo("TERN");
        assertThat(peer.getPassword()).isEqualTo("secret");
    }

    @Test
    void headerOnlyPdusTravelBothWays() throws Exception {
        sameBytesBothWays(new Unbind(5), COMPOSER.unbind(5));
        sameBytesBothWays(new UnbindResp(5, CommandStatus.ESME_ROK), COMPOSER.unbindResp(0, 5));
        sameBytesBothWays(new EnquireLink(6), COMPOSER.enquireLink(6));
        sameBytesBothWays(new EnquireLinkResp(6), COMPOSER.enquireLinkResp(6));
        sameBytesBothWays(new GenericNack(7, CommandStatus.ESME_RINVCMDID), COMPOSER.genericNack(0x3, 7));
        sameBytesBothWays(new CancelSmResp(8, CommandStatus.ESME_ROK), COMPOSER.cancelSmResp(8));
        sameBytesBothWays(new ReplaceSmResp(9, CommandStatus.ESME_ROK), COMPOSER.replaceSmResp(9));
        sameBytesBothWays(new CancelBroadcastSmResp(10), COMPOSER.cancelBroadcastSmResp(10));

        assertThat(DECOMPOSER.genericNack(TernBytes.encode(new GenericNack(7, CommandStatus.ESME_RINVCMDID)))
                .getCommandStatus()).isEqualTo(0x3);
        assertThat(DECOMPOSER.enquireLink(TernBytes.encode(new EnquireLink(6))).getSequenceNumber()).isEqualTo(6);
        assertThat(DECOMPOSER.unbindResp(TernBytes.encode(new UnbindResp(5, CommandStatus.ESME_RINVBNDSTS)))
                .getCommandStatus()).isEqualTo(0x4);
    }

    @Test
    void submitSmWithTlvsTravelsBothWays() throws Exception {
        SubmitSm tern = new SubmitSm(11, "CMT", Address.of(5, 0, "Tern"), Address.international("447700900002"),
                0x40, 0, 1, "", "000001000000000R", 1, 0, 0x08, 0, TEXT,
                Tlvs.of(new Tlv(TlvTag.USER_MESSAGE_REFERENCE.code(), new byte[] {0, 42}),
                        new Tlv(0x1401, new byte[] {(byte) 0xca, (byte) 0xfe})));
        byte[] jsmpp = COMPOSER.submitSm(11, "CMT", (byte) 5, (byte) 0, "Tern", (byte) 1, (byte) 1, "447700900002",
                (byte) 0x40, (byte) 0, (byte) 1, "", "000001000000000R", (byte) 1, (byte) 0, (byte) 0x08, (byte) 0,
                TEXT, new OptionalParameter.Short(OptionalParameter.Tag.USER_MESSAGE_REFERENCE, (short) 42),
                new OptionalParameter.OctetString((short) 0x1401, new byte[] {(byte) 0xca, (byte) 0xfe}));
        sameBytesBothWays(tern, jsmpp);

        org.jsmpp.bean.SubmitSm peer = DECOMPOSER.submitSm(TernBytes.encode(tern));
        assertThat(peer.getSequenceNumber()).isEqualTo(11);
        assertThat(peer.getServiceType()).isEqualTo("CMT");
        assertThat(peer.getSourceAddrTon()).isEqualTo((byte) 5);
        assertThat(peer.getSourceAddr()).isEqualTo("Tern");
        assertThat(peer.getDestAddrTon()).isEqualTo((byte) 1);
        assertThat(peer.getDestAddress()).isEqualTo("447700900002");
        assertThat(peer.getEsmClass()).isEqualTo((byte) 0x40);
        assertThat(peer.getPriorityFlag()).isEqualTo((byte) 1);
        assertThat(peer.getValidityPeriod()).isEqualTo("000001000000000R");
        assertThat(peer.getRegisteredDelivery()).isEqualTo((byte) 1);
        assertThat(peer.getDataCoding()).isEqualTo((byte) 0x08);
        assertThat(peer.getShortMessage()).isEqualTo(TEXT);
        assertThat(((OptionalParameter.Short) peer.getOptionalParameter(OptionalParameter.Tag.USER_MESSAGE_REFERENCE))
                .getValue()).isEqualTo((short) 42);
        assertThat(peer.getOptionalParameter((short) 0x1401).serialize()).endsWith(0xca, 0xfe);
    }

    @Test
    void submitSmRespTravelsBothWays() throws Exception {
        SubmitSmResp tern = new SubmitSmResp(11, CommandStatus.ESME_ROK, "msg-1001");
        sameBytesBothWays(tern, COMPOSER.submitSmResp(11, "msg-1001"));
        assertThat(DECOMPOSER.submitSmResp(TernBytes.encode(tern)).getMessageId()).isEqualTo("msg-1001");
    }

    @Test
    void errorSubmitSmRespFromTernHasNoBodyAndJsmppReadsIt() throws Exception {
        // SMPP 3.4 §4.4.2: the body of submit_sm_resp is not returned when command_status is not 0.
        byte[] tern = TernBytes.encode(new SubmitSmResp(12, CommandStatus.ESME_RTHROTTLED, ""));
        assertThat(tern).hasSize(16);
        org.jsmpp.bean.SubmitSmResp peer = DECOMPOSER.submitSmResp(tern);
        assertThat(peer.getCommandStatus()).isEqualTo(0x58);
        assertThat(peer.getSequenceNumber()).isEqualTo(12);
    }

    @Test
    void deliveryReceiptTravelsBothWays() throws Exception {
        byte[] text = "id:msg-1001 sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:"
                .getBytes(StandardCharsets.US_ASCII);
        DeliverSm tern = new DeliverSm(13, "", Address.international("447700900002"),
                Address.international("447700900001"), 0x04, 0, 0, "", "", 0, 0, 0, 0, text,
                Tlvs.of(new Tlv(TlvTag.RECEIPTED_MESSAGE_ID.code(), "msg-1001\0".getBytes(StandardCharsets.US_ASCII)),
                        new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[] {2})));
        // jSMPP's composer has no schedule_delivery_time, validity_period, replace_if_present_flag or
        // sm_default_msg_id for deliver_sm: SMPP 3.4 §4.6.1 says they are unused and set to NULL.
        byte[] jsmpp = COMPOSER.deliverSm(13, "", (byte) 1, (byte) 1, "447700900002", (byte) 1, (byte) 1,
                "447700900001", (byte) 0x04, (byte) 0, (byte) 0, (byte) 0, (byte) 0, text,
                new OptionalParameter.OctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                        "msg-1001\0".getBytes(StandardCharsets.US_ASCII)),
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) 2));
        sameBytesBothWays(tern, jsmpp);

        org.jsmpp.bean.DeliverSm peer = DECOMPOSER.deliverSm(TernBytes.encode(tern));
        assertThat(peer.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(peer.isSmscDeliveryReceipt()).isTrue();
        assertThat(peer.getShortMessage()).isEqualTo(text);
        assertThat(peer.getShortMessageAsDeliveryReceipt().getId()).isEqualTo("msg-1001");
        assertThat(((OptionalParameter.Byte) peer.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE))
                .getValue()).isEqualTo((byte) 2);
    }

    @Test
    void deliverSmRespTravelsBothWays() throws Exception {
        DeliverSmResp tern = new DeliverSmResp(13, CommandStatus.ESME_ROK, "");
        sameBytesBothWays(tern, COMPOSER.deliverSmResp(0, 13, ""));
        assertThat(DECOMPOSER.deliverSmResp(TernBytes.encode(tern)).getSequenceNumber()).isEqualTo(13);
    }

    @Test
    void submitMultiToSmeAddressesTravelsBothWays() throws Exception {
        SubmitMulti tern = new SubmitMulti(14, "", Address.international("447700900001"),
                List.of(new DestAddress.Sme(Address.international("447700900002")),
                        new DestAddress.Sme(Address.of(2, 1, "7700900003"))),
                0, 0, 0, "", "", 1, 0, 0, 0, TEXT, Tlvs.EMPTY);
        byte[] jsmpp = COMPOSER.submitMulti(14, "", (byte) 1, (byte) 1, "447700900001",
                new DestinationAddress[] {new org.jsmpp.bean.Address((byte) 1, (byte) 1, "447700900002"),
                    new org.jsmpp.bean.Address((byte) 2, (byte) 1, "7700900003")},
                (byte) 0, (byte) 0, (byte) 0, "", "", (byte) 1, (byte) 0, (byte) 0, (byte) 0, TEXT);
        sameBytesBothWays(tern, jsmpp);

        org.jsmpp.bean.SubmitMulti peer = DECOMPOSER.submitMulti(TernBytes.encode(tern));
        assertThat(peer.getDestAddresses()).hasSize(2);
        assertThat(((org.jsmpp.bean.Address) peer.getDestAddresses()[1]).getTon()).isEqualTo((byte) 2);
        assertThat(((org.jsmpp.bean.Address) peer.getDestAddresses()[1]).getAddress()).isEqualTo("7700900003");
        assertThat(peer.getShortMessage()).isEqualTo(TEXT);
    }

    @Test
    void submitMultiToADistributionListFromTernDecodesInJsmpp() throws Exception {
        SubmitMulti tern = new SubmitMulti(14, "", Address.international("447700900001"),
                List.of(new DestAddress.Sme(Address.international("447700900002")),
                        new DestAddress.DistributionList("staff")),
                0, 0, 0, "", "", 1, 0, 0, 0, TEXT, Tlvs.EMPTY);
        org.jsmpp.bean.SubmitMulti peer = DECOMPOSER.submitMulti(TernBytes.encode(tern));
        assertThat(peer.getDestAddresses()).hasSize(2);
        assertThat(((org.jsmpp.bean.Address) peer.getDestAddresses()[0]).getAddress()).isEqualTo("447700900002");
        assertThat(((DistributionList) peer.getDestAddresses()[1]).getName()).isEqualTo("staff");
        assertThat(peer.getRegisteredDelivery()).isEqualTo((byte) 1);
        assertThat(peer.getShortMessage()).isEqualTo(TEXT);
    }

    /**
     * XXX: jSMPP 3.0.1 deviation. Its DefaultComposer writes dest_flag 2 for a distribution list
     * but no dl_name after it, although SMPP 3.4 §4.5.1.1 makes dl_name a mandatory C-Octet
     * String. The rest of the body is then read one field early; Tern answers that with a typed
     * field error (here the shifted validity_period) and keeps the session, as contract 3 asks.
     */
    @Test
    void jsmppSubmitMultiToADistributionListLacksTheDlNameAndTernRejectsIt() throws Exception {
        byte[] jsmpp = COMPOSER.submitMulti(14, "", (byte) 1, (byte) 1, "447700900001",
                new DestinationAddress[] {new DistributionList("staff")},
                (byte) 0, (byte) 0, (byte) 0, "", "", (byte) 1, (byte) 0, (byte) 0, (byte) 0, TEXT);
        assertThat(new String(jsmpp, StandardCharsets.ISO_8859_1)).doesNotContain("staff");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TernBytes.decode(jsmpp))
                .isInstanceOfSatisfying(io.tern.smpp.codec.PduDecodeException.class, e -> {
                    assertThat(e.framingLost()).isFalse();
                    assertThat(e.sequenceNumber()).isEqualTo(14);
                    assertThat(e.answer().commandId()).isEqualTo(io.tern.smpp.pdu.CommandId.SUBMIT_MULTI_RESP);
                });
    }

    @Test
    void submitMultiRespWithUnsuccessSmesTravelsBothWays() throws Exception {
        SubmitMultiResp tern = new SubmitMultiResp(14, CommandStatus.ESME_ROK, "msg-1001",
                List.of(new UnsuccessSme(Address.international("447700900003"), CommandStatus.ESME_RINVDSTADR)));
        byte[] jsmpp = COMPOSER.submitMultiResp(14, "msg-1001",
                new UnsuccessDelivery((byte) 1, (byte) 1, "447700900003", 0x0B));
        sameBytesBothWays(tern, jsmpp);

        org.jsmpp.bean.SubmitMultiResp peer = DECOMPOSER.submitMultiResp(TernBytes.encode(tern));
        assertThat(peer.getMessageId()).isEqualTo("msg-1001");
        assertThat(peer.getUnsuccessSmes()).hasSize(1);
        assertThat(peer.getUnsuccessSmes()[0].getDestinationAddress().getAddress()).isEqualTo("447700900003");
        assertThat(peer.getUnsuccessSmes()[0].getErrorStatusCode()).isEqualTo(0x0B);
    }

    @Test
    void dataSmAndItsResponseTravelBothWays() throws Exception {
        byte[] payload = "payload via data_sm".getBytes(StandardCharsets.US_ASCII);
        DataSm tern = new DataSm(15, "WAP", Address.international("447700900001"),
                Address.international("447700900002"), 0, 1, 0,
                Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), payload)));
        byte[] jsmpp = COMPOSER.dataSm(15, "WAP", (byte) 1, (byte) 1, "447700900001", (byte) 1, (byte) 1,
                "447700900002", (byte) 0, (byte) 1, (byte) 0,
                new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), payload));
        sameBytesBothWays(tern, jsmpp);
        org.jsmpp.bean.DataSm peer = DECOMPOSER.dataSm(TernBytes.encode(tern));
        assertThat(peer.getServiceType()).isEqualTo("WAP");
        assertThat(((OptionalParameter.OctetString) peer.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD))
                .getValue()).isEqualTo(payload);

        DataSmResp resp = new DataSmResp(15, CommandStatus.ESME_ROK, "msg-1002", Tlvs.EMPTY);
        sameBytesBothWays(resp, COMPOSER.dataSmResp(15, "msg-1002"));
        assertThat(DECOMPOSER.dataSmResp(TernBytes.encode(resp)).getMessageId()).isEqualTo("msg-1002");
    }

    @Test
    void querySmAndItsResponseTravelBothWays() throws Exception {
        QuerySm tern = new QuerySm(16, "msg-1001", Address.international("447700900001"));
        sameBytesBothWays(tern, COMPOSER.querySm(16, "msg-1001", (byte) 1, (byte) 1, "447700900001"));
        assertThat(DECOMPOSER.querySm(TernBytes.encode(tern)).getMessageId()).isEqualTo("msg-1001");

        QuerySmResp resp = new QuerySmResp(16, CommandStatus.ESME_ROK, "msg-1001", "260101120100000+", 2, 0);
        sameBytesBothWays(resp, COMPOSER.querySmResp(16, "msg-1001", "260101120100000+", (byte) 2, (byte) 0));
        org.jsmpp.bean.QuerySmResp peer = DECOMPOSER.querySmResp(TernBytes.encode(resp));
        assertThat(peer.getFinalDate()).isEqualTo("260101120100000+");
        assertThat(peer.getMessageState()).isEqualTo(org.jsmpp.bean.MessageState.DELIVERED);
    }

    @Test
    void cancelSmTravelsBothWays() throws Exception {
        CancelSm tern = new CancelSm(17, "", "msg-1001", Address.international("447700900001"),
                Address.international("447700900002"));
        sameBytesBothWays(tern, COMPOSER.cancelSm(17, "", "msg-1001", (byte) 1, (byte) 1, "447700900001", (byte) 1,
                (byte) 1, "447700900002"));
        org.jsmpp.bean.CancelSm peer = DECOMPOSER.cancelSm(TernBytes.encode(tern));
        assertThat(peer.getMessageId()).isEqualTo("msg-1001");
        assertThat(peer.getDestinationAddress()).isEqualTo("447700900002");
    }

    @Test
    void replaceSmTravelsBothWays() throws Exception {
        ReplaceSm tern = new ReplaceSm(18, "msg-1001", Address.international("447700900001"), "260101130000000+",
                "", 1, 0, TEXT);
        sameBytesBothWays(tern, COMPOSER.replaceSm(18, "msg-1001", (byte) 1, (byte) 1, "447700900001",
                "260101130000000+", "", (byte) 1, (byte) 0, TEXT));
        org.jsmpp.bean.ReplaceSm peer = DECOMPOSER.replaceSm(TernBytes.encode(tern));
        assertThat(peer.getScheduleDeliveryTime()).isEqualTo("260101130000000+");
        assertThat(peer.getShortMessage()).isEqualTo(TEXT);
    }

    @Test
    void alertNotificationTravelsBothWays() throws Exception {
        AlertNotification tern = new AlertNotification(19, Address.international("447700900002"),
                Address.international("447700900001"),
                Tlvs.of(new Tlv(TlvTag.MS_AVAILABILITY_STATUS.code(), new byte[] {0})));
        sameBytesBothWays(tern, COMPOSER.alertNotification(19, (byte) 1, (byte) 1, "447700900002", (byte) 1,
                (byte) 1, "447700900001",
                new OptionalParameter.Byte(OptionalParameter.Tag.MS_AVAILABILITY_STATUS, (byte) 0)));
        org.jsmpp.bean.AlertNotification peer = DECOMPOSER.alertNotification(TernBytes.encode(tern));
        assertThat(peer.getSourceAddr()).isEqualTo("447700900002");
        assertThat(peer.getEsmeAddr()).isEqualTo("447700900001");
    }

    @Test
    void broadcastPdusTravelBothWays() throws Exception {
        byte[] area = "\0cell-42".getBytes(StandardCharsets.US_ASCII);
        BroadcastSm tern = new BroadcastSm(20, "", Address.international("447700900001"), "", 0, "", "", 0, 0, 0,
                Tlvs.of(new Tlv(TlvTag.BROADCAST_AREA_IDENTIFIER.code(), area),
                        new Tlv(TlvTag.BROADCAST_REP_NUM.code(), new byte[] {0, 3})));
        byte[] jsmpp = COMPOSER.broadcastSm(20, "", (byte) 1, (byte) 1, "447700900001", "", (byte) 0, "", "",
                (byte) 0, (byte) 0, (byte) 0,
                new OptionalParameter.OctetString(OptionalParameter.Tag.BROADCAST_AREA_IDENTIFIER.code(), area),
                new OptionalParameter.Short(OptionalParameter.Tag.BROADCAST_REP_NUM, (short) 3));
        sameBytesBothWays(tern, jsmpp);
        assertThat(DECOMPOSER.broadcastSm(TernBytes.encode(tern)).getSourceAddr()).isEqualTo("447700900001");

        BroadcastSmResp resp = new BroadcastSmResp(20, CommandStatus.ESME_ROK, "bc-7", Tlvs.EMPTY);
        sameBytesBothWays(resp, COMPOSER.broadcastSmResp(20, "bc-7"));
        assertThat(DECOMPOSER.broadcastSmResp(TernBytes.encode(resp)).getMessageId()).isEqualTo("bc-7");

        QueryBroadcastSm query = new QueryBroadcastSm(21, "bc-7", Address.international("447700900001"), Tlvs.EMPTY);
        sameBytesBothWays(query, COMPOSER.queryBroadcastSm(21, "bc-7", (byte) 1, (byte) 1, "447700900001"));
        assertThat(DECOMPOSER.queryBroadcastSm(TernBytes.encode(query)).getMessageId()).isEqualTo("bc-7");

        QueryBroadcastSmResp queryResp = new QueryBroadcastSmResp(21, CommandStatus.ESME_ROK, "bc-7",
                Tlvs.of(new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[] {1})));
        sameBytesBothWays(queryResp, COMPOSER.queryBroadcastSmResp(21, "bc-7",
                new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) 1)));
        assertThat(DECOMPOSER.queryBroadcastSmResp(TernBytes.encode(queryResp)).getMessageId()).isEqualTo("bc-7");

        CancelBroadcastSm cancel = new CancelBroadcastSm(22, "", "bc-7", Address.international("447700900001"),
                Tlvs.EMPTY);
        sameBytesBothWays(cancel, COMPOSER.cancelBroadcastSm(22, "", "bc-7", (byte) 1, (byte) 1, "447700900001"));
        assertThat(DECOMPOSER.cancelBroadcastSm(TernBytes.encode(cancel)).getMessageId()).isEqualTo("bc-7");
    }
}
