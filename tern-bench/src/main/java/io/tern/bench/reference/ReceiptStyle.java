package io.tern.bench.reference;

import java.math.BigInteger;
import java.util.Locale;

/**
 * How a reference server writes its delivery receipts, as real SMSCs differ: the {@code id:} of the
 * receipt text as the submit_sm_resp message_id itself (hex) or as that hex id's decimal value,
 * optionally zero-padded to a width; and whether the receipt also carries the receipted_message_id
 * and message_state TLVs (SMPP 3.4 §5.3.2.12, §5.3.2.35), which name the message exactly as the
 * submit_sm_resp did.
 *
 * @param textId how the receipt text writes the id
 * @param padTo with {@link TextId#DECIMAL}, the decimal id is zero-padded to this many digits (0: none)
 * @param tlvs whether receipted_message_id and message_state are added
 */
public record ReceiptStyle(TextId textId, int padTo, boolean tlvs) {

    /** The style the servers always had: the hex id in the text, and both TLVs. */
    public static final ReceiptStyle DEFAULT = new ReceiptStyle(TextId.HEX, 0, true);

    /** How the receipt text writes the message id. */
    public enum TextId { HEX, DECIMAL }

    public ReceiptStyle {
        if (textId == null) {
            throw new IllegalArgumentException("textId is required");
        }
        if (padTo < 0 || padTo > 64 || (padTo > 0 && textId != TextId.DECIMAL)) {
            throw new IllegalArgumentException("padTo is 0..64 and only for decimal ids, was " + padTo);
        }
    }

    /**
     * Parses the command-line value: {@code hex}, {@code decimal} or {@code decimal:WIDTH}; the TLVs
     * are given separately.
     */
    public static ReceiptStyle parse(String textId, boolean tlvs) {
        String s = textId.trim().toLowerCase(Locale.ROOT);
        if (s.equals("hex")) {
            return new ReceiptStyle(TextId.HEX, 0, tlvs);
        }
        if (s.equals("decimal")) {
            return new ReceiptStyle(TextId.DECIMAL, 0, tlvs);
        }
        if (s.startsWith("decimal:")) {
            return new ReceiptStyle(TextId.DECIMAL, Integer.parseInt(s.substring("decimal:".length())), tlvs);
        }
        throw new IllegalArgumentException("receipt id style is hex, decimal or decimal:WIDTH, was " + textId);
    }

    /** The id as the receipt text writes it, for the submit_sm_resp id {@code hexId}. */
    public String textIdOf(String hexId) {
        if (textId == TextId.HEX) {
            return hexId;
        }
        String decimal = new BigInteger(hexId, 16).toString();
        StringBuilder out = new StringBuilder();
        for (int i = decimal.length(); i < padTo; i++) {
            out.append('0');
        }
        return out.append(decimal).toString();
    }
}
