package io.tern.smpp.pdu;

import java.util.Objects;

/** One entry of submit_multi_resp's unsuccess_smes (SMPP 3.4 §4.5.2.1): a destination and why it failed. */
public record UnsuccessSme(Address address, CommandStatus errorStatusCode) {
    public UnsuccessSme {
        Limits.checkAddress(address, Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
        Objects.requireNonNull(errorStatusCode, "error_status_code");
    }
}
