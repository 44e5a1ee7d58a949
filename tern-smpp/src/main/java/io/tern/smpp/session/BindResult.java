package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandStatus;
import java.util.Objects;

/**
 * The outcome of bind authentication (SMPP 3.4 §4.1.2): accept with the handler for the session's
 * requests, or reject with the status the bind_resp carries (ESME_RINVSYSID, ESME_RINVPASWD,
 * ESME_RBINDFAIL, ESME_RALYBND, ...).
 */
public record BindResult(CommandStatus status, SmppRequestHandler handler, SessionListener listener) {

    public BindResult {
        Objects.requireNonNull(status, "status");
        if (status == CommandStatus.ESME_ROK) {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(listener, "listener");
        }
    }

    public static BindResult accept(SmppRequestHandler handler) {
        return new BindResult(CommandStatus.ESME_ROK, handler, SessionListener.NONE);
    }

    public static BindResult accept(SmppRequestHandler handler, SessionListener listener) {
        return new BindResult(CommandStatus.ESME_ROK, handler, listener);
    }

    public static BindResult reject(CommandStatus status) {
        if (status == CommandStatus.ESME_ROK) {
            throw new IllegalArgumentException("a rejection needs an error status");
        }
        return new BindResult(status, null, null);
    }

    public boolean accepted() {
        return status == CommandStatus.ESME_ROK;
    }
}
