package io.tern.smpp.session;

/** Why a request sent on a session did not get a response. */
public class SmppSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SmppSessionException(String message) {
        super(message, null, false, false);
    }
}
