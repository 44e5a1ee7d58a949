package io.tern.smpp.pdu;

/**
 * A field value that breaks a limit of the spec, raised when a PDU is constructed. It carries the
 * SMPP status that a receiver of such a field would answer with.
 */
public final class PduValidationException extends IllegalArgumentException {

    private final transient CommandStatus status;

    public PduValidationException(CommandStatus status, String message) {
        super(status.mnemonic() + ": " + message);
        this.status = status;
    }

    public CommandStatus status() {
        return status;
    }
}
