package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/**
 * alert_notification (SMPP 3.4 §4.12.1): the SMSC tells an ESME that a mobile subscriber it asked
 * about (set_dpf) is available again. It has no response.
 */
public record AlertNotification(int sequenceNumber, Address sourceAddr, Address esmeAddr, Tlvs tlvs)
        implements PduRequest {

    public AlertNotification {
        Limits.checkAddress(sourceAddr, Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Limits.checkAddress(esmeAddr, Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "esme_addr");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.ALERT_NOTIFICATION;
    }

    @Override
    public AlertNotification withSequenceNumber(int sequenceNumber) {
        return new AlertNotification(sequenceNumber, sourceAddr, esmeAddr, tlvs);
    }
}
