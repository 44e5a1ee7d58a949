package io.tern.smpp.charset;

import java.util.Objects;

/**
 * The one-octet-per-character data codings of SMPP 3.4 §5.2.19 whose repertoire is a prefix of
 * Unicode: IA5 / ASCII (0x01, ITU-T T.50 international reference version), Latin-1
 * (0x03, ISO-8859-1) and octet unspecified (0x02 / 0x04), which maps octet n to U+00nn so that
 * binary content survives a trip through a {@code String}.
 */
public final class SingleByteCharset implements SmsCharset {

    /** IA5 / ASCII, data_coding 0x01: characters above 0x7F encode and decode as '?'. */
    public static final SingleByteCharset IA5 = new SingleByteCharset("IA5", 0x7F, true);

    /** ISO-8859-1, data_coding 0x03. */
    public static final SingleByteCharset LATIN1 = new SingleByteCharset("LATIN1", 0xFF, true);

    /** Octet unspecified (binary), data_coding 0x02 / 0x04: octet n is char U+00nn. */
    public static final SingleByteCharset BINARY = new SingleByteCharset("BINARY", 0xFF, false);

    private final String name;
    private final int max;
    private final boolean text;

    private SingleByteCharset(String name, int max, boolean text) {
        this.name = name;
        this.max = max;
        this.text = text;
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether this charset carries text, as opposed to binary octets. */
    public boolean isText() {
        return text;
    }

    @Override
    public byte[] encode(String s) {
        int n = s.length();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            out[i] = c <= max ? (byte) c : (byte) '?';
        }
        return out;
    }

    @Override
    public String decode(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        char[] out = new char[len];
        for (int i = 0; i < len; i++) {
            int b = data[off + i] & 0xFF;
            out[i] = b <= max ? (char) b : '?';
        }
        return new String(out);
    }

    @Override
    public boolean canEncode(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > max) {
                return false;
            }
        }
        return true;
    }
}
