package io.tern.smpp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoder;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoderContext;
import com.cloudhopper.smpp.transcoder.PduTranscoder;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.BindReceiver;
import io.tern.smpp.pdu.BindReceiverResp;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import org.jboss.netty.buffer.ChannelBuffer;
import org.jboss.netty.buffer.ChannelBuffers;
import org.junit.jupiter.api.Test;

/**
 * Byte-level interop with Cloudhopper ch-smpp 5.0.9: for every PDU both implement (Cloudhopper
 * has no outbind, submit_multi or broadcast operations), Cloudhopper's bytes decode in Tern to
 * the record built from the same fields, and Tern's bytes decode in Cloudhopper to the same
 * field values. Where the two write the same PDU differently, the test says which and why.
 */
class CloudhopperByteInteropTest {

    private static final PduTranscoder TRANSCODER = new DefaultPduTranscoder(new DefaultPduTranscoderContext());
    private static final byte[] TEXT = "Hello from Tern".getBytes(StandardCharsets.US_ASCII);

    private static byte[] encode(com.cloudhopper.smpp.pdu.Pdu pdu) throws Exception {
        ChannelBuffer buf = TRANSCODER.encode(pdu);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static <T extends com.cloudhopper.smpp.pdu.Pdu> T decode(byte[] bytes) throws Exception {
        com.cloudhopper.smpp.pdu.Pdu pdu = TRANSCODER.decode(ChannelBuffers.wrappedBuffer(bytes));
        assertThat(pdu).as("Cloudhopper decoded a whole PDU").isNotNull();
        return (T) pdu;
    }

    private static <T extends com.cloudhopper.smpp.pdu.Pdu> T seq(T pdu, int sequenceNumber) {
        pdu.setSequenceNumber(sequenceNumber);
        return pdu;
    }

    private static com.cloudhopper.smpp.type.Address ch(Address a) {
        return new com.cloudhopper.smpp.type.Address((byte) a.ton(), (byte) a.npi(), a.address());
    }

    private static void sameBytesBothWays(Pdu tern, com.cloudhopper.smpp.pdu.Pdu peer) throws Exception {
        byte[] peerBytes = encode(peer);
        assertThat(TernBytes.decode(peerBytes)).isEqualTo(tern);
        assertThat(TernBytes.encode(tern)).isEqualTo(peerBytes);
    }

    private static <B extends BaseBind<?>> B bind(B b, int seq, String systemId, String password, String systemType,
            int ton, int npi, String range) {
        b.setSequenceNumber(seq);
        b.setSystemId(systemId);
        b.setPassword(password);
        b.setSystemType(systemType);
        b.setInterfaceVersion((byte) 0x34);
        b.setAddressRange(new com.cloudhopper.smpp.type.Address((byte) ton, (byte) npi, range));
        return b;
    }

    @Test
    void bindsTravelBothWays() throws Exception {
        sameBytesBothWays(new BindTransmitter(1, "esme01", "secret", "VMA", 0x34, 1, 1, "44*"),
                bind(new com.cloudhopper.smpp.pdu.BindTransmitter(), 1, "esme01", "secret", "VMA", 1, 1, "44*"));
        sameBytesBothWays(new BindReceiver(2, "esme02", "pw", "", 0x34, 0, 0, ""),
                bind(new com.cloudhopper.smpp.pdu.BindReceiver(), 2, "esme02", "pw", "", 0, 0, ""));
        BindTransceiver trx = new BindTransceiver(3, "esme03", "12345678", "OTP", 0x34, 5, 9, "^1234");
        sameBytesBothWays(trx,
                bind(new com.cloudhopper.smpp.pdu.BindTransceiver(), 3, "esme03", "12345678", "OTP", 5, 9, "^1234"));

        com.cloudhopper.smpp.pdu.BindTransceiver peer = decode(TernBytes.encode(trx));
        assertThat(peer.getSequenceNumber()).isEqualTo(3);
        assertThat(peer.getSystemId()).isEqualTo("esme03");
        assertThat(peer.getPassword()).isEqualTo("12345678");
        assertThat(peer.getSystemType()).isEqualTo("OTP");
        assertThat(peer.getInterfaceVersion()).isEqualTo((byte) 0x34);
        assertThat(peer.getAddressRange().getTon()).isEqualTo((byte) 5);
        assertThat(peer.getAddressRange().getNpi()).isEqualTo((byte) 9);
        assertThat(peer.getAddressRange().getAddress()).isEqualTo("^1234");
    }

    @Test
    void bindRespWithScInterfaceVersionTravelsBothWays() throws Exception {
        BindTransmitterResp tern = new BindTransmitterResp(1, CommandStatus.ESME_ROK, "TERN",
                Tlvs.builder().scInterfaceVersion(0x34).build());
        com.cloudhopper.smpp.pdu.BindTransmitterResp peer = seq(new com.cloudhopper.smpp.pdu.BindTransmitterResp(), 1);
        peer.setSystemId("TERN");
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0210, new byte[] {0x34}));
        sameBytesBothWays(tern, peer);

        com.cloudhopper.smpp.pdu.BindTransmitterResp back = decode(TernBytes.encode(tern));
        assertThat(back.getSystemId()).isEqualTo("TERN");
        assertThat(back.getOptionalParameter((short) 0x0210).getValueAsUnsignedByte()).isEqualTo((short) 0x34);
    }

    @Test
    void bindReceiverAndTransceiverRespTravelBothWays() throws Exception {
        com.cloudhopper.smpp.pdu.BindReceiverResp rx = seq(new com.cloudhopper.smpp.pdu.BindReceiverResp(), 21);
        rx.setSystemId("TERN-RX");
        sameBytesBothWays(new BindReceiverResp(21, CommandStatus.ESME_ROK, "TERN-RX", Tlvs.EMPTY), rx);

        BindTransceiverResp tern = new BindTransceiverResp(22, CommandStatus.ESME_ROK, "TERN-TRX",
                Tlvs.builder().scInterfaceVersion(0x34).build());
        com.cloudhopper.smpp.pdu.BindTransceiverResp trx = seq(new com.cloudhopper.smpp.pdu.BindTransceiverResp(), 22);
        trx.setSystemId("TERN-TRX");
        trx.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0210, new byte[] {0x34}));
        sameBytesBothWays(tern, trx);
        com.cloudhopper.smpp.pdu.BindTransceiverResp back = decode(TernBytes.encode(tern));
        assertThat(back.getSequenceNumber()).isEqualTo(22);
        assertThat(back.getSystemId()).isEqualTo("TERN-TRX");
    }

    /**
     * XXX: Cloudhopper deviation. On a failed bind it writes the system_id NUL anyway (17
     * octets), where Tern sends the header only; SMPP 3.4 §4.1.2 notes the body of bind_*_resp is
     * not returned on error. Each side reads the other's form.
     */
    @Test
    void failedBindRespDiffersOnlyInTheEmptyBody() throws Exception {
        BindReceiverResp tern = new BindReceiverResp(2, CommandStatus.ESME_RINVPASWD, "", Tlvs.EMPTY);
        com.cloudhopper.smpp.pdu.BindReceiverResp peer = seq(new com.cloudhopper.smpp.pdu.BindReceiverResp(), 2);
        peer.setCommandStatus(0x0E);
        byte[] peerBytes = encode(peer);
        assertThat(peerBytes).hasSize(17);
        assertThat(TernBytes.decode(peerBytes)).isEqualTo(tern);
        byte[] ternBytes = TernBytes.encode(tern);
        assertThat(ternBytes).hasSize(16);
        com.cloudhopper.smpp.pdu.BindReceiverResp back = decode(ternBytes);
        assertThat(back.getCommandStatus()).isEqualTo(0x0E);
        assertThat(back.getSystemId()).isNullOrEmpty();
    }

    @Test
    void headerOnlyPdusTravelBothWays() throws Exception {
        sameBytesBothWays(new Unbind(5), seq(new com.cloudhopper.smpp.pdu.Unbind(), 5));
        sameBytesBothWays(new UnbindResp(5, CommandStatus.ESME_ROK), seq(new com.cloudhopper.smpp.pdu.UnbindResp(), 5));
        sameBytesBothWays(new EnquireLink(6), seq(new com.cloudhopper.smpp.pdu.EnquireLink(), 6));
        sameBytesBothWays(new EnquireLinkResp(6), seq(new com.cloudhopper.smpp.pdu.EnquireLinkResp(), 6));
        com.cloudhopper.smpp.pdu.GenericNack nack = seq(new com.cloudhopper.smpp.pdu.GenericNack(), 7);
        nack.setCommandStatus(0x3);
        sameBytesBothWays(new GenericNack(7, CommandStatus.ESME_RINVCMDID), nack);
        sameBytesBothWays(new CancelSmResp(8, CommandStatus.ESME_ROK), seq(new com.cloudhopper.smpp.pdu.CancelSmResp(), 8));
        sameBytesBothWays(new ReplaceSmResp(9, CommandStatus.ESME_ROK),
                seq(new com.cloudhopper.smpp.pdu.ReplaceSmResp(), 9));

        com.cloudhopper.smpp.pdu.GenericNack back = decode(TernBytes.encode(new GenericNack(7, CommandStatus.ESME_RINVCMDID)));
        assertThat(back.getCommandStatus()).isEqualTo(0x3);
        assertThat(back.getSequenceNumber()).isEqualTo(7);
    }

    private static <S extends com.cloudhopper.smpp.pdu.BaseSm<?>> S sm(S s, int seq, String serviceType, Address src,
            Address dst, int esm, int priority, String validity, int registered, int dataCoding, byte[] text)
            throws Exception {
        s.setSequenceNumber(seq);
        s.setServiceType(serviceType);
        s.setSourceAddress(ch(src));
        s.setDestAddress(ch(dst));
        s.setEsmClass((byte) esm);
        s.setPriority((byte) priority);
        s.setValidityPeriod(validity);
        s.setRegisteredDelivery((byte) registered);
        s.setDataCoding((byte) dataCoding);
        s.setShortMessage(text);
        return s;
    }

    @Test
    void submitSmWithTlvsTravelsBothWays() throws Exception {
        SubmitSm tern = new SubmitSm(11, "CMT", Address.of(5, 0, "Tern"), Address.international("447700900002"),
                0x40, 0, 1, "", "000001000000000R", 1, 0, 0x08, 0, TEXT,
                Tlvs.of(new Tlv(TlvTag.USER_MESSAGE_REFERENCE.code(), new byte[] {0, 42}),
                        new Tlv(0x1401, new byte[] {(byte) 0xca, (byte) 0xfe})));
        com.cloudhopper.smpp.pdu.SubmitSm peer = sm(new com.cloudhopper.smpp.pdu.SubmitSm(), 11, "CMT",
                Address.of(5, 0, "Tern"), Address.international("447700900002"), 0x40, 1, "000001000000000R", 1,
                0x08, TEXT);
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0204, new byte[] {0, 42}));
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x1401, new byte[] {(byte) 0xca, (byte) 0xfe}));
        sameBytesBothWays(tern, peer);

        com.cloudhopper.smpp.pdu.SubmitSm back = decode(TernBytes.encode(tern));
        assertThat(back.getServiceType()).isEqualTo("CMT");
        assertThat(back.getSourceAddress().getTon()).isEqualTo((byte) 5);
        assertThat(back.getSourceAddress().getAddress()).isEqualTo("Tern");
        assertThat(back.getDestAddress().getAddress()).isEqualTo("447700900002");
        assertThat(back.getEsmClass()).isEqualTo((byte) 0x40);
        assertThat(back.getPriority()).isEqualTo((byte) 1);
        assertThat(back.getValidityPeriod()).isEqualTo("000001000000000R");
        assertThat(back.getRegisteredDelivery()).isEqualTo((byte) 1);
        assertThat(back.getDataCoding()).isEqualTo((byte) 0x08);
        assertThat(back.getShortMessage()).isEqualTo(TEXT);
        assertThat(back.getOptionalParameter((short) 0x0204).getValueAsUnsignedShort()).isEqualTo(42);
        assertThat(back.getOptionalParameter((short) 0x1401).getValue()).containsExactly(0xca, 0xfe);
    }

    @Test
    void submitSmRespTravelsBothWays() throws Exception {
        com.cloudhopper.smpp.pdu.SubmitSmResp peer = seq(new com.cloudhopper.smpp.pdu.SubmitSmResp(), 11);
        peer.setMessageId("msg-1001");
        sameBytesBothWays(new SubmitSmResp(11, CommandStatus.ESME_ROK, "msg-1001"), peer);
        com.cloudhopper.smpp.pdu.SubmitSmResp back =
                decode(TernBytes.encode(new SubmitSmResp(11, CommandStatus.ESME_ROK, "msg-1001")));
        assertThat(back.getMessageId()).isEqualTo("msg-1001");
    }

    /**
     * XXX: Cloudhopper deviation. Its submit_sm_resp with an error status still carries a
     * message_id NUL (17 octets); SMPP 3.4 §4.4.2 says the body is not returned when
     * command_status is not 0, which is what Tern sends. Each side reads the other's form.
     */
    @Test
    void errorSubmitSmRespDiffersOnlyInTheEmptyBody() throws Exception {
        com.cloudhopper.smpp.pdu.SubmitSmResp peer = seq(new com.cloudhopper.smpp.pdu.SubmitSmResp(), 12);
        peer.setCommandStatus(0x58);
        byte[] peerBytes = encode(peer);
        assertThat(peerBytes).hasSize(17);
        SubmitSmResp tern = new SubmitSmResp(12, CommandStatus.ESME_RTHROTTLED, "");
        assertThat(TernBytes.decode(peerBytes)).isEqualTo(tern);
        byte[] ternBytes = TernBytes.encode(tern);
        assertThat(ternBytes).hasSize(16);
        com.cloudhopper.smpp.pdu.SubmitSmResp back = decode(ternBytes);
        assertThat(back.getCommandStatus()).isEqualTo(0x58);
        assertThat(back.getSequenceNumber()).isEqualTo(12);
    }

    @Test
    void deliveryReceiptTravelsBothWays() throws Exception {
        byte[] text = "id:msg-1001 sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] receipted = "msg-1001\0".getBytes(StandardCharsets.US_ASCII);
        DeliverSm tern = new DeliverSm(13, "", Address.international("447700900002"),
                Address.international("447700900001"), 0x04, 0, 0, "", "", 0, 0, 0, 0, text,
                Tlvs.of(new Tlv(TlvTag.RECEIPTED_MESSAGE_ID.code(), receipted),
                        new Tlv(TlvTag.MESSAGE_STATE.code(), new byte[] {2}),
                        new Tlv(TlvTag.NETWORK_ERROR_CODE.code(), new byte[] {3, 0, 0})));
        com.cloudhopper.smpp.pdu.DeliverSm peer = sm(new com.cloudhopper.smpp.pdu.DeliverSm(), 13, "",
                Address.international("447700900002"), Address.international("447700900001"), 0x04, 0, "", 0, 0,
                text);
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x001E, receipted));
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0427, new byte[] {2}));
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0423, new byte[] {3, 0, 0}));
        sameBytesBothWays(tern, peer);

        com.cloudhopper.smpp.pdu.DeliverSm back = decode(TernBytes.encode(tern));
        assertThat(back.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(back.getShortMessage()).isEqualTo(text);
        assertThat(back.getOptionalParameter((short) 0x001E).getValueAsString()).isEqualTo("msg-1001");
        assertThat(back.getOptionalParameter((short) 0x0427).getValueAsUnsignedByte()).isEqualTo((short) 2);
        assertThat(back.getOptionalParameter((short) 0x0423).getValue()).containsExactly(3, 0, 0);
    }

    @Test
    void deliverSmRespTravelsBothWays() throws Exception {
        sameBytesBothWays(new DeliverSmResp(13, CommandStatus.ESME_ROK, ""),
                seq(new com.cloudhopper.smpp.pdu.DeliverSmResp(), 13));
        com.cloudhopper.smpp.pdu.DeliverSmResp back =
                decode(TernBytes.encode(new DeliverSmResp(13, CommandStatus.ESME_ROK, "")));
        assertThat(back.getSequenceNumber()).isEqualTo(13);
    }

    @Test
    void dataSmAndItsResponseTravelBothWays() throws Exception {
        byte[] payload = "payload via data_sm".getBytes(StandardCharsets.US_ASCII);
        DataSm tern = new DataSm(15, "WAP", Address.international("447700900001"),
                Address.international("447700900002"), 0, 1, 0,
                Tlvs.of(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), payload)));
        com.cloudhopper.smpp.pdu.DataSm peer = seq(new com.cloudhopper.smpp.pdu.DataSm(), 15);
        peer.setServiceType("WAP");
        peer.setSourceAddress(ch(Address.international("447700900001")));
        peer.setDestAddress(ch(Address.international("447700900002")));
        peer.setRegisteredDelivery((byte) 1);
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0424, payload));
        sameBytesBothWays(tern, peer);
        com.cloudhopper.smpp.pdu.DataSm back = decode(TernBytes.encode(tern));
        assertThat(back.getServiceType()).isEqualTo("WAP");
        assertThat(back.getOptionalParameter((short) 0x0424).getValue()).isEqualTo(payload);

        com.cloudhopper.smpp.pdu.DataSmResp peerResp = seq(new com.cloudhopper.smpp.pdu.DataSmResp(), 15);
        peerResp.setMessageId("msg-1002");
        DataSmResp resp = new DataSmResp(15, CommandStatus.ESME_ROK, "msg-1002", Tlvs.EMPTY);
        sameBytesBothWays(resp, peerResp);
        com.cloudhopper.smpp.pdu.DataSmResp backResp = decode(TernBytes.encode(resp));
        assertThat(backResp.getMessageId()).isEqualTo("msg-1002");
    }

    @Test
    void querySmAndItsResponseTravelBothWays() throws Exception {
        QuerySm tern = new QuerySm(16, "msg-1001", Address.international("447700900001"));
        com.cloudhopper.smpp.pdu.QuerySm peer = seq(new com.cloudhopper.smpp.pdu.QuerySm(), 16);
        peer.setMessageId("msg-1001");
        peer.setSourceAddress(ch(Address.international("447700900001")));
        sameBytesBothWays(tern, peer);
        com.cloudhopper.smpp.pdu.QuerySm back = decode(TernBytes.encode(tern));
        assertThat(back.getMessageId()).isEqualTo("msg-1001");
        assertThat(back.getSourceAddress().getAddress()).isEqualTo("447700900001");

        QuerySmResp resp = new QuerySmResp(16, CommandStatus.ESME_ROK, "msg-1001", "260101120100000+", 2, 0);
        com.cloudhopper.smpp.pdu.QuerySmResp peerResp = seq(new com.cloudhopper.smpp.pdu.QuerySmResp(), 16);
        peerResp.setMessageId("msg-1001");
        peerResp.setFinalDate("260101120100000+");
        peerResp.setMessageState((byte) 2);
        sameBytesBothWays(resp, peerResp);
        com.cloudhopper.smpp.pdu.QuerySmResp backResp = decode(TernBytes.encode(resp));
        assertThat(backResp.getFinalDate()).isEqualTo("260101120100000+");
        assertThat(backResp.getMessageState()).isEqualTo((byte) 2);
    }

    @Test
    void cancelSmTravelsBothWays() throws Exception {
        CancelSm tern = new CancelSm(17, "", "msg-1001", Address.international("447700900001"),
                Address.international("447700900002"));
        com.cloudhopper.smpp.pdu.CancelSm peer = seq(new com.cloudhopper.smpp.pdu.CancelSm(), 17);
        peer.setServiceType("");
        peer.setMessageId("msg-1001");
        peer.setSourceAddress(ch(Address.international("447700900001")));
        peer.setDestAddress(ch(Address.international("447700900002")));
        sameBytesBothWays(tern, peer);
        com.cloudhopper.smpp.pdu.CancelSm back = decode(TernBytes.encode(tern));
        assertThat(back.getMessageId()).isEqualTo("msg-1001");
        assertThat(back.getDestAddress().getAddress()).isEqualTo("447700900002");
    }

    @Test
    void replaceSmTravelsBothWays() throws Exception {
        ReplaceSm tern = new ReplaceSm(18, "msg-1001", Address.international("447700900001"), "260101130000000+",
                "", 1, 0, TEXT);
        com.cloudhopper.smpp.pdu.ReplaceSm peer = seq(new com.cloudhopper.smpp.pdu.ReplaceSm(), 18);
        peer.setMessageId("msg-1001");
        peer.setSourceAddress(ch(Address.international("447700900001")));
        peer.setScheduleDeliveryTime("260101130000000+");
        peer.setRegisteredDelivery((byte) 1);
        peer.setShortMessage(TEXT);
        sameBytesBothWays(tern, peer);
        com.cloudhopper.smpp.pdu.ReplaceSm back = decode(TernBytes.encode(tern));
        assertThat(back.getScheduleDeliveryTime()).isEqualTo("260101130000000+");
        assertThat(back.getShortMessage()).isEqualTo(TEXT);
    }

    @Test
    void alertNotificationTravelsBothWays() throws Exception {
        AlertNotification tern = new AlertNotification(19, Address.international("447700900002"),
                Address.international("447700900001"),
                Tlvs.of(new Tlv(TlvTag.MS_AVAILABILITY_STATUS.code(), new byte[] {0})));
        com.cloudhopper.smpp.pdu.AlertNotification peer = seq(new com.cloudhopper.smpp.pdu.AlertNotification(), 19);
        peer.setSourceAddress(ch(Address.international("447700900002")));
        peer.setEsmeAddress(ch(Address.international("447700900001")));
        peer.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv((short) 0x0422, new byte[] {0}));
        sameBytesBothWays(tern, peer);
        com.cloudhopper.smpp.pdu.AlertNotification back = decode(TernBytes.encode(tern));
        assertThat(back.getSourceAddress().getAddress()).isEqualTo("447700900002");
        assertThat(back.getEsmeAddress().getAddress()).isEqualTo("447700900001");
    }
}
