package io.tern.smpp.pdu;

/** query_sm (SMPP 3.4 §4.8.1): the state of a previously submitted message. */
public record QuerySm(int sequenceNumber, String messageId, Address sourceAddr) implements PduRequest {

    public QuerySm {
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
    }

    @Override
    public CommandId commandId() {
        return CommandId.QUERY_SM;
    }

    @Override
    public QuerySm withSequenceNumber(int sequenceNumber) {
        return new QuerySm(sequenceNumber, messageId, sourceAddr);
    }
}
