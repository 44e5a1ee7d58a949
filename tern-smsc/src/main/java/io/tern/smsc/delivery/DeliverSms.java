package io.tern.smsc.delivery;

import io.tern.smpp.charset.DataCoding;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.MessageState;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    /** network_error_code network type GSM (§5.3.2.31). */
    private static final int NETWORK_GSM = 3;

    private DeliverSms() {
    }

    /** A stored message as deliver_sm; TLVs are dropped for SMPP 3.3 receivers by the session. */
    public static DeliverSm message(StoredMessage m, boolean peerKnowsTlvs) {
        byte[] sm = m.shortMessage();
        Tlvs tlvs = Tlvs.fromBytes(m.tlvs());
        Optional<byte[]> payload = tlvs.messagePayload();
        if (payload.isPresent() && payload.get().length <= 254 && (!peerKnowsTlvs || sm.length == 0)) {
            // a payload that fits goes in short_message, which every ESME understands
            sm = payload.get();
            tlvs = tlvs.toBuilder().remove(io.tern.smpp.tlv.TlvTag.MESSAGE_PAYLOAD).build();
        }
        // keep UDHI (0x40) and reply path (0x80); messaging mode and type are the SMSC's to set
        int esmClass = m.esmClass() & 0xC0;
        return new DeliverSm(0, m.serviceType(), address(m.source()), address(m.destination()), esmClass,
                m.protocolId(), m.priorityFlag(), "", "", 0, 0, m.dataCoding(), 0, sm, tlvs);
    }

    /** The delivery receipt of {@code m}, from its destination back to its source. */
    public static DeliverSm receipt(StoredMessage m) {
        return notification(m, m.state(), m.finalTime() != null ? m.finalTime() : m.submitTime(), m.lastError(),
                ESM_CLASS_RECEIPT);
    }

    /**
     * An intermediate delivery notification (registered_delivery bit 4, esm_class 0x20, §5.2.17):
     * the message is still ENROUTE after a failed attempt with {@code error}.
     */
    public static DeliverSm intermediate(StoredMessage m, Instant at, int error) {
        return notification(m, MessageState.ENROUTE, at, error, ESM_CLASS_INTERMEDIATE);
    }

    /**
     * The message_id the ESME was given for {@code m}: submit_multi stores one message per
     * destination as {@code ID}, {@code ID-1}, {@code ID-2} ..., and answered {@code ID}; its
     * receipts carry {@code ID}, the receipt's source address telling the destinations apart.
     */
    public static String submittedId(String storedId) {
        int dash = storedId.indexOf('-');
        return dash < 0 ? storedId : storedId.substring(0, dash);
    }

    private static DeliverSm notification(StoredMessage m, MessageState state, Instant done, int error, int esmClass) {
        String id = submittedId(m.id());
        int delivered = state == MessageState.DELIVERED ? 1 : 0;
        String text = DeliveryReceipt.of(id, 1, delivered, m.submitTime(), done, stat(state),
                String.format("%03d", Math.min(999, Math.max(0, error))), excerpt(m)).format();
        Tlvs.Builder tlvs = Tlvs.builder()
                .receiptedMessageId(id)
                .messageState(state.code());
        if (error != 0) {
            tlvs.networkErrorCode(new Tlvs.NetworkErrorCode(NETWORK_GSM, error & 0xFFFF));
        }
        if (m.userMessageReference() != null) {
            tlvs.userMessageReference(m.userMessageReference());
        }
        return new DeliverSm(0, m.serviceType(), address(m.destination()), address(m.source()), esmClass,
                0, 0, "", "", 0, 0, 0, 0, text.getBytes(StandardCharsets.ISO_8859_1), tlvs.build());
    }

    static ReceiptStat stat(MessageState s) {
        return switch (s) {
            case DELIVERED -> ReceiptStat.DELIVRD;
            case EXPIRED -> ReceiptStat.EXPIRED;
            case DELETED -> ReceiptStat.DELETED;
            case UNDELIVERABLE -> ReceiptStat.UNDELIV;
            case ACCEPTED -> ReceiptStat.ACCEPTD;
            case REJECTED -> ReceiptStat.REJECTD;
            case SCHEDULED, ENROUTE -> ReceiptStat.ENROUTE;
            default -> ReceiptStat.UNKNOWN;
        };
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

    private static Address address(io.tern.smsc.store.Address a) {
        return new Address(a.ton(), a.npi(), a.addr());
    }
}
