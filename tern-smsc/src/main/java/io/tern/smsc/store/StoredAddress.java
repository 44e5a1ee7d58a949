package io.tern.smsc.store;

import java.util.Objects;

/**
 * An SME address as SMPP 3.4 §5.2.5-§5.2.8 carries it: type of number, numbering plan and the
 * digits, kept together because matching (cancel_sm, replace_if_present) compares all three.
 */
public record StoredAddress(int ton, int npi, String addr) {

    public StoredAddress {
        StoredMessage.requireOctet("ton", ton);
        StoredMessage.requireOctet("npi", npi);
        Objects.requireNonNull(addr, "addr");
    }
}
