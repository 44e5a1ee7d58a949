package io.tern.smpp.session;

/** Told when a session becomes bound and when it closes, e.g. to track receivers for delivery. */
public interface SessionListener {

    SessionListener NONE = new SessionListener() {
    };

    /** The session is bound (state BOUND_TX/RX/TRX). Runs on the session's event loop. */
    default void onBound(SmppSession session) {
    }

    /** The session is closed; called once, also for sessions that never bound. */
    default void onClosed(SmppSession session) {
    }
}
