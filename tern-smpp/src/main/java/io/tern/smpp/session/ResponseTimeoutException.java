package io.tern.smpp.session;

/** No response arrived within the response timeout (SMPP 5.0 §2.9 response_timer). */
public final class ResponseTimeoutException extends SmppSessionException {

    private static final long serialVersionUID = 1L;

    public ResponseTimeoutException(String message) {
        super(message);
    }
}
