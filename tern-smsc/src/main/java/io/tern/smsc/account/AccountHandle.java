package io.tern.smsc.account;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account at run time: its configuration, its throughput bucket (shared by all its sessions)
 * and how many sessions it has bound. The configuration can be replaced while sessions are bound
 * ({@link AccountService#replace}): they keep this handle and see the new settings at their next
 * request.
 */
public final class AccountHandle {

    /** The account and its bucket, replaced together so that a reader never sees one without the other. */
    private record Settings(Account account, TokenBucket bucket) {
    }

    private volatile Settings settings;
    private final AtomicInteger binds = new AtomicInteger();
    private volatile int share = 1;

    AccountHandle(Account account, TokenBucket bucket) {
        this.settings = new Settings(account, bucket);
    }

    /** Takes the new settings; the bucket is kept when the throughput did not change. */
    void update(Account account, java.util.function.Function<Account, TokenBucket> bucketOf) {
        Settings old = settings;
        TokenBucket bucket = java.util.Objects.equals(old.account().throughput(), account.throughput())
                ? old.bucket() : bucketOf.apply(account);
        if (bucket != null && bucket != old.bucket()) {
            bucket.share(share);
        }
        settings = new Settings(account, bucket);
    }

    /** Over how many nodes the account's throughput is split now (1: this node has the whole). */
    public int throughputShare() {
        return share;
    }

    /** Over how many nodes the account's throughput is split (see {@link TokenBucket#share}). */
    void share(int nodes) {
        share = Math.max(1, nodes);
        TokenBucket bucket = settings.bucket();
        if (bucket != null) {
            bucket.share(share);
        }
    }

    public Account account() {
        return settings.account();
    }

    public String systemId() {
        return settings.account().systemId();
    }

    /** Takes {@code n} messages' worth of throughput; false means answer ESME_RTHROTTLED. */
    public boolean tryAcquire(int n) {
        TokenBucket bucket = settings.bucket();
        return bucket == null || bucket.tryAcquire(n);
    }

    /** Reserves a bind slot; false when the account already has its maximum of sessions. */
    public boolean tryBind() {
        while (true) {
            int n = binds.get();
            if (n >= account().maxBinds()) {
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
