package io.tern.smpp.pdu;

import java.util.Objects;

/**
 * An SME address: type of number, numbering plan indicator and the address digits
 * (SMPP 3.4 §5.2.5 - §5.2.8). The length limit depends on the PDU and is checked there.
 */
public record Address(int ton, int npi, String address) {

    public static final Address EMPTY = new Address(0, 0, "");

    public Address {
        if (((ton | npi) & ~0xFF) != 0) {
            Limits.checkUnsignedByte(ton, "addr_ton");
            Limits.checkUnsignedByte(npi, "addr_npi");
        }
        Objects.requireNonNull(address, "address");
    }

    public static Address of(int ton, int npi, String address) {
        return new Address(ton, npi, address);
    }

    /**
     * Whether {@code ton} is a type of number SMPP defines (§5.2.5: 0 unknown, 1 international, 2
     * national, 3 network specific, 4 subscriber number, 5 alphanumeric, 6 abbreviated); the others
     * are reserved.
     */
    public static boolean isDefinedTon(int ton) {
        return ton >= 0 && ton <= 6;
    }

    /**
     * Whether {@code npi} is a numbering plan SMPP defines (§5.2.6: 0 unknown, 1 ISDN E.163/E.164,
     * 3 data X.121, 4 telex F.69, 6 land mobile E.212, 8 national, 9 private, 10 ERMES, 14 Internet
     * IP, and 18 WAP client id from SMPP 5.0); the others are reserved.
     */
    public static boolean isDefinedNpi(int npi) {
        return switch (npi) {
            case 0, 1, 3, 4, 6, 8, 9, 10, 14, 18 -> true;
            default -> false;
        };
    }

    /** International (TON 1) E.164 (NPI 1) number. */
    public static Address international(String digits) {
        return new Address(1, 1, digits);
    }

    @Override
    public String toString() {
        return ton + "." + npi + "." + address;
    }
}
