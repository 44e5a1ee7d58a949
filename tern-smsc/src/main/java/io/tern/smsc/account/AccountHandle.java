package io.tern.smsc.account;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account at run time: its configuration, its throughput bucket (shared by all its sessions)
 * and how many sessions it has bound.
 */
public final class AccountHandle {

    private final Account account;
    private final TokenBucket bucket;
    private final AtomicInteger binds = new AtomicInteger();

    AccountHandle(Account account, TokenBucket bucket) {
        this.account = account;
        this.bucket = bucket;
    }

    public Account account() {
        return account;
    }

    public String systemId() {
        return account.systemId();
    }

    /** Takes {@code n} messages' worth of throughput; false means answer ESME_RTHROTTLED. */
    public boolean tryAcquire(int n) {
        return bucket == null || bucket.tryAcquire(n);
    }

    /** Reserves a bind slot; false when the account already has its maximum of sessions. */
    public boolean tryBind() {
        while (true) {
            int n = binds.get();
            if (n >= account.maxBinds()) {
                return false;
            }
            if (binds.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void unbound() {
        binds.decrementAndGet();
    }

    public int boundSessions() {
        return binds.get();
    }
}
