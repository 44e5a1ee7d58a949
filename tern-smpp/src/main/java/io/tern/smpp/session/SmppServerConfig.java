package io.tern.smpp.session;

import io.tern.smpp.pdu.Limits;
import java.util.List;
import java.util.Objects;

/**
 * An SMPP server: its listeners (e.g. one plain, one TLS), the system_id it returns in
 * bind_resp (SMPP 3.4 §4.1.2), the session limits and timers, its I/O threads, and the limits
 * that hold across its sessions.
 *
 * @param ioThreads event loop threads, 0 for Netty's default (2 × cores)
 * @param limits connections, partial PDUs and unread responses over every session
 */
public record SmppServerConfig(List<ListenerConfig> listeners, String systemId, SessionConfig session,
        int ioThreads, ServerLimits limits) {

    public SmppServerConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener");
        }
        Objects.requireNonNull(systemId, "systemId");
        if (systemId.length() > Limits.SYSTEM_ID - 1) {
            throw new IllegalArgumentException("systemId longer than 15 characters");
        }
        Objects.requireNonNull(session, "session");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
        Objects.requireNonNull(limits, "limits");
        if (limits.partialPduBudget() < session.maxPduLength()) {
            throw new IllegalArgumentException("partialPduBudget " + limits.partialPduBudget()
                    + " is below maxPduLength " + session.maxPduLength() + ": the longest PDUs could never arrive");
        }
    }

    /** A server with the default {@link ServerLimits}. */
    public SmppServerConfig(List<ListenerConfig> listeners, String systemId, SessionConfig session, int ioThreads) {
        this(listeners, systemId, session, ioThreads, ServerLimits.DEFAULTS);
    }

    public SmppServerConfig withLimits(ServerLimits l) {
        return new SmppServerConfig(listeners, systemId, session, ioThreads, l);
    }

    /** One plain listener on 127.0.0.1 with an ephemeral port: for tests and examples. */
    public static SmppServerConfig localhost(String systemId, SessionConfig session) {
        return new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0)), systemId, session, 0);
    }
}
