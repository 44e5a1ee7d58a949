package io.tern.smpp.charset;

import java.util.Arrays;
import java.util.Objects;

/**
 * The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 / GSM 03.38 §6.2.1 and
 * §6.2.1.1), in the unpacked form SMPP uses by default (one septet per octet) and in the packed
 * form of the air interface (§6.1.2.1), with fill bits for a preceding User Data Header.
 *
 * <p>Decoding never throws: an octet above 0x7F decodes to {@code '?'}, an escape followed by a
 * code the extension table lacks decodes to the basic-table character (§6.2.1.1), and an escape
 * followed by another escape, or standing last, decodes to a space, as the spec tells receivers.
 */
public final class Gsm7 implements SmsCharset {

    /** The charset instance for unpacked septets, substituting {@code '?'} when encoding. */
    public static final Gsm7 INSTANCE = new Gsm7();

    /** The escape to the extension table (§6.2.1). */
    public static final int ESCAPE = 0x1B;

    /** Septet of '?' in the default alphabet, the substitute for unencodable characters. */
    public static final byte QUESTION_MARK = 0x3F;

    private static final int CR = 0x0D;

    /** §6.2.1 basic table, indexed by septet; 0x1B (escape) decodes to a space. */
    private static final char[] BASIC = (
            "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
            + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E \u00C6\u00E6\u00DF\u00C9"
            + " !\"#\u00A4%&'()*+,-./"
            + "0123456789:;<=>?"
            + "\u00A1ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
            + "\u00BFabcdefghijklmno"
            + "pqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0").toCharArray();

    /** §6.2.1.1 extension table, indexed by the septet following the escape; 0 = not defined. */
    private static final char[] EXTENSION = new char[128];

    /**
     * Char to code: -1 not encodable, 0..0x7F a basic septet, 0x100 | s the extension septet s.
     * A full BMP table (128 KiB) keeps the encoder to one array load per character.
     */
    private static final short[] ENCODE = new short[0x10000];

    private static final int EXTENDED_FLAG = 0x100;

    static {
        EXTENSION[0x0A] = '\f';
        EXTENSION[0x14] = '^';
        EXTENSION[0x28] = '{';
        EXTENSION[0x29] = '}';
        EXTENSION[0x2F] = '\\';
        EXTENSION[0x3C] = '[';
        EXTENSION[0x3D] = '~';
        EXTENSION[0x3E] = ']';
        EXTENSION[0x40] = '|';
        EXTENSION[0x65] = '\u20AC';
        Arrays.fill(ENCODE, (short) -1);
        for (int s = 0; s < 128; s++) {
            if (s != ESCAPE) {
                ENCODE[BASIC[s]] = (short) s;
            }
        }
        for (int s = 0; s < 128; s++) {
            if (EXTENSION[s] != 0) {
                ENCODE[EXTENSION[s]] = (short) (EXTENDED_FLAG | s);
            }
        }
    }

    private Gsm7() {
    }

    @Override
    public String name() {
        return "GSM7";
    }

    /** Unpacked encoding with {@code '?'} substituted, see {@link #encodeUnpackedSubstituting}. */
    @Override
    public byte[] encode(String text) {
        return encodeUnpackedSubstituting(text);
    }

    @Override
    public String decode(byte[] data, int off, int len) {
        return decodeUnpacked(data, off, len);
    }

    @Override
    public boolean canEncode(CharSequence text) {
        return canEncodeText(text);
    }

    /** Whether every character of {@code text} is in the basic or the extension table. */
    public static boolean canEncodeText(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (ENCODE[text.charAt(i)] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} is in the basic or the extension table. */
    public static boolean canEncode(char c) {
        return ENCODE[c] >= 0;
    }

    /**
     * Septets {@code c} takes: 1 in the basic table, 2 in the extension table (escape + code), 0
     * if it is not encodable.
     */
    public static int septetWidth(char c) {
        int code = ENCODE[c];
        return code < 0 ? 0 : code >= EXTENDED_FLAG ? 2 : 1;
    }

    /**
     * Septets {@code text} takes once encoded: extension characters count 2, and a character
     * that is not encodable counts as the one {@code '?'} it is substituted with (a surrogate
     * pair, one code point, counts 1).
     */
    public static int septetCount(CharSequence text) {
        int count = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int code = ENCODE[c];
            if (code >= EXTENDED_FLAG) {
                count += 2;
            } else {
                count++;
                if (code < 0 && isPair(text, i)) {
                    i++;
                }
            }
        }
        return count;
    }

    /**
     * Encodes to unpacked septets (one per octet).
     *
     * @throws UnencodableCharacterException at the first character outside both tables
     */
    public static byte[] encodeUnpacked(CharSequence text) {
        return encode(text, true);
    }

    /** Encodes to unpacked septets, writing {@code '?'} for each code point outside both tables. */
    public static byte[] encodeUnpackedSubstituting(CharSequence text) {
        return encode(text, false);
    }

    private static byte[] encode(CharSequence text, boolean strict) {
        byte[] out = new byte[septetCount(text)];
        int o = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int code = ENCODE[c];
            if (code < 0) {
                if (strict) {
                    throw new UnencodableCharacterException("GSM7", i, Character.codePointAt(text, i));
                }
                out[o++] = QUESTION_MARK;
                if (isPair(text, i)) {
                    i++;
                }
            } else if (code >= EXTENDED_FLAG) {
                out[o++] = ESCAPE;
                out[o++] = (byte) (code & 0x7F);
            } else {
                out[o++] = (byte) code;
            }
        }
        return out;
    }

    private static boolean isPair(CharSequence text, int i) {
        return Character.isHighSurrogate(text.charAt(i))
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    /** Decodes unpacked septets (one per octet); never throws on content. */
    public static String decodeUnpacked(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        StringBuilder sb = new StringBuilder(len);
        int end = off + len;
        for (int i = off; i < end; i++) {
            int s = data[i] & 0xFF;
            if (s >= 0x80) {
                sb.append('?');
            } else if (s != ESCAPE) {
                sb.append(BASIC[s]);
            } else if (i + 1 == end) {
                sb.append(' ');
            } else {
                int e = data[i + 1] & 0xFF;
                if (e >= 0x80) {
                    sb.append(' ');
                    continue;
                }
                i++;
                if (EXTENSION[e] != 0) {
                    sb.append(EXTENSION[e]);
                } else {
                    // §6.2.1.1: unknown extension code shows as the basic character; ESC ESC,
                    // reserved for a further table, shows as a space (BASIC[0x1B] is a space).
                    sb.append(BASIC[e]);
                }
            }
        }
        return sb.toString();
    }

    /**
     * Encodes to packed septets after {@code fillBits} zero bits (GSM 03.38 §6.1.2.1). When the
     * last octet would keep 7 spare bits, a CR septet fills them (§6.1.2.3.1) so a receiver that
     * counts septets from the octet length does not read a spurious '@'; a text whose own final
     * CR would look like that padding gets a second CR.
     *
     * @throws UnencodableCharacterException at the first character outside both tables
     */
    public static byte[] encodePacked(CharSequence text, int fillBits) {
        return pack(encodeUnpacked(text), fillBits);
    }

    /**
     * The number of fill bits that align septets after a UDH of {@code udhLength} octets
     * (UDHL octet included) on a septet boundary (3GPP TS 23.040 §9.2.3.24).
     */
    public static int fillBits(int udhLength) {
        return (7 - (udhLength * 8) % 7) % 7;
    }

    /** Packs septets (values 0..0x7F) after {@code fillBits} zero bits, see {@link #encodePacked}. */
    public static byte[] pack(byte[] septets, int fillBits) {
        checkFillBits(fillBits);
        int n = septets.length;
        int bits = fillBits + 7 * n;
        // §6.1.2.3.1: a wanted CR ending exactly on an octet boundary would read as padding, so
        // another CR follows it (CR CR means the same as CR)
        boolean doubleCr = n > 0 && (bits & 7) == 0 && septets[n - 1] == CR;
        byte[] out = new byte[((bits + 7) >>> 3) + (doubleCr ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            putSeptet(out, fillBits + 7 * i, septets[i] & 0x7F);
        }
        if (doubleCr || out.length * 8 - bits == 7) {
            putSeptet(out, bits, CR);
        }
        return out;
    }

    private static void putSeptet(byte[] out, int bitPos, int s) {
        int idx = bitPos >>> 3;
        int shift = bitPos & 7;
        out[idx] |= (byte) (s << shift);
        if (shift > 1) {
            out[idx + 1] |= (byte) (s >>> (8 - shift));
        }
    }

    /**
     * Unpacks {@code septetCount} septets from {@code len} packed octets whose first
     * {@code fillBits} bits are fill (the count is the TP-UDL, or derived from the length).
     */
    public static byte[] unpack(byte[] data, int off, int len, int fillBits, int septetCount) {
        Objects.checkFromIndexSize(off, len, data.length);
        checkFillBits(fillBits);
        if (septetCount < 0 || fillBits + 7L * septetCount > 8L * len) {
            throw new IllegalArgumentException(
                    septetCount + " septets after " + fillBits + " fill bits do not fit in " + len + " octets");
        }
        byte[] out = new byte[septetCount];
        for (int i = 0; i < septetCount; i++) {
            int bitPos = fillBits + 7 * i;
            int idx = off + (bitPos >>> 3);
            int shift = bitPos & 7;
            int v = (data[idx] & 0xFF) >>> shift;
            if (shift > 1) {
                v |= (data[idx + 1] & 0xFF) << (8 - shift);
            }
            out[i] = (byte) (v & 0x7F);
        }
        return out;
    }

    /**
     * Decodes packed septets when the septet count is not known: it is derived from the length,
     * and a CR in 7 spare bits of the last octet is dropped as padding (§6.1.2.3.1).
     */
    public static String decodePacked(byte[] data, int off, int len, int fillBits) {
        checkFillBits(fillBits);
        int bits = 8 * len - fillBits;
        if (bits < 7) {
            return "";
        }
        int count = bits / 7;
        byte[] septets = unpack(data, off, len, fillBits, count);
        if (count > 0 && fillBits + 7 * (count - 1) == 8 * len - 7
                && septets[count - 1] == CR) {
            // the last septet sits alone in the top 7 bits of the last octet: CR there is padding
            count--;
        }
        return decodeUnpacked(septets, 0, count);
    }

    /**
     * Decodes exactly {@code septetCount} packed septets (the TP-UDL is known).
     *
     * @throws IllegalArgumentException if that many septets do not fit in {@code len} octets
     */
    public static String decodePacked(byte[] data, int off, int len, int fillBits, int septetCount) {
        byte[] septets = unpack(data, off, len, fillBits, septetCount);
        return decodeUnpacked(septets, 0, septets.length);
    }

    private static void checkFillBits(int fillBits) {
        if (fillBits < 0 || fillBits > 6) {
            throw new IllegalArgumentException("fill bits must be 0..6: " + fillBits);
        }
    }
}
