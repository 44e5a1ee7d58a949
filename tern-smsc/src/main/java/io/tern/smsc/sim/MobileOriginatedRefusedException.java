package io.tern.smsc.sim;

/** A mobile-originated message no route takes (no route for its destination, or a reject route). */
public final class MobileOriginatedRefusedException extends RuntimeException {

    public MobileOriginatedRefusedException(String message) {
        super(message);
    }
}
