package io.tern.smpp.pdu;

/** bind_receiver (SMPP 3.4 §4.1). */
public record BindReceiver(int sequenceNumber, String systemId, String password, String systemType,
        int interfaceVersion, int addrTon, int addrNpi, String addressRange) implements Bind {

    public BindReceiver {
        Bind.validate(systemId, password, systemType, interfaceVersion, addrTon, addrNpi, addressRange);
    }

    @Override
    public CommandId commandId() {
        return CommandId.BIND_RECEIVER;
    }

    @Override
    public BindType bindType() {
        return BindType.RECEIVER;
    }

    @Override
    public BindReceiver withSequenceNumber(int sequenceNumber) {
        return new BindReceiver(sequenceNumber, systemId, password, systemType, interfaceVersion, addrTon,
                addrNpi, addressRange);
    }

    @Override
    public String toString() {
        return Bind.describe(this);
    }
}
