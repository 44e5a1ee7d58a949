package io.tern.smsc.server;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.store.StoredMessage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * alert_notification (SMPP 3.4 §4.12): remembers which ESMEs asked (set_dpf=1) to be told when an
 * absent subscriber becomes available, and tells them when it does.
 */
final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    /** Bounds the memory a flood of set_dpf messages can take. */
    private static final int MAX_WATCHED = 100_000;

    /** {@code owner}'s ESME at {@code esmeAddr} waits for {@code subscriber}, addressed as it submitted to it. */
    private record Watcher(String owner, Address esmeAddr, Address subscriber) {
    }

    private final Map<String, Set<Watcher>> watched = new ConcurrentHashMap<>();
    private final EsmeSessions sessions;

    Alerts(EsmeSessions sessions) {
        this.sessions = sessions;
    }

    /** Called when a message to an absent subscriber could not be delivered. */
    void absent(StoredMessage m) {
        Tlvs tlvs = Tlvs.fromBytes(m.tlvs());
        if (tlvs.setDpf().orElse(0) != 1 || watched.size() >= MAX_WATCHED) {
            // XXX: watchers live in memory only; after a restart ESMEs are not alerted for
            // subscribers that were absent before it. A table in the store would fix that.
            return;
        }
        watched.computeIfAbsent(m.destination().addr(), k -> ConcurrentHashMap.newKeySet())
                .add(new Watcher(m.owner(), new Address(m.source().ton(), m.source().npi(), m.source().addr()),
                        new Address(m.destination().ton(), m.destination().npi(), m.destination().addr())));
    }

    /** Called when the subscribers {@code numbers} matches may have become available: those that are get alerts. */
    void presentMatching(io.tern.smsc.address.AddressPattern numbers, java.util.function.Predicate<String> isPresent) {
        for (String msisdn : watched.keySet()) {
            if (numbers.matches(msisdn) && isPresent.test(msisdn)) {
                present(msisdn);
            }
        }
    }

    /** Called when {@code msisdn} becomes available. */
    void present(String msisdn) {
        Set<Watcher> ws = watched.remove(msisdn);
        if (ws == null) {
            return;
        }
        for (Watcher w : ws) {
            AlertNotification alert = new AlertNotification(0, w.subscriber(), w.esmeAddr(),
                    Tlvs.builder().msAvailabilityStatus(0).build());
            sessions.sendTo(w.owner(), alert).whenComplete((r, e) -> {
                if (e != null) {
                    log.info("alert_notification for {} to {} not sent: {}", msisdn, w.owner(), e.getMessage());
                }
            });
        }
    }
}
