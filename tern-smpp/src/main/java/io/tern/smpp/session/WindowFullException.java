package io.tern.smpp.session;

/** The send window and its bounded pending queue are both full (SMPP 3.4 §2.6): the caller must slow down. */
public final class WindowFullException extends SmppSessionException {

    private static final long serialVersionUID = 1L;

    public WindowFullException(String message) {
        super(message);
    }
}
