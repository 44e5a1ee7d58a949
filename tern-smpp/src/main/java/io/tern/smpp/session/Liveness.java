package io.tern.smpp.session;

import java.time.Duration;

/**
 * What a session knows of whether its peer is still there: how long since anything was received
 * from it, and how long the oldest enquire_link sent to it (§4.11) has waited for its answer.
 *
 * @param silentFor time since the last PDU received (or since the connection opened)
 * @param enquireLinkUnansweredFor age of the oldest unanswered enquire_link the session sent, or
 *     {@code null} when none is outstanding
 */
public record Liveness(Duration silentFor, Duration enquireLinkUnansweredFor) {

    /**
     * Stale: an enquire_link has waited longer than {@code unansweredLimit}, or nothing was
     * received for {@code silenceLimit} or longer.
     */
    public boolean stale(Duration unansweredLimit, Duration silenceLimit) {
        return (enquireLinkUnansweredFor != null && enquireLinkUnansweredFor.compareTo(unansweredLimit) > 0)
                || silentFor.compareTo(silenceLimit) >= 0;
    }
}
