package io.tern.smpp.pdu;

/**
 * The three bind requests (SMPP 3.4 §4.1) share one body. {@link #toString()} of every bind
 * hides the password.
 */
public sealed interface Bind extends PduRequest permits BindTransmitter, BindReceiver, BindTransceiver {

    String systemId();

    String password();

    String systemType();

    int interfaceVersion();

    int addrTon();

    int addrNpi();

    String addressRange();

    BindType bindType();

    /** The bind request of a given type with these fields. */
    static Bind of(BindType type, int sequenceNumber, String systemId, String password, String systemType,
            int interfaceVersion, int addrTon, int addrNpi, String addressRange) {
        return switch (type) {
            case TRANSMITTER -> new BindTransmitter(sequenceNumber, systemId, password, systemType,
                    interfaceVersion, addrTon, addrNpi, addressRange);
            case RECEIVER -> new BindReceiver(sequenceNumber, systemId, password, systemType,
                    interfaceVersion, addrTon, addrNpi, addressRange);
            case TRANSCEIVER -> new BindTransceiver(sequenceNumber, systemId, password, systemType,
                    interfaceVersion, addrTon, addrNpi, addressRange);
        };
    }

    static void validate(String systemId, String password, String systemType, int interfaceVersion,
            int addrTon, int addrNpi, String addressRange) {
        Limits.checkCString(systemId, Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        Limits.checkCString(password, Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password");
        Limits.checkCString(systemType, Limits.SYSTEM_TYPE, CommandStatus.ESME_RINVSYSTYP, "system_type");
        Limits.checkUnsignedByte(interfaceVersion, "interface_version");
        Limits.checkUnsignedByte(addrTon, "addr_ton");
        Limits.checkUnsignedByte(addrNpi, "addr_npi");
        Limits.checkCString(addressRange, Limits.ADDRESS_RANGE, CommandStatus.ESME_RBINDFAIL, "address_range");
    }

    static String describe(Bind b) {
        return b.commandId().name().toLowerCase(java.util.Locale.ROOT) + "[seq=" + b.sequenceNumber()
                + ", system_id=" + b.systemId() + ", password=****, system_type=" + b.systemType()
                + ", interface_version=0x" + Integer.toHexString(b.interfaceVersion())
                + ", addr_ton=" + b.addrTon() + ", addr_npi=" + b.addrNpi()
                + ", address_range=" + b.addressRange() + "]";
    }
}
