package io.tern.smsc.submit;

/** Told when a committed message makes a target due: a hint to the scheduler, never the truth. */
@FunctionalInterface
public interface WakeListener {
    void wake(String target);
}
