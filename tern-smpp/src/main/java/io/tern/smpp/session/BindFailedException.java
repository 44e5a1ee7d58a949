package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandStatus;

/** The SMSC answered the bind with an error status (SMPP 3.4 §4.1.2). */
public final class BindFailedException extends SmppSessionException {

    private static final long serialVersionUID = 1L;

    private final transient CommandStatus status;

    public BindFailedException(CommandStatus status) {
        super("bind refused: " + status);
        this.status = status;
    }

    public CommandStatus status() {
        return status;
    }
}
