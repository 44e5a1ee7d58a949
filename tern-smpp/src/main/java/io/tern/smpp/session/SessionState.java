package io.tern.smpp.session;

import io.tern.smpp.pdu.BindType;

/**
 * The states of an SMPP session (SMPP 3.4 §2.3; OUTBOUND from §2.2.1 for the ESME side after an
 * outbind; UNBINDING is the window between sending unbind and closing).
 */
public enum SessionState {
    /** Connected, not bound. */
    OPEN,
    /** ESME side: an outbind was received, the ESME may now bind as receiver. */
    OUTBOUND,
    BOUND_TX,
    BOUND_RX,
    BOUND_TRX,
    /** An unbind was sent or received; only the end of the session may follow. */
    UNBINDING,
    CLOSED;

    public boolean isBound() {
        return this == BOUND_TX || this == BOUND_RX || this == BOUND_TRX;
    }

    /** The bound state a successful bind of {@code type} leads to. */
    public static SessionState boundAs(BindType type) {
        return switch (type) {
            case TRANSMITTER -> BOUND_TX;
            case RECEIVER -> BOUND_RX;
            case TRANSCEIVER -> BOUND_TRX;
        };
    }
}
