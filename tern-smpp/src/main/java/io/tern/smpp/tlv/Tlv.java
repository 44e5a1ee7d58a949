package io.tern.smpp.tlv;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One optional parameter (SMPP 3.4 §3.2.4.1, §5.3): a tag and its raw value. Known and unknown
 * (vendor) tags alike keep their bytes, so a TLV re-encodes exactly as it was received.
 */
public record Tlv(int tag, byte[] value) {

    public Tlv {
        if (tag < 0 || tag > 0xFFFF) {
            throw new IllegalArgumentException("TLV tag must be 0..0xFFFF, was " + tag);
        }
        Objects.requireNonNull(value, "value");
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("TLV value longer than 65535 octets");
        }
    }

    /** The tag's definition, or {@code null} for a vendor or unknown tag. */
    public TlvTag definition() {
        return TlvTag.lookup(tag);
    }

    /** The value as an unsigned big-endian integer (1, 2 or 4 octets). */
    public int intValue() {
        int v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /** The value as a C-Octet String, without its terminating NUL if present. */
    public String stringValue() {
        int len = value.length;
        if (len > 0 && value[len - 1] == 0) {
            len--;
        }
        return new String(value, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public int encodedLength() {
        return 4 + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv other && other.tag == tag && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        TlvTag def = definition();
        String name = def != null ? def.specName() : String.format("0x%04X", tag);
        return name + "=" + HexFormat.of().formatHex(value);
    }
}
