package io.tern.smsc.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smsc.logging.RateLimitedLog;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates binds against the configured accounts. bcrypt is deliberately slow (tens of
 * milliseconds), so it runs on {@code worker}, never on an event loop, and a successful check is
 * remembered as a SHA-256 of the password so that a reconnecting ESME does not pay it again.
 *
 * <p>Against password guessing (issue 15): a bind of an unknown system_id, or from an address
 * outside the account's {@code allowed_ips}, is answered like a wrong password, ESME_RINVPASWD
 * after a bcrypt check of the same cost, so neither the status nor the time tells a guesser
 * which accounts exist or from where they may bind. The account's other conditions (TLS, client
 * certificate, bind type, bind slots) are checked only once the password is right. Failures count
 * towards a {@link BindLockout} per system_id and client address, and bcrypt is skipped for a
 * client that has left while its bind waited for a worker.
 */
public final class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /** bcrypt cost of the stand-in hash when no account is configured: the cost of tern passwd. */
    private static final int DEFAULT_COST = 10;

    /**
     * The outcome of a bind: ESME_ROK with the account, or the status to refuse with.
     *
     * @param lockedOut refused by a lockout that was logged when it began: not worth a line per bind
     */
    /**
     * @param account the account bound, or (with {@link #full}) the account whose binds are all taken
     * @param full refused only because the account already has max_binds sessions
     */
    public record BindDecision(CommandStatus status, AccountHandle account, String reason, boolean lockedOut,
            boolean full) {
        public BindDecision(CommandStatus status, AccountHandle account, String reason) {
            this(status, account, reason, false, false);
        }

        public BindDecision(CommandStatus status, AccountHandle account, String reason, boolean lockedOut) {
            this(status, account, reason, lockedOut, false);
        }

        public boolean accepted() {
            return status.isOk();
        }
    }

    /**
     * The accounts by system_id: an immutable snapshot, replaced whole by {@link #replace} so that a
     * bind sees either the old table or the new one.
     */
    private volatile Map<String, AccountHandle> accounts;
    private final Executor worker;
    private final BindLockout lockout;
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final RateLimitedLog failures = RateLimitedLog.of(log);
    /** A hash of a random password, as costly as the dearest account's, checked when there is no account. */
    private final byte[] standIn;

    /** Client addresses whose password-check budget is remembered; the least recently seen go first. */
    static final int MAX_TRACKED_ADDRESSES = 10_000;

    /** Password checks per client address: a sustained rate and a burst (e.g. an ESME binding all its sessions). */
    public record CheckRate(double perSecond, int burst) {
        public CheckRate {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("need perSecond > 0 and burst >= 1");
            }
        }

        /** One a second, 20 at once. */
        public static final CheckRate DEFAULT = new CheckRate(1.0, 20);
    }

    private final CheckRate checkRate;
    private final LongSupplier nanoTime;
    /** Per client address, the password checks (bcrypt) it may still start now. */
    private final Map<InetAddress, TokenBucket> checks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
            return size() > MAX_TRACKED_ADDRESSES;
        }
    };

    /**
     * @param lockout counts failed binds and refuses locked-out ones
     */
    public AccountService(List<Account> accounts, Executor worker, LongSupplier nanoTime, BindLockout lockout) {
        this(accounts, worker, nanoTime, lockout, CheckRate.DEFAULT);
    }

    /**
     * @param checkRate how many password checks (bcrypt, tens of milliseconds of CPU each) one client
     *     address may start: beyond it a bind is refused at once with ESME_RBINDFAIL, so that guessing
     *     from one address, over any number of system_ids and connections, cannot occupy the checks
     *     every other client waits for. A bind whose password was verified before needs no check.
     */
    public AccountService(List<Account> accounts, Executor worker, LongSupplier nanoTime, BindLockout lockout,
            CheckRate checkRate) {
        this.checkRate = Objects.requireNonNull(checkRate, "checkRate");
        this.nanoTime = nanoTime;
        int cost = 0;
        Map<String, AccountHandle> table = new LinkedHashMap<>();
        for (Account a : accounts) {
            table.put(a.systemId(), new AccountHandle(a, bucket(a)));
            cost = Math.max(cost, cost(a.passwordHash()));
        }
        this.accounts = java.util.Collections.unmodifiableMap(table);
        this.worker = worker;
        this.lockout = Objects.requireNonNull(lockout, "lockout");
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.standIn = BCrypt.withDefaults().hash(cost == 0 ? DEFAULT_COST : cost,
                HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII));
    }

    private TokenBucket bucket(Account a) {
        return a.throughput() == null ? null
                : new TokenBucket(a.throughput().ratePerSecond(), a.throughput().burst(), nanoTime);
    }

    /**
     * Replaces the account table at once (runtime administration, docs/operations.md#admin-api).
     * An account whose settings are unchanged keeps its handle untouched; a changed one keeps its
     * handle (bound sessions and bind count) with the new settings, and its throughput bucket
     * unless the throughput changed; a changed password must be checked again at the next bind.
     * Accounts that are gone or disabled are refused at bind like unknown ones; unbinding their
     * sessions is the caller's job.
     */
    public synchronized void replace(List<Account> next) {
        Map<String, AccountHandle> old = accounts;
        Map<String, AccountHandle> table = new LinkedHashMap<>();
        for (Account a : next) {
            AccountHandle h = old.get(a.systemId());
            if (h == null) {
                h = new AccountHandle(a, bucket(a));
            } else if (!h.account().equals(a)) {
                if (!h.account().passwordHash().equals(a.passwordHash())) {
                    verified.remove(a.systemId());
                }
                h.update(a, this::bucket);
            }
            table.put(a.systemId(), h);
        }
        for (String gone : old.keySet()) {
            if (!table.containsKey(gone)) {
                verified.remove(gone);
            }
        }
        accounts = java.util.Collections.unmodifiableMap(table);
    }

    /** Takes one password check from {@code remote}'s budget, if there is one left. */
    private boolean mayCheck(InetAddress remote) {
        TokenBucket bucket;
        synchronized (checks) {
            bucket = checks.computeIfAbsent(remote,
                    k -> new TokenBucket(checkRate.perSecond(), checkRate.burst(), nanoTime));
        }
        return bucket.tryAcquire(1);
    }

    /** The cost of a bcrypt hash ("$2a$10$..."), 0 if it cannot be read. */
    private static int cost(String hash) {
        try {
            return Integer.parseInt(hash.substring(4, 6));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Splits each account's throughput over the nodes sharing the store on which it has sessions
     * bound ({@code nodesByAccount}; an account not in it keeps the whole), so that the limit holds
     * across the cluster (docs/scaling.md#throughput-across-nodes).
     */
    public void shareThroughput(Map<String, Integer> nodesByAccount) {
        for (AccountHandle h : accounts.values()) {
            h.share(nodesByAccount.getOrDefault(h.systemId(), 1));
        }
    }

    public Optional<AccountHandle> find(String systemId) {
        return Optional.ofNullable(accounts.get(systemId));
    }

    public List<AccountHandle> all() {
        return List.copyOf(accounts.values());
    }

    /**
     * Decides a bind. On acceptance a bind slot is reserved: the caller must call
     * {@link AccountHandle#unbound()} when the session ends.
     *
     * @param connected true while the client is still connected; checked before bcrypt
     */
    public CompletableFuture<BindDecision> authenticate(String systemId, String password, BindType type,
            InetAddress remote, boolean tls, String certificateSubject, BooleanSupplier connected) {
        return checkPassword(systemId, password, remote, connected).thenApply(d -> d.accepted()
                ? afterPassword(d.account(), type, tls, certificateSubject) : d);
    }

    /**
     * Authenticates a request of the HTTP API with HTTP Basic: the same password check, lockout and
     * per-address budget as a bind, then the account's {@code http} permission and TLS requirement,
     * which are answered with ESME_RINVSYSID (the caller's 403) only to a client that knew the
     * password. No bind slot is taken.
     */
    public CompletableFuture<BindDecision> authenticateHttp(String systemId, String password, InetAddress remote,
            boolean tls) {
        return checkPassword(systemId, password, remote, () -> true).thenApply(d -> {
            if (!d.accepted()) {
                return d;
            }
            return permitsHttp(d.account(), tls);
        });
    }

    /**
     * The HTTP permission of an account already identified (by an API key): ESME_ROK, or
     * ESME_RINVSYSID with why it may not use HTTP.
     */
    public static BindDecision permitsHttp(AccountHandle h, boolean tls) {
        if (!h.account().enabled()) {
            return refused(CommandStatus.ESME_RINVSYSID, "account is disabled");
        }
        if (!h.account().http()) {
            return refused(CommandStatus.ESME_RINVSYSID, "account has no HTTP permission (http: false)");
        }
        if ((h.account().requireTls() || h.account().certificateSubject() != null) && !tls) {
            return refused(CommandStatus.ESME_RINVSYSID, "account requires TLS");
        }
        return new BindDecision(CommandStatus.ESME_ROK, h, "ok");
    }

    /**
     * The password check shared by binds and HTTP: lockout, then a remembered success, then the
     * per-address budget, then bcrypt on {@code worker}. ESME_ROK carries the account.
     */
    private CompletableFuture<BindDecision> checkPassword(String systemId, String password, InetAddress remote,
            BooleanSupplier connected) {
        if (lockout.lockedOut(systemId, remote)) {
            return CompletableFuture.completedFuture(new BindDecision(CommandStatus.ESME_RBINDFAIL, null,
                    "locked out after " + lockout.maxFailures() + " failed binds from this address", true));
        }
        AccountHandle found = accounts.get(systemId);
        // a disabled account binds as an unknown one: the same answer and cost
        AccountHandle h = found != null && found.account().enabled() ? found : null;
        boolean allowed = h != null && h.account().allowsIp(remote);
        String digest = sha256(systemId + '\0' + password);
        if (allowed && digest.equals(verified.get(systemId))) {
            return CompletableFuture.completedFuture(new BindDecision(CommandStatus.ESME_ROK, h, "ok"));
        }
        if (!mayCheck(remote)) {
            failures.warn("bind checks over the per-address rate",
                    "binds from " + remote.getHostAddress() + " refused without a password check: more than "
                    + checkRate.burst() + " at once or " + checkRate.perSecond() + " a second", null);
            return CompletableFuture.completedFuture(new BindDecision(CommandStatus.ESME_RBINDFAIL, null,
                    "too many password checks from this address"));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (!connected.getAsBoolean()) {
                return new BindDecision(CommandStatus.ESME_RBINDFAIL, null,
                        "the client left before its password was checked");
            }
            byte[] hash = h == null ? standIn : h.account().passwordHash().getBytes(StandardCharsets.UTF_8);
            boolean ok = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash).verified;
            if (!ok || !allowed) {
                String reason = h == null ? "unknown system_id" : !allowed ? "client address "
                        + remote.getHostAddress() + " not in allowed_ips" : "wrong password";
                if (lockout.failed(systemId, remote)) {
                    log.warn("system_id={} from {}: {} failed binds, the last: {}; binds of it from there are "
                            + "refused for {}", systemId, remote.getHostAddress(), lockout.maxFailures(), reason,
                            lockout.duration());
                }
                return new BindDecision(CommandStatus.ESME_RINVPASWD, null, reason);
            }
            lockout.succeeded(systemId, remote);
            verified.put(systemId, digest);
            return new BindDecision(CommandStatus.ESME_ROK, h, "ok");
        }, worker);
    }

    /** The account's conditions that only a client with the right password learns about. */
    private static BindDecision afterPassword(AccountHandle h, BindType type, boolean tls, String certificateSubject) {
        Account a = h.account();
        if ((a.requireTls() || a.certificateSubject() != null) && !tls) {
            return refused(CommandStatus.ESME_RBINDFAIL, "account requires TLS");
        }
        if (a.certificateSubject() != null && !a.certificateSubject().equals(certificateSubject)) {
            return refused(CommandStatus.ESME_RBINDFAIL, "client certificate subject does not match");
        }
        if (!a.bindTypes().contains(type)) {
            return refused(CommandStatus.ESME_RBINDFAIL, "bind type " + type + " not allowed");
        }
        return reserve(h);
    }

    private static BindDecision refused(CommandStatus status, String reason) {
        log.debug("bind refused: {}", reason);
        return new BindDecision(status, null, reason);
    }

    private static BindDecision reserve(AccountHandle h) {
        if (!h.tryBind()) {
            return new BindDecision(CommandStatus.ESME_RBINDFAIL, h,
                    "already " + h.account().maxBinds() + " sessions bound (max_binds)", false, true);
        }
        return new BindDecision(CommandStatus.ESME_ROK, h, "ok");
    }

    /** How long a locked-out system_id and address stay refused. */
    public java.time.Duration lockoutDuration() {
        return lockout.duration();
    }

    /** A bcrypt hash of {@code password} for the configuration file ({@code tern passwd}). */
    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(10, password.toCharArray());
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
