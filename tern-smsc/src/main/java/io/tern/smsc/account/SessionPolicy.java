package io.tern.smsc.account;

import java.time.Duration;
import java.util.Objects;

/**
 * How an account's sessions are kept (docs/protocol.md, "Sessions"): what a bind beyond
 * {@code max_binds} does, when one of its sessions counts as stale, and whether Tern reaches the
 * ESME by outbind (SMPP 3.4 §2.2.1, §4.1.7) when something waits for it and no receiver is bound.
 *
 * @param staleEnquireLink a session whose oldest unanswered enquire_link from Tern is older than this is stale
 * @param staleIdleIntervals a session from which nothing was received for this many
 *     {@code smpp.enquire_link_interval}s is stale
 * @param outbind where to send outbind, or {@code null} for never
 */
public record SessionPolicy(OnMaxBinds onMaxBinds, Duration staleEnquireLink, int staleIdleIntervals,
        Outbind outbind) {

    public static final SessionPolicy DEFAULT = new SessionPolicy(OnMaxBinds.REFUSE, Duration.ofSeconds(10), 3, null);

    /** What a bind gets when the account already has {@code max_binds} sessions. */
    public enum OnMaxBinds {
        /** ESME_RBINDFAIL. */
        REFUSE,
        /** One stale session is closed and the bind is accepted; with none stale, ESME_RBINDFAIL. */
        REPLACE_STALE
    }

    public SessionPolicy {
        Objects.requireNonNull(onMaxBinds, "onMaxBinds");
        Objects.requireNonNull(staleEnquireLink, "staleEnquireLink");
        if (staleEnquireLink.isNegative() || staleEnquireLink.isZero()) {
            throw new IllegalArgumentException("staleEnquireLink must be positive");
        }
        if (staleIdleIntervals < 1) {
            throw new IllegalArgumentException("staleIdleIntervals must be at least 1");
        }
    }

    /**
     * Where Tern connects to send outbind, what it sends, and how often it may try.
     *
     * @param systemId the outbind's system_id (who Tern is to the ESME), 1..15 characters
     * @param password the outbind's password, at most 8 characters
     * @param interval the shortest wait between two attempts; after failures it doubles, up to 8×
     */
    public record Outbind(String host, int port, String systemId, String password, Duration interval) {
        public Outbind {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535");
            }
            Objects.requireNonNull(systemId, "systemId");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String toString() {
            return "Outbind[" + host + ":" + port + ", system_id=" + systemId + ", password=****]";
        }
    }
}
