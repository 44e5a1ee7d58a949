package io.tern.smpp.pdu;

/**
 * cancel_sm (SMPP 3.4 §4.9.1): cancels one pending message by message_id, or, with an empty
 * message_id, every pending message matching source, destination and service_type.
 */
public record CancelSm(int sequenceNumber, String serviceType, String messageId, Address sourceAddr,
        Address destinationAddr) implements PduRequest {

    public CancelSm {
        Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Limits.checkAddress(destinationAddr, Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
    }

    @Override
    public CommandId commandId() {
        return CommandId.CANCEL_SM;
    }

    @Override
    public CancelSm withSequenceNumber(int sequenceNumber) {
        return new CancelSm(sequenceNumber, serviceType, messageId, sourceAddr, destinationAddr);
    }
}
