package io.tern.smsc.delivery;

import io.tern.smpp.charset.DataCoding;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds the deliver_sm PDUs the SMSC sends to ESMEs: a stored message (SMPP 3.4 §4.6.1) and the
 * delivery receipt of a message (§4.6.1, esm_class 0x04, Appendix B text, receipted_message_id,
 * message_state and network_error_code TLVs).
 */
public final class DeliverSms {

    /** esm_class message type "SMSC Delivery Receipt" (§5.2.12). */
    public static final int ESM_CLASS_RECEIPT = 0x04;
    /** esm_class message type "Intermediate Delivery Notification" (§5.2.12). */
    public static final int ESM_CLASS_INTERMEDIATE = 0x20;
    /** esm_class bit 6, UDHI: the content starts with a User Data Header (§5.2.12). */
    private static final int UDHI = 0x40;
    /** esm_class bit 7, reply path (§5.2.12). */
    private static final int REPLY_PATH = 0x80;
    /** esm_class bits 2-5, the message type (§5.2.12). */
    private static final int MESSAGE_TYPE = 0x3C;
    /** esm_class message type "SME Delivery Acknowledgement" (§5.2.12). */
    private static final int SME_DELIVERY_ACK = 0x08;
    /** esm_class message type "SME Manual/User Acknowledgement" (§5.2.12). */
    private static final int SME_MANUAL_ACK = 0x10;
    /** registered_delivery bits 2-3, the SME originated acknowledgement requested (§5.2.17). */
    private static final int SME_ACK_REQUESTED = 0x0C;
    /** network_error_code network type GSM (§5.3.2.31). */
    private static final int NETWORK_GSM = 3;

    private DeliverSms() {
    }

    /**
     * A stored message as deliver_sm, as stored: a message_payload that fits goes in short_message
     * for a peer that must not be sent TLVs, and then no TLVs are sent.
     */
    public static DeliverSm message(StoredMessage m, boolean peerKnowsTlvs) {
        byte[] sm = m.shortMessage();
        Tlvs tlvs = Tlvs.fromBytes(m.tlvs());
        Optional<byte[]> payload = tlvs.messagePayload();
        if (payload.isPresent() && payload.get().length <= Limits.SHORT_MESSAGE && (!peerKnowsTlvs || sm.length == 0)) {
            // a payload that fits goes in short_message, which every ESME understands
            sm = payload.get();
            tlvs = tlvs.toBuilder().remove(TlvTag.MESSAGE_PAYLOAD).build();
        }
        return deliverSm(m, m.esmClass() & UDHI, m.dataCoding(), sm, peerKnowsTlvs ? tlvs : Tlvs.EMPTY);
    }

    /**
     * A stored message as the deliver_sm PDUs that carry it to an ESME with {@code profile}: one, as
     * {@link #message} builds it, unless its text must be converted to the ESME's encoding or split
     * again (then the parts, in order).
     *
     * @throws ChannelEncoding.ConversionException when it cannot be delivered in the ESME's encoding
     */
    public static List<DeliverSm> messages(StoredMessage m, boolean peerKnowsTlvs, InteropProfile profile)
            throws ChannelEncoding.ConversionException {
        boolean tlvsAllowed = peerKnowsTlvs && profile.tlvs();
        List<ChannelEncoding.Part> parts = profile.encoding().convert(m, tlvsAllowed);
        if (parts == null) {
            return List.of(message(m, tlvsAllowed));
        }
        Tlvs kept = tlvsAllowed ? Tlvs.fromBytes(m.tlvs()).toBuilder().remove(TlvTag.MESSAGE_PAYLOAD).build() : Tlvs.EMPTY;
        List<DeliverSm> out = new ArrayList<>(parts.size());
        for (ChannelEncoding.Part p : parts) {
            out.add(p.inPayload()
                    ? deliverSm(m, p.udhi(), p.dataCoding(), new byte[0], kept.toBuilder().messagePayload(p.content()).build())
                    : deliverSm(m, p.udhi(), p.dataCoding(), p.content(), kept));
        }
        return out;
    }

    private static DeliverSm deliverSm(StoredMessage m, int udhi, int dataCoding, byte[] sm, Tlvs tlvs) {
        // keep reply path (0x80), the content's UDHI and an SME acknowledgement's type: the messaging
        // mode is the SMSC's to set, and the other types are the SMSC's own (receipts, notifications)
        int type = m.esmClass() & MESSAGE_TYPE;
        int esmClass = (m.esmClass() & REPLY_PATH) | udhi
                | (type == SME_DELIVERY_ACK || type == SME_MANUAL_ACK ? type : 0);
        // an SME acknowledgement the submitter asked for is the recipient's to send (§5.2.17 bits 2-3);
        // SMSC receipts and intermediate notifications (the other bits) are Tern's, not the recipient's
        return new DeliverSm(0, m.serviceType(), address(m.source()), address(m.destination()), esmClass,
                m.protocolId(), m.priorityFlag(), "", "", m.registeredDelivery() & SME_ACK_REQUESTED, 0, dataCoding,
                0, sm, tlvs);
    }

    /** The delivery receipt of {@code m}, from its destination back to its source, as its owner's profile wants it. */
    public static DeliverSm receipt(StoredMessage m, InteropProfile profile) {
        return notification(m, m.state(), m.finalTime() != null ? m.finalTime() : m.submitTime(), m.lastError(),
                ESM_CLASS_RECEIPT, profile);
    }

    /**
     * An intermediate delivery notification (registered_delivery bit 4, esm_class 0x20, §5.2.17):
     * the message is still ENROUTE after a failed attempt with {@code error}.
     */
    public static DeliverSm intermediate(StoredMessage m, Instant at, int error, InteropProfile profile) {
        return notification(m, MessageState.ENROUTE, at, error, ESM_CLASS_INTERMEDIATE, profile);
    }

    /**
     * The receipt's {@code err:} field, three digits (0..999, clamped). Written by hand: it is on
     * every receipt's path, and {@code String.format("%03d")} was a quarter of the scheduler
     * thread's samples in the connector benchmark's profile.
     */
    static String errorDigits(int error) {
        int e = Math.min(999, Math.max(0, error));
        return new String(new char[] {(char) ('0' + e / 100), (char) ('0' + e / 10 % 10), (char) ('0' + e % 10)});
    }

    private static DeliverSm notification(StoredMessage m, MessageState state, Instant done, int error, int esmClass,
            InteropProfile profile) {
        // receipts of a submit_multi carry the id given to the ESME, the receipt's source address
        // telling the destinations apart
        String id = StoredMessage.submittedId(m.id());
        int delivered = state == MessageState.DELIVERED ? 1 : 0;
        DeliveryReceipt receipt = DeliveryReceipt.of(profile.receiptTextId().format(id), 1, delivered, m.submitTime(),
                done, ReceiptStat.of(state), errorDigits(error),
                profile.receiptText() ? excerpt(m) : "");
        String text = profile.receiptTemplate() == null ? receipt.format()
                : receipt.format(profile.receiptTemplate(), ZoneOffset.UTC);
        byte[] sm = text.getBytes(StandardCharsets.ISO_8859_1);
        Tlvs tlvs = Tlvs.EMPTY;
        if (profile.tlvs()) {
            Tlvs.Builder b = Tlvs.builder()
                    .receiptedMessageId(profile.receiptedMessageId().format(id))
                    .messageState(state.value());
            if (error != 0) {
                b.networkErrorCode(new Tlvs.NetworkErrorCode(NETWORK_GSM, error & 0xFFFF));
            }
            if (m.userMessageReference() != null) {
                b.userMessageReference(m.userMessageReference());
            }
            tlvs = b.build();
        }
        return new DeliverSm(0, m.serviceType(), address(m.destination()), address(m.source()), esmClass,
                0, 0, "", "", 0, 0, 0, 0, sm.length <= Limits.SHORT_MESSAGE ? sm : Arrays.copyOf(sm, Limits.SHORT_MESSAGE), tlvs);
    }

    /** The first characters of the message text for the receipt's {@code text:} field. */
    static String excerpt(StoredMessage m) {
        byte[] sm = m.shortMessage();
        if (sm.length == 0) {
            // data_sm and long submit_sm carry the text in message_payload
            sm = Tlvs.fromBytes(m.tlvs()).messagePayload().orElse(sm);
        }
        int off = 0;
        if ((m.esmClass() & 0x40) != 0 && sm.length > 0) {
            off = Math.min(sm.length, 1 + (sm[0] & 0xFF));
        }
        int len = Math.min(sm.length - off, 40);
        String text = DataCoding.charsetFor(m.dataCoding()).decode(sm, off, len);
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < text.length() && sb.length() < 20; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return sb.toString();
    }

    private static Address address(StoredAddress a) {
        return new Address(a.ton(), a.npi(), a.addr());
    }
}
