package io.tern.smpp.pdu;

/** bind_transmitter (SMPP 3.4 §4.1). */
public record BindTransmitter(int sequenceNumber, String systemId, String password, String systemType,
        int interfaceVersion, int addrTon, int addrNpi, String addressRange) implements Bind {

    public BindTransmitter {
        Bind.validate(systemId, password, systemType, interfaceVersion, addrTon, addrNpi, addressRange);
    }

    @Override
    public CommandId commandId() {
        return CommandId.BIND_TRANSMITTER;
    }

    @Override
    public BindType bindType() {
        return BindType.TRANSMITTER;
    }

    @Override
    public BindTransmitter withSequenceNumber(int sequenceNumber) {
        return new BindTransmitter(sequenceNumber, systemId, password, systemType, interfaceVersion, addrTon,
                addrNpi, addressRange);
    }

    @Override
    public String toString() {
        return Bind.describe(this);
    }
}
