package io.tern.smsc.submit;

import io.tern.smpp.pdu.CommandStatus;

/** A submission refused with an SMPP status; thrown while validating, never after a commit. */
public final class SubmissionException extends RuntimeException {

    private final transient CommandStatus status;
    private final String reason;

    public SubmissionException(CommandStatus status, String message) {
        super(status.mnemonic() + ": " + message, null, false, false);
        this.status = status;
        this.reason = message;
    }

    /** Why, without the status's mnemonic that the message starts with. */
    public String reason() {
        return reason;
    }

    public CommandStatus status() {
        return status;
    }
}
