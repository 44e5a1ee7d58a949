package io.tern.smpp.pdu;

/**
 * outbind (SMPP 3.4 §4.1.7): the SMSC asks an ESME to bind as receiver. It has no response;
 * {@link #toString()} hides the password.
 */
public record Outbind(int sequenceNumber, String systemId, String password) implements PduRequest {

    public Outbind {
        Limits.checkCString(systemId, Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        Limits.checkCString(password, Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password");
    }

    @Override
    public CommandId commandId() {
        return CommandId.OUTBIND;
    }

    @Override
    public Outbind withSequenceNumber(int sequenceNumber) {
        return new Outbind(sequenceNumber, systemId, password);
    }

    @Override
    public String toString() {
        return "outbind[seq=" + sequenceNumber + ", system_id=" + systemId + ", password=****]";
    }
}
