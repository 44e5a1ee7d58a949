package io.tern.smsc.server;

import io.tern.smpp.session.Backoff;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.SessionPolicy;
import io.tern.smsc.store.DueWork;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbind from the SMSC (SMPP 3.4 §2.2.1, §4.1.7; docs/protocol.md, "Outbind"): for each account
 * with {@code outbind}, when the scheduler finds no receiver of it bound ({@link #wanted}) and the
 * store holds messages or receipts due for it, Tern connects to the ESME, sends outbind, and the
 * ESME binds as receiver on that connection; the bind wakes the account's queues as any bind does.
 * One connection per account at a time; a failed attempt is tried again after a backoff from
 * {@code interval} up to 8× it, and even a good one is not followed by the next before
 * {@code interval}.
 */
final class Outbinds {

    private static final Logger log = LoggerFactory.getLogger(Outbinds.class);

    /** Connects, sends outbind and completes when the ESME's bind is accepted (SmppServer.outbind). */
    @FunctionalInterface
    interface Dial {
        CompletableFuture<SmppSession> outbind(String host, int port, String systemId, String password);
    }

    /** Runs a task later (the scheduler's thread in Tern; a list a test steps through in tests). */
    @FunctionalInterface
    interface Later {
        void run(Runnable task, Duration delay);
    }

    /** Replaced by the admin API's changes (from its thread) while the scheduler reads it. */
    private final Map<String, Dialer> dialers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Supplier<CompletableFuture<DueWork>> dueWork;
    private final Dial dial;
    private final Later later;
    private final Consumer<String> wake;
    private volatile boolean closed;

    /**
     * @param dueWork what the store holds due now (targets and receipt owners)
     * @param wake wakes an account's message and receipt queues, so that the scheduler looks again
     */
    Outbinds(List<Account> accounts, Supplier<CompletableFuture<DueWork>> dueWork, Dial dial, Later later,
            Consumer<String> wake) {
        for (Account a : accounts) {
            if (a.sessions().outbind() != null) {
                dialers.put(a.systemId(), new Dialer(a.systemId(), a.sessions().outbind()));
            }
        }
        this.dueWork = dueWork;
        this.dial = dial;
        this.later = later;
        this.wake = wake;
    }

    /**
     * Puts the outbind settings of {@code accounts} in force at once: an account whose outbind is
     * unchanged keeps its dialer (and its backoff); a new or changed one gets a fresh dialer and its
     * queues are woken, so that waiting work is reached without a restart; a removed one is dropped
     * (an outbind session it opened stays until it closes).
     */
    void replace(List<Account> accounts) {
        Map<String, SessionPolicy.Outbind> wanted = new HashMap<>();
        for (Account a : accounts) {
            if (a.enabled() && a.sessions().outbind() != null) {
                wanted.put(a.systemId(), a.sessions().outbind());
            }
        }
        dialers.keySet().retainAll(wanted.keySet());
        for (Map.Entry<String, SessionPolicy.Outbind> e : wanted.entrySet()) {
            Dialer old = dialers.get(e.getKey());
            if (old == null || !old.target.equals(e.getValue())) {
                dialers.put(e.getKey(), new Dialer(e.getKey(), e.getValue()));
                if (!closed) {
                    wake.accept(e.getKey());
                }
            }
        }
    }

    /** The scheduler found no receiver of {@code account} bound: reach it by outbind if it has work. Cheap. */
    void wanted(String account) {
        Dialer d = dialers.get(account);
        if (d != null && !closed) {
            d.wanted();
        }
    }

    /** Where the outbind of {@code account} stands, or null when it has none. */
    State state(String account) {
        Dialer d = dialers.get(account);
        return d == null ? null : d.state();
    }

    void close() {
        closed = true;
    }

    /** Where one account's outbind stands. */
    enum State {
        /** Nothing going on: the next {@link Outbinds#wanted} looks for due work. */
        IDLE,
        /** Asking the store whether anything is due for the account. */
        CHECKING,
        /** Connected or connecting, outbind sent, waiting for the ESME's bind. */
        CONNECTING,
        /** The ESME bound on the outbind connection; it is open. */
        BOUND,
        /** After an attempt: no new one until the wait is over. */
        WAITING
    }

    private final class Dialer {
        private final String account;
        private final SessionPolicy.Outbind target;
        private final Backoff backoff;
        private State state = State.IDLE;

        Dialer(String account, SessionPolicy.Outbind target) {
            this.account = account;
            this.target = target;
            this.backoff = new Backoff(target.interval(), target.interval().multipliedBy(8));
        }

        synchronized State state() {
            return state;
        }

        private synchronized boolean move(State from, State to) {
            if (state != from) {
                return false;
            }
            state = to;
            return true;
        }

        void wanted() {
            if (!move(State.IDLE, State.CHECKING)) {
                return;
            }
            dueWork.get().whenComplete((due, e) -> {
                if (e != null) {
                    log.warn("outbind for {}: cannot read the store: {}", account, e.toString());
                    retryAfter(Duration.ofNanos(backoff.nextDelayNanos()));
                } else if (due.targets().contains("esme:" + account) || due.receiptOwners().contains(account)) {
                    connect();
                } else {
                    move(State.CHECKING, State.IDLE);
                }
            });
        }

        private void connect() {
            if (closed) {
                move(State.CHECKING, State.IDLE);
                return;
            }
            move(State.CHECKING, State.CONNECTING);
            log.info("outbind for {}: messages wait and no receiver is bound, connecting to {}:{}", account,
                    target.host(), target.port());
            CompletableFuture<SmppSession> bound;
            try {
                bound = dial.outbind(target.host(), target.port(), target.systemId(), target.password());
            } catch (RuntimeException e) {
                bound = CompletableFuture.failedFuture(e);
            }
            bound.whenComplete((session, e) -> {
                if (e != null) {
                    // the connection is closed (or was never made) when this fails
                    Duration wait = Duration.ofNanos(backoff.nextDelayNanos());
                    log.info("outbind for {} to {}:{} failed: {}; next attempt in {}", account, target.host(),
                            target.port(), e.toString(), wait);
                    retryAfter(wait);
                    return;
                }
                backoff.reset();
                move(State.CONNECTING, State.BOUND);
                if (!session.systemId().equals(account) || !session.bindType().canReceive()) {
                    log.warn("outbind for {}: the ESME bound as {} {}, which does not receive {}'s messages", account,
                            session.bindType(), session.systemId(), account);
                } else {
                    log.info("outbind for {}: {} bound", account, session);
                }
                session.closeFuture().whenComplete((v, x) -> retryAfter(target.interval()));
            });
        }

        /** Waits, then goes back to IDLE and wakes the account's queues, which call {@link Outbinds#wanted} if work waits. */
        private void retryAfter(Duration wait) {
            synchronized (this) {
                state = State.WAITING;
            }
            if (closed) {
                return;
            }
            try {
                later.run(() -> {
                    move(State.WAITING, State.IDLE);
                    wake.accept(account);
                }, wait);
            } catch (RuntimeException e) {
                log.debug("outbind retry for {} not scheduled: {}", account, e.toString());
            }
        }
    }
}
