package io.tern.smpp.charset;

/**
 * Converts message text between the alphabets an SMSC hands to channels that expect different ones:
 * GSM 7-bit (unpacked, GSM 03.38 §6.2.1 with the extension table), Latin-1, IA5 and UCS-2 (SMPP 3.4
 * §5.2.19). Strict: a character the target alphabet lacks is an {@link UnencodableCharacterException}
 * naming its code point (a surrogate pair as one), never a silent {@code '?'}, because a changed text
 * is a wrong message.
 */
public final class Transcoder {

    private Transcoder() {
    }

    /**
     * The encoding of data_coding {@code dataCoding} if it is text Tern converts (0 GSM 7-bit,
     * 1 IA5, 3 Latin-1, 8 UCS-2; IA5 is read as its Latin-1 subset), or null: binary, the GSM 03.38
     * coding groups (their class and indication bits would be lost) and the national alphabets are
     * left as they are.
     */
    public static SmsEncoding encodingOf(int dataCoding) {
        switch (dataCoding) {
            case DataCoding.SMSC_DEFAULT: return SmsEncoding.GSM7;
            case DataCoding.IA5:
            case DataCoding.LATIN1: return SmsEncoding.EIGHT_BIT;
            case DataCoding.UCS2: return SmsEncoding.UCS2;
            default: return null;
        }
    }

    /** Decodes {@code len} octets at {@code off} of text in data_coding {@code dataCoding}. */
    public static String decode(byte[] data, int off, int len, int dataCoding) {
        return DataCoding.charsetFor(dataCoding).decode(data, off, len);
    }

    /**
     * Encodes {@code text} in {@code target}: unpacked septets, Latin-1 octets or UCS-2 units.
     *
     * @throws UnencodableCharacterException at the first character {@code target} cannot hold
     */
    public static byte[] encode(CharSequence text, SmsEncoding target) {
        switch (target) {
            case GSM7:
                return Gsm7.encodeUnpacked(text);
            case EIGHT_BIT:
                for (int i = 0, n = text.length(); i < n; i++) {
                    if (text.charAt(i) > 0xFF) {
                        throw new UnencodableCharacterException("LATIN1", i, Character.codePointAt(text, i));
                    }
                }
                return SingleByteCharset.LATIN1.encode(text.toString());
            default:
                return Ucs2.INSTANCE.encode(text.toString());
        }
    }

    /**
     * Re-encodes {@code len} octets at {@code off}, text in data_coding {@code from}, into
     * {@code target}.
     *
     * @throws UnencodableCharacterException at the first character {@code target} cannot hold
     */
    public static byte[] transcode(byte[] data, int off, int len, int from, SmsEncoding target) {
        return encode(decode(data, off, len, from), target);
    }
}
