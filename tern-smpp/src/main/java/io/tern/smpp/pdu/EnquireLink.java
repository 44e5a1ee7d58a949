package io.tern.smpp.pdu;

/** enquire_link (SMPP 3.4 §4.11.1): a keep-alive either side may send. */
public record EnquireLink(int sequenceNumber) implements PduRequest {

    @Override
    public CommandId commandId() {
        return CommandId.ENQUIRE_LINK;
    }

    @Override
    public EnquireLink withSequenceNumber(int sequenceNumber) {
        return new EnquireLink(sequenceNumber);
    }
}
