package io.tern.smsc.store;

/**
 * A store operation did not take effect (for a write: it was not committed), so the caller must not
 * acknowledge it; the submission path answers ESME_RSYSERR.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
