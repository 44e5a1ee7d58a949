package io.tern.smpp.pdu;

import io.tern.smpp.tlv.TlvException;

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

    /** The SMPP status of TLVs that break a rule (§5.1.3): the one mapping from a TLV rule to a status. */
    public static PduValidationException of(TlvException e) {
        CommandStatus status = switch (e.kind()) {
            case STREAM -> CommandStatus.ESME_RINVOPTPARSTREAM;
            case LENGTH -> CommandStatus.ESME_RINVPARLEN;
            case VALUE -> CommandStatus.ESME_RINVOPTPARAMVAL;
        };
        PduValidationException p = new PduValidationException(status, e.getMessage());
        p.initCause(e);
        return p;
    }

    public CommandStatus status() {
        return status;
    }
}
