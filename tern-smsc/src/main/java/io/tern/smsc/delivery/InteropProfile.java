package io.tern.smsc.delivery;

import io.tern.smpp.sms.DeliveryReceipt;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;

/**
 * How one ESME wants to be spoken to where real ESMEs disagree (docs/protocol.md, "Interop
 * profiles"): the form of the message id in its receipts, the receipt text's layout and whether its
 * {@code text:} field is filled, what data_coding 0 means to it and which encoding it takes, and
 * whether it may be sent optional TLVs at all (some SMPP 3.4 ESMEs fail on any). {@link #DEFAULT} is
 * Tern's behaviour without a profile.
 *
 * @param name the profile's name, for logs and errors
 * @param receiptTextId how the receipt text's {@code id:} writes the message id
 * @param receiptedMessageId how the receipted_message_id TLV writes it
 * @param receiptTemplate the receipt text's layout ({@link DeliveryReceipt#format(String, java.time.ZoneId)}),
 *     or null for SMPP 3.4 Appendix B's
 * @param receiptText whether the receipt's {@code text:} carries the message's first 20 characters
 * @param encoding data_coding 0's meaning and the encoding of messages delivered to this ESME
 * @param tlvs whether deliver_sm to this ESME may carry optional parameters
 */
public record InteropProfile(String name, IdFormat receiptTextId, IdFormat receiptedMessageId, String receiptTemplate,
        boolean receiptText, ChannelEncoding encoding, boolean tlvs) {

    /** Tern's behaviour: ids as issued, Appendix B text with its excerpt, messages as submitted, TLVs sent. */
    public static final InteropProfile DEFAULT = new InteropProfile("default", IdFormat.AS_STORED, IdFormat.AS_STORED,
            null, true, ChannelEncoding.DEFAULT, true);

    /** How a receipt writes Tern's message id (16 hexadecimal digits, docs/protocol.md). */
    public enum IdFormat {
        /** As submit_sm_resp gave it. */
        AS_STORED,
        /** Its value in decimal, as ESMEs that keep ids in a number column expect. */
        DECIMAL,
        /** Its value in upper-case hexadecimal without leading zeros. */
        HEX;

        /** {@code id} in this form; an id that is not a hexadecimal number is written as stored. */
        public String format(String id) {
            if (this == AS_STORED || id.isEmpty() || id.length() > 32) {
                return id;
            }
            BigInteger v;
            try {
                v = new BigInteger(id, 16);
            } catch (NumberFormatException e) {
                return id;
            }
            return this == DECIMAL ? v.toString() : v.toString(16).toUpperCase(Locale.ROOT);
        }
    }

    public InteropProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(receiptTextId, "receiptTextId");
        Objects.requireNonNull(receiptedMessageId, "receiptedMessageId");
        Objects.requireNonNull(encoding, "encoding");
        if (receiptTemplate != null) {
            DeliveryReceipt.checkTemplate(receiptTemplate);
        }
    }
}
