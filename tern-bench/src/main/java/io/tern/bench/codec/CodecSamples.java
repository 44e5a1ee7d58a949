package io.tern.bench.codec;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;

/**
 * The three PDUs the codec benchmark measures, built once as Tern records and as the equivalent
 * Cloudhopper objects. Both sides must encode to the same bytes; {@link CodecBenchmark} checks it.
 */
final class CodecSamples {

    static final String SOURCE = "447700900123";
    static final String DESTINATION = "447700900456";
    /** 96 characters of GSM 03.38 default-alphabet text, one octet each (data_coding 0). */
    static final String TEXT = "Your verification code is 482913. It expires in 10 minutes. "
            + "Do not share this code with anyone!!";
    static final String MESSAGE_ID = "4f1c9a2b7d3e8f60";
    /** The receipt text of SMPP 3.4 Appendix B, as most SMSCs send it. */
    static final String RECEIPT_TEXT = "id:" + MESSAGE_ID + " sub:001 dlvrd:001 submit date:2611252323"
            + " done date:2611252324 stat:DELIVRD err:000 text:Your verification c";

    private CodecSamples() {
    }

    static Pdu tern(String kind) {
        switch (kind) {
            case "submit_sm":
                return new SubmitSm(0x1234, "", Address.international(SOURCE), Address.international(DESTINATION),
                        0, 0, 0, "", "", 1, 0, 0, 0, TEXT.getBytes(StandardCharsets.ISO_8859_1),
                        Tlvs.builder().userMessageReference(42).build());
            case "deliver_sm":
                return new DeliverSm(0x1235, "", Address.international(DESTINATION), Address.international(SOURCE),
                        0x04, 0, 0, "", "", 0, 0, 0, 0, RECEIPT_TEXT.getBytes(StandardCharsets.ISO_8859_1),
                        Tlvs.builder().receiptedMessageId(MESSAGE_ID).messageState(2)
                                .networkErrorCode(new Tlvs.NetworkErrorCode(3, 0)).build());
            case "submit_sm_resp":
                return new SubmitSmResp(0x1234, CommandStatus.ESME_ROK, MESSAGE_ID);
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    static com.cloudhopper.smpp.pdu.Pdu cloudhopper(String kind) throws Exception {
        switch (kind) {
            case "submit_sm": {
                com.cloudhopper.smpp.pdu.SubmitSm sm = new com.cloudhopper.smpp.pdu.SubmitSm();
                sm.setSequenceNumber(0x1234);
                sm.setSourceAddress(new com.cloudhopper.smpp.type.Address((byte) 1, (byte) 1, SOURCE));
                sm.setDestAddress(new com.cloudhopper.smpp.type.Address((byte) 1, (byte) 1, DESTINATION));
                sm.setRegisteredDelivery((byte) 1);
                sm.setShortMessage(TEXT.getBytes(StandardCharsets.ISO_8859_1));
                sm.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv(
                        com.cloudhopper.smpp.SmppConstants.TAG_USER_MESSAGE_REFERENCE, new byte[] {0, 42}));
                return sm;
            }
            case "deliver_sm": {
                com.cloudhopper.smpp.pdu.DeliverSm sm = new com.cloudhopper.smpp.pdu.DeliverSm();
                sm.setSequenceNumber(0x1235);
                sm.setSourceAddress(new com.cloudhopper.smpp.type.Address((byte) 1, (byte) 1, DESTINATION));
                sm.setDestAddress(new com.cloudhopper.smpp.type.Address((byte) 1, (byte) 1, SOURCE));
                sm.setEsmClass((byte) 0x04);
                sm.setShortMessage(RECEIPT_TEXT.getBytes(StandardCharsets.ISO_8859_1));
                sm.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv(
                        com.cloudhopper.smpp.SmppConstants.TAG_RECEIPTED_MSG_ID,
                        (MESSAGE_ID + "\0").getBytes(StandardCharsets.ISO_8859_1)));
                sm.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv(
                        com.cloudhopper.smpp.SmppConstants.TAG_MSG_STATE, new byte[] {2}));
                sm.addOptionalParameter(new com.cloudhopper.smpp.tlv.Tlv(
                        com.cloudhopper.smpp.SmppConstants.TAG_NETWORK_ERROR_CODE, new byte[] {3, 0, 0}));
                return sm;
            }
            case "submit_sm_resp": {
                com.cloudhopper.smpp.pdu.SubmitSmResp resp = new com.cloudhopper.smpp.pdu.SubmitSmResp();
                resp.setSequenceNumber(0x1234);
                resp.setMessageId(MESSAGE_ID);
                return resp;
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
