package io.tern.smpp.sms;

import io.tern.smpp.charset.EncodingChooser;
import io.tern.smpp.charset.Gsm7;
import io.tern.smpp.charset.SmsEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a long text into short messages, in the three ways SMPP 3.4 offers: a concatenation UDH
 * in each short_message (3GPP TS 23.040 §9.2.3.24.1 / .8), the sar_* TLVs (SMPP 3.4 §5.3.2.22),
 * or one message_payload (§5.3.2.32). Parts never split a GSM escape sequence or a surrogate
 * pair, and number at most 255.
 */
public final class MessageSplitter {

    /** Most parts a concatenated message can have (one octet for the count). */
    public static final int MAX_PARTS = 255;

    /** The concatenation reference width, which also sets the UDH length. */
    public enum ReferenceSize {
        /** IEI 0x00, UDH of 6 octets: 153 septets / 67 UCS-2 units / 134 octets a part. */
        EIGHT_BIT(6, 0xFF),
        /** IEI 0x08, UDH of 7 octets: 152 septets / 66 UCS-2 units / 133 octets a part. */
        SIXTEEN_BIT(7, 0xFFFF);

        private final int udhLength;
        private final int maxRef;

        ReferenceSize(int udhLength, int maxRef) {
            this.udhLength = udhLength;
            this.maxRef = maxRef;
        }

        /** Octets of the concatenation UDH, UDHL included. */
        public int udhLength() {
            return udhLength;
        }

        /** The largest reference number. */
        public int maxRef() {
            return maxRef;
        }
    }

    /** How GSM 7-bit septets sit in short_message. */
    public enum Gsm7Form {
        /** One septet per octet, the SMPP default; the SMSC packs for the air interface. */
        UNPACKED,
        /** Packed septets (GSM 03.38 §6.1.2.1), after fill bits that align them past the UDH. */
        PACKED
    }

    private MessageSplitter() {
    }

    /** Splits with a concatenation UDH, GSM 7-bit septets unpacked. */
    public static List<MessagePart> withUdh(String text, SmsEncoding encoding, ReferenceSize size, int ref) {
        return withUdh(text, encoding, size, ref, Gsm7Form.UNPACKED);
    }

    /**
     * Splits with a concatenation UDH. A text that fits in one message comes back as one part
     * with no UDH.
     *
     * @throws io.tern.smpp.charset.UnencodableCharacterException if {@code encoding} is GSM7 and
     *     the text has a character outside the GSM 03.38 tables
     * @throws IllegalArgumentException if it needs more than 255 parts or {@code ref} is out of
     *     range for {@code size}
     */
    public static List<MessagePart> withUdh(
            String text, SmsEncoding encoding, ReferenceSize size, int ref, Gsm7Form form) {
        checkRef(size, ref);
        int[] bounds = EncodingChooser.segments(text, encoding, size.udhLength());
        int total = checkTotal(bounds.length - 1);
        boolean packed = form == Gsm7Form.PACKED && encoding == SmsEncoding.GSM7;
        if (total == 1) {
            byte[] body = packed ? Gsm7.encodePacked(text, 0) : encode(text, encoding);
            return List.of(new MessagePart(body, false, 0, 1, 1));
        }
        List<MessagePart> parts = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            String segment = text.substring(bounds[k], bounds[k + 1]);
            byte[] udh = concatUdh(size, ref, total, k + 1);
            byte[] body = packed
                    ? Gsm7.encodePacked(segment, Gsm7.fillBits(udh.length))
                    : encode(segment, encoding);
            parts.add(new MessagePart(concat(udh, body), true, ref, total, k + 1));
        }
        return parts;
    }

    /** Splits binary data with a concatenation UDH (140 octets single, 134 / 133 a part). */
    public static List<MessagePart> withUdh(byte[] data, ReferenceSize size, int ref) {
        checkRef(size, ref);
        if (data.length <= SmsEncoding.USER_DATA_OCTETS) {
            return List.of(new MessagePart(data, false, 0, 1, 1));
        }
        int limit = SmsEncoding.EIGHT_BIT.partLimit(size.udhLength());
        int total = checkTotal((data.length + limit - 1) / limit);
        List<MessagePart> parts = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            byte[] body = Arrays.copyOfRange(data, k * limit, Math.min(data.length, (k + 1) * limit));
            parts.add(new MessagePart(concat(concatUdh(size, ref, total, k + 1), body), true, ref, total, k + 1));
        }
        return parts;
    }

    /**
     * Splits for the sar_* TLVs: each short_message is only text, sized so the SMSC can add the
     * UDH of {@code size} for the air interface. {@code ref} is a 16-bit sar_msg_ref_num.
     */
    public static List<MessagePart> sar(String text, SmsEncoding encoding, ReferenceSize size, int ref) {
        checkRef(ReferenceSize.SIXTEEN_BIT, ref);
        int[] bounds = EncodingChooser.segments(text, encoding, size.udhLength());
        int total = checkTotal(bounds.length - 1);
        if (total == 1) {
            return List.of(new MessagePart(encode(text, encoding), false, 0, 1, 1));
        }
        List<MessagePart> parts = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            byte[] body = encode(text.substring(bounds[k], bounds[k + 1]), encoding);
            parts.add(new MessagePart(body, false, ref, total, k + 1));
        }
        return parts;
    }

    /** The whole text in one part, for message_payload (up to 64K octets, SMPP 3.4 §5.3.2.32). */
    public static MessagePart payload(String text, SmsEncoding encoding) {
        byte[] body = encode(text, encoding);
        if (body.length > 0xFFFF) {
            throw new IllegalArgumentException("message_payload holds at most 65535 octets: " + body.length);
        }
        return new MessagePart(body, false, 0, 1, 1);
    }

    private static byte[] encode(String text, SmsEncoding encoding) {
        // GSM7 strictly: substituting '?' silently would change the text the ESME sent
        return encoding == SmsEncoding.GSM7 ? Gsm7.encodeUnpacked(text) : encoding.charset().encode(text);
    }

    private static byte[] concatUdh(ReferenceSize size, int ref, int total, int seq) {
        return Udh.of(new InformationElement.Concatenation(ref, total, seq, size == ReferenceSize.SIXTEEN_BIT))
                .toBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void checkRef(ReferenceSize size, int ref) {
        if (ref < 0 || ref > size.maxRef()) {
            throw new IllegalArgumentException("reference " + ref + " out of range for " + size);
        }
    }

    private static int checkTotal(int total) {
        if (total > MAX_PARTS) {
            throw new IllegalArgumentException("text needs " + total + " parts, more than " + MAX_PARTS);
        }
        return total;
    }
}
