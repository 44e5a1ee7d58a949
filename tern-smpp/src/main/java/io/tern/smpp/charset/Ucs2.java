package io.tern.smpp.charset;

import java.util.Objects;

/**
 * UCS-2 as SMPP data_coding 0x08 carries it (SMPP 3.4 §5.2.19, GSM 03.38 §6.2.3): big-endian
 * 16-bit units. Characters outside the BMP travel as UTF-16 surrogate pairs, two units each,
 * which is what handsets display.
 */
public final class Ucs2 implements SmsCharset {

    public static final Ucs2 INSTANCE = new Ucs2();

    private Ucs2() {
    }

    @Override
    public String name() {
        return "UCS2";
    }

    /** Every char becomes two octets, big-endian; lone surrogates pass through unchanged. */
    @Override
    public byte[] encode(String text) {
        int n = text.length();
        byte[] out = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out[2 * i] = (byte) (c >>> 8);
            out[2 * i + 1] = (byte) c;
        }
        return out;
    }

    /** Decodes big-endian units; an odd trailing octet decodes to {@code '?'}. */
    @Override
    public String decode(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        char[] out = new char[(len + 1) / 2];
        int units = len / 2;
        for (int i = 0; i < units; i++) {
            out[i] = (char) (((data[off + 2 * i] & 0xFF) << 8) | (data[off + 2 * i + 1] & 0xFF));
        }
        if ((len & 1) != 0) {
            out[units] = '?';
        }
        return new String(out);
    }

    /** Any Java string is representable: UTF-16 units map one to one. */
    @Override
    public boolean canEncode(CharSequence text) {
        return true;
    }

    /** 16-bit units {@code text} takes: its char count, a surrogate pair counting 2. */
    public static int unitCount(CharSequence text) {
        return text.length();
    }
}
