package io.tern.smsc.store;

/**
 * The store cannot commit for now for a reason outside the operation (the disk is full, an I/O
 * error, the database locked by another process): the write was not committed, and the store
 * retries by itself, so the caller should try again later. The submission path answers
 * ESME_RMSGQFUL, as for a full queue. {@link MessageStore#health()} says why.
 */
public class StoreUnavailableException extends StoreOverloadedException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
