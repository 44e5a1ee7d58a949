package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** cancel_broadcast_sm (SMPP 5.0 §4.6.2.1). */
public record CancelBroadcastSm(int sequenceNumber, String serviceType, String messageId, Address sourceAddr,
        Tlvs tlvs) implements PduRequest {

    public CancelBroadcastSm {
        Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.CANCEL_BROADCAST_SM;
    }

    @Override
    public CancelBroadcastSm withSequenceNumber(int sequenceNumber) {
        return new CancelBroadcastSm(sequenceNumber, serviceType, messageId, sourceAddr, tlvs);
    }
}
