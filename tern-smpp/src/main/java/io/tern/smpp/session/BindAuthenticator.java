package io.tern.smpp.session;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a bind is accepted (SMPP 3.4 §4.1). Asynchronous: while the stage is pending
 * the session reads nothing more. A failed stage is answered ESME_RBINDFAIL. Must not block.
 */
@FunctionalInterface
public interface BindAuthenticator {

    CompletionStage<BindResult> authenticate(BindRequestInfo info);
}
