package io.tern.smpp.session;

/** The request may not be sent in the session's current state (SMPP 3.4 §2.3, see OperationMatrix). */
public final class InvalidSessionStateException extends SmppSessionException {

    private static final long serialVersionUID = 1L;

    public InvalidSessionStateException(String message) {
        super(message);
    }
}
