package io.tern.smsc.store;

/**
 * The store's bounded queue of pending work is full: the operation was refused at once instead of
 * buffering without bound, and the caller answers ESME_RMSGQFUL (docs/architecture.md, promise 5).
 */
public class StoreOverloadedException extends StoreException {

    public StoreOverloadedException(String message) {
        super(message);
    }
}
