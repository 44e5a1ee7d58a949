package io.tern.smpp.session;

/** The session closed (or began to unbind) before the request was answered. */
public final class SessionClosedException extends SmppSessionException {

    private static final long serialVersionUID = 1L;

    public SessionClosedException(String message) {
        super(message);
    }
}
