package io.tern.smsc.connector;

import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.DeliveryReceipt;
import io.tern.smpp.sms.ReceiptStat;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A delivery receipt as an upstream SMSC sends it (SMPP 3.4 §4.6.1 deliver_sm or §4.7.1 data_sm
 * with esm_class type 0x04, Appendix B text), read the way real SMSCs write it: the
 * receipted_message_id, message_state and network_error_code TLVs when present, otherwise the
 * {@code id:}, {@code stat:} and {@code err:} of the text; each id canonicalised with the format
 * the connector is configured for ({@link UpstreamIds}).
 *
 * <p>The text's dates are not read: the outcome is timed by Tern's clock when the receipt arrives
 * (an upstream's clock may run ahead of Tern's, and its text has minutes only), and parsing them
 * was most of the cost of reading a receipt.
 *
 * @param upstreamId the canonical id of the message at the upstream, empty if the receipt names none
 * @param state the state it reports; UNKNOWN when it names none Tern recognises
 * @param errorCode the upstream's error code, 0 if none
 */
public record UpstreamReceipt(String upstreamId, MessageState state, int errorCode) {

    /** esm_class message type bits (§5.2.12) and the value of an SMSC delivery receipt. */
    private static final int ESM_TYPE_MASK = 0x3C;
    private static final int ESM_TYPE_RECEIPT = 0x04;
    /** An intermediate delivery notification: the message is on its way, its final receipt is still to come. */
    private static final int ESM_TYPE_INTERMEDIATE = 0x20;

    /**
     * The receipt a deliver_sm or data_sm carries, or empty when it is a mobile-originated message:
     * esm_class says receipt or intermediate notification, or a receipted_message_id TLV is present.
     * An intermediate notification is never final, whatever it says: taken for a mobile-originated
     * message (as it was when it came without TLVs), its text went to the ESME owning the address the
     * message was sent from, or back upstream.
     */
    public static Optional<UpstreamReceipt> read(int esmClass, byte[] shortMessage, Tlvs tlvs, ConnectorConfig c) {
        Optional<String> tlvId = tlvs.receiptedMessageId();
        int type = esmClass & ESM_TYPE_MASK;
        if (type != ESM_TYPE_RECEIPT && type != ESM_TYPE_INTERMEDIATE && tlvId.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = shortMessage.length > 0 ? shortMessage : tlvs.messagePayload().orElse(new byte[0]);
        DeliveryReceipt text = DeliveryReceipt.parseIgnoringDates(new String(body, StandardCharsets.ISO_8859_1));
        String id = tlvId.map(s -> UpstreamIds.canonical(s, c.receiptedMessageIdFormat()))
                .orElseGet(() -> text.id() == null ? "" : UpstreamIds.canonical(text.id(), c.receiptIdFormat()));
        OptionalInt tlvState = tlvs.messageState();
        MessageState state;
        if (tlvState.isPresent() && StoredMessage.isState(tlvState.getAsInt())) {
            state = StoredMessage.stateOf(tlvState.getAsInt());
        } else {
            state = text.statValue().map(ReceiptStat::state).orElse(MessageState.UNKNOWN);
        }
        if (type == ESM_TYPE_INTERMEDIATE) {
            state = MessageState.ENROUTE;
        }
        int error = tlvs.networkErrorCode().map(Tlvs.NetworkErrorCode::errorCode).orElseGet(() -> error(text.err()));
        return Optional.of(new UpstreamReceipt(id, state, error));
    }

    /** {@code err:} is three digits by Appendix B, decimal by most SMSCs, hex by some. */
    private static int error(String err) {
        if (err == null || err.isBlank()) {
            return 0;
        }
        String s = err.trim();
        for (int radix : new int[] {10, 16}) {
            try {
                int v = Integer.parseInt(s, radix);
                if (v >= 0 && v <= 0xFFFF) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // try the next radix
            }
        }
        return 0;
    }

    /** Whether the state is a final one (an intermediate notification says ENROUTE and finishes nothing). */
    public boolean isFinal() {
        return state.isFinal();
    }
}
