package io.tern.smsc.store;

/**
 * A write queued to follow another ({@link MessageStore#recordAttemptAfter}) was not run because the
 * one before it did not change the message (it failed, was not committed, or found the message final
 * already); nothing was written. The caller takes the path it would have taken without the prior write.
 */
public final class PriorWriteNotRecordedException extends StoreException {

    public PriorWriteNotRecordedException(String id) {
        super("the write before this outcome of " + id + " did not change the message; this one was not run");
    }
}
