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

    /** International (TON 1) E.164 (NPI 1) number. */
    public static Address international(String digits) {
        return new Address(1, 1, digits);
    }

    @Override
    public String toString() {
        return ton + "." + npi + "." + address;
    }
}
