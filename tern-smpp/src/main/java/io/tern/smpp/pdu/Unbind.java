package io.tern.smpp.pdu;

/** unbind (SMPP 3.4 §4.2.1): either side ends the session. */
public record Unbind(int sequenceNumber) implements PduRequest {

    @Override
    public CommandId commandId() {
        return CommandId.UNBIND;
    }

    @Override
    public Unbind withSequenceNumber(int sequenceNumber) {
        return new Unbind(sequenceNumber);
    }
}
