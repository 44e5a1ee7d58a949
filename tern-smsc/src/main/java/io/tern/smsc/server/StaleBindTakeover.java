package io.tern.smsc.server;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.session.Liveness;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.account.AccountService.BindDecision;
import io.tern.smsc.account.SessionPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code on_max_binds: replace_stale} (docs/protocol.md, "Sessions"): a bind that finds its account
 * at max_binds closes one of the account's sessions that has stopped answering, and takes its
 * place. A session is stale when the oldest enquire_link Tern sent it has waited longer than
 * {@code stale_enquire_link_timeout}, or when nothing came from it for {@code stale_idle_intervals}
 * enquire_link intervals; a session that answers is never closed for a new bind.
 */
final class StaleBindTakeover {

    private static final Logger log = LoggerFactory.getLogger(StaleBindTakeover.class);

    private final Duration enquireLinkInterval;

    /** @param enquireLinkInterval {@code smpp.enquire_link_interval}, the unit of the silence limit */
    StaleBindTakeover(Duration enquireLinkInterval) {
        this.enquireLinkInterval = enquireLinkInterval;
    }

    /**
     * The decision for a bind refused because its account is {@link BindDecision#full() full}: the
     * same refusal unless the account replaces stale sessions and one of {@code sessions} (every
     * bound session of this SMSC) is a stale session of it, which is then closed, its slot taken.
     */
    CompletableFuture<BindDecision> decide(BindDecision full, Collection<SmppSession> sessions, String newcomer) {
        AccountHandle account = full.account();
        SessionPolicy policy = account.account().sessions();
        if (policy.onMaxBinds() != SessionPolicy.OnMaxBinds.REPLACE_STALE) {
            return CompletableFuture.completedFuture(full);
        }
        List<SmppSession> own = new ArrayList<>();
        for (SmppSession s : sessions) {
            if (s.systemId().equals(account.systemId())) {
                own.add(s);
            }
        }
        List<CompletableFuture<Liveness>> checks = new ArrayList<>();
        for (SmppSession s : own) {
            checks.add(s.liveness().exceptionally(e -> null));
        }
        // without enquire_link (interval 0) silence alone says nothing: an idle receiver is fine
        Duration silenceLimit = enquireLinkInterval.isZero() ? ChronoUnit.FOREVER.getDuration()
                : enquireLinkInterval.multipliedBy(policy.staleIdleIntervals());
        return CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).thenCompose(v -> {
            SmppSession stalest = null;
            Liveness worst = null;
            for (int i = 0; i < own.size(); i++) {
                Liveness l = checks.get(i).join();
                if (l != null && l.stale(policy.staleEnquireLink(), silenceLimit)
                        && (worst == null || l.silentFor().compareTo(worst.silentFor()) > 0)) {
                    stalest = own.get(i);
                    worst = l;
                }
            }
            if (stalest == null) {
                log.info("bind of {} from {} refused: {} sessions bound, none stale (live sessions are kept)",
                        account.systemId(), newcomer, account.account().maxBinds());
                return CompletableFuture.completedFuture(full);
            }
            log.warn("{} is stale (silent for {}, enquire_link unanswered for {}): closed to accept the bind of {} "
                    + "from {}", stalest, worst.silentFor(), worst.enquireLinkUnansweredFor(), account.systemId(),
                    newcomer);
            return stalest.close().thenApply(closed -> account.tryBind()
                    ? new BindDecision(CommandStatus.ESME_ROK, account, "replaced a stale session")
                    : full);
        });
    }
}
