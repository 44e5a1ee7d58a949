package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/** query_broadcast_sm (SMPP 5.0 §4.6.1.1). */
public record QueryBroadcastSm(int sequenceNumber, String messageId, Address sourceAddr, Tlvs tlvs)
        implements PduRequest {

    public QueryBroadcastSm {
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.QUERY_BROADCAST_SM;
    }

    @Override
    public QueryBroadcastSm withSequenceNumber(int sequenceNumber) {
        return new QueryBroadcastSm(sequenceNumber, messageId, sourceAddr, tlvs);
    }
}
