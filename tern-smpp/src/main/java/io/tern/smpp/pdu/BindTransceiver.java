package io.tern.smpp.pdu;

/** bind_transceiver (SMPP 3.4 §4.1). */
public record BindTransceiver(int sequenceNumber, String systemId, String password, String systemType,
        int interfaceVersion, int addrTon, int addrNpi, String addressRange) implements Bind {

    public BindTransceiver {
        Bind.validate(systemId, password, systemType, interfaceVersion, addrTon, addrNpi, addressRange);
    }

    @Override
    public CommandId commandId() {
        return CommandId.BIND_TRANSCEIVER;
    }

    @Override
    public BindType bindType() {
        return BindType.TRANSCEIVER;
    }

    @Override
    public BindTransceiver withSequenceNumber(int sequenceNumber) {
        return new BindTransceiver(sequenceNumber, systemId, password, systemType, interfaceVersion, addrTon,
                addrNpi, addressRange);
    }

    @Override
    public String toString() {
        return Bind.describe(this);
    }
}
