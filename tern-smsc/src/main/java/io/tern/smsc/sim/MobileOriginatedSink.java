package io.tern.smsc.sim;

import java.util.concurrent.CompletableFuture;

/**
 * Where the handset network sends what its handsets send: the SMSC routes and stores it. The
 * future completes with the stored message's id once it is committed, or fails with
 * {@link MobileOriginatedRefusedException} when no route takes it.
 */
@FunctionalInterface
public interface MobileOriginatedSink {

    CompletableFuture<String> accept(MobileOriginated mo);
}
