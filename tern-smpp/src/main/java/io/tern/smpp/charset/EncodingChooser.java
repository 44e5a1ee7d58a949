package io.tern.smpp.charset;

import java.util.Arrays;

/**
 * Picks the cheapest encoding for a text (GSM 7-bit when every character is in the GSM 03.38
 * tables, UCS-2 otherwise) and cuts it into SMS-sized parts without splitting an escape sequence
 * or a surrogate pair across a part boundary (3GPP TS 23.040 §9.2.3.24.1, GSM 03.38 §6.2.1.1).
 */
public final class EncodingChooser {

    /** The concatenation UDH with an 8-bit reference: UDHL + IEI + IEDL + 3 octets. */
    public static final int CONCAT_8BIT_UDH_LENGTH = 6;

    /** How a text will travel: its encoding, its length in units, and the parts it needs. */
    public record Plan(SmsEncoding encoding, int units, int parts) {
    }

    private EncodingChooser() {
    }

    /** GSM7 when every character is encodable in it, UCS2 otherwise. */
    public static SmsEncoding choose(CharSequence text) {
        return Gsm7.canEncodeText(text) ? SmsEncoding.GSM7 : SmsEncoding.UCS2;
    }

    /** The cheapest plan, parts sized for an 8-bit reference concatenation UDH (153 / 67). */
    public static Plan plan(CharSequence text) {
        return plan(text, choose(text), CONCAT_8BIT_UDH_LENGTH);
    }

    /** The plan for {@code text} in {@code encoding}, with a UDH of {@code udhLength} per part. */
    public static Plan plan(CharSequence text, SmsEncoding encoding, int udhLength) {
        int[] bounds = segments(text, encoding, udhLength);
        return new Plan(encoding, units(text, encoding), bounds.length - 1);
    }

    /** Units {@code text} takes in {@code encoding}: septets, UCS-2 units or octets. */
    public static int units(CharSequence text, SmsEncoding encoding) {
        return encoding == SmsEncoding.GSM7 ? Gsm7.septetCount(text) : text.length();
    }

    /**
     * Part boundaries as char indexes into {@code text}: part {@code k} is
     * {@code [b[k], b[k+1])}. A text within the single-SMS limit is one part; otherwise parts
     * are filled greedily up to {@link SmsEncoding#partLimit(int)} units. An empty text is one
     * empty part.
     */
    public static int[] segments(CharSequence text, SmsEncoding encoding, int udhLength) {
        int n = text.length();
        if (units(text, encoding) <= encoding.singleLimit()) {
            return new int[] {0, n};
        }
        int limit = encoding.partLimit(udhLength);
        int[] bounds = new int[16];
        int count = 1;
        int used = 0;
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1));
            int chars = pair ? 2 : 1;
            int width;
            if (encoding == SmsEncoding.GSM7) {
                // an unencodable character (a pair included) is one substituted '?'
                width = Math.max(1, Gsm7.septetWidth(c));
            } else {
                width = chars;
            }
            if (used + width > limit) {
                if (count == bounds.length) {
                    bounds = Arrays.copyOf(bounds, count * 2);
                }
                bounds[count++] = i;
                used = 0;
            }
            used += width;
            i += chars;
        }
        if (count + 1 > bounds.length) {
            bounds = Arrays.copyOf(bounds, count + 1);
        }
        bounds[count++] = n;
        return Arrays.copyOf(bounds, count);
    }
}
