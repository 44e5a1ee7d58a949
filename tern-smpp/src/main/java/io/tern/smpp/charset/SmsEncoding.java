package io.tern.smpp.charset;

/**
 * The three ways a text travels in an SMS and what 140 octets of TP-User-Data hold in each
 * (3GPP TS 23.040 §9.2.3.16, GSM 03.38 §6): GSM 7-bit septets, UCS-2 units, or 8-bit octets.
 */
public enum SmsEncoding {
    /** GSM 7-bit default alphabet; units are septets (an extension character takes 2). */
    GSM7(DataCoding.SMSC_DEFAULT, Gsm7.INSTANCE),
    /** UCS-2; units are 16-bit code units (a surrogate pair takes 2). */
    UCS2(DataCoding.UCS2, Ucs2.INSTANCE),
    /** 8-bit data; units are octets, text mapped one char per octet (Latin-1). */
    EIGHT_BIT(DataCoding.LATIN1, SingleByteCharset.LATIN1);

    /** Octets of TP-User-Data in one SMS (23.040 §9.2.3.16). */
    public static final int USER_DATA_OCTETS = 140;

    private final int dataCoding;
    private final SmsCharset charset;

    SmsEncoding(int dataCoding, SmsCharset charset) {
        this.dataCoding = dataCoding;
        this.charset = charset;
    }

    /** The data_coding value for a text in this encoding. */
    public int dataCoding() {
        return dataCoding;
    }

    /** The charset that turns text into this encoding's units (GSM7 unpacked: one per octet). */
    public SmsCharset charset() {
        return charset;
    }

    /** Units one SMS holds without a UDH: 160 septets, 70 UCS-2 units, 140 octets. */
    public int singleLimit() {
        return partLimit(0);
    }

    /**
     * Units one SMS holds after a UDH of {@code udhLength} octets, UDHL included: 153 / 67 / 134
     * after the 6-octet concatenation header, 152 / 66 / 133 after the 16-bit reference one.
     * GSM septets start at the next septet boundary after the UDH (fill bits).
     */
    public int partLimit(int udhLength) {
        if (udhLength < 0 || udhLength >= USER_DATA_OCTETS) {
            throw new IllegalArgumentException("UDH length out of range: " + udhLength);
        }
        int octets = USER_DATA_OCTETS - udhLength;
        switch (this) {
            case GSM7: return octets * 8 / 7;
            case UCS2: return octets / 2;
            default: return octets;
        }
    }
}
