package io.tern.smsc.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates binds against the configured accounts. bcrypt is deliberately slow (tens of
 * milliseconds), so it runs on {@code worker}, never on an event loop, and a successful check is
 * remembered as a SHA-256 of the password so that a reconnecting ESME does not pay it again.
 */
public final class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /** The outcome of a bind: ESME_ROK with the account, or the status to refuse with. */
    public record BindDecision(CommandStatus status, AccountHandle account, String reason) {
        public boolean accepted() {
            return status.isOk();
        }
    }

    private final Map<String, AccountHandle> accounts = new LinkedHashMap<>();
    private final Executor worker;
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public AccountService(List<Account> accounts, Executor worker, LongSupplier nanoTime) {
        for (Account a : accounts) {
            TokenBucket bucket = a.throughput() == null ? null
                    : new TokenBucket(a.throughput().ratePerSecond(), a.throughput().burst(), nanoTime);
            this.accounts.put(a.systemId(), new AccountHandle(a, bucket));
        }
        this.worker = worker;
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
     */
    public CompletableFuture<BindDecision> authenticate(String systemId, String password, BindType type,
            InetAddress remote, boolean tls, String certificateSubject) {
        AccountHandle h = accounts.get(systemId);
        if (h == null) {
            return done(CommandStatus.ESME_RINVSYSID, null, "unknown system_id");
        }
        Account a = h.account();
        if (!a.allowsIp(remote)) {
            return done(CommandStatus.ESME_RBINDFAIL, null, "client address " + remote.getHostAddress()
                    + " not in allowed_ips");
        }
        if ((a.requireTls() || a.certificateSubject() != null) && !tls) {
            return done(CommandStatus.ESME_RBINDFAIL, null, "account requires TLS");
        }
        if (a.certificateSubject() != null && !a.certificateSubject().equals(certificateSubject)) {
            return done(CommandStatus.ESME_RBINDFAIL, null, "client certificate subject does not match");
        }
        if (!a.bindTypes().contains(type)) {
            return done(CommandStatus.ESME_RBINDFAIL, null, "bind type " + type + " not allowed");
        }
        String digest = sha256(systemId + '\0' + password);
        if (digest.equals(verified.get(systemId))) {
            return CompletableFuture.completedFuture(reserve(h));
        }
        return CompletableFuture.supplyAsync(() -> {
            boolean ok = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                    a.passwordHash().getBytes(StandardCharsets.UTF_8)).verified;
            if (!ok) {
                return new BindDecision(CommandStatus.ESME_RINVPASWD, null, "wrong password");
            }
            verified.put(systemId, digest);
            return reserve(h);
        }, worker);
    }

    private static BindDecision reserve(AccountHandle h) {
        if (!h.tryBind()) {
            return new BindDecision(CommandStatus.ESME_RBINDFAIL, null,
                    "already " + h.account().maxBinds() + " sessions bound (max_binds)");
        }
        return new BindDecision(CommandStatus.ESME_ROK, h, "ok");
    }

    private static CompletableFuture<BindDecision> done(CommandStatus status, AccountHandle h, String reason) {
        log.debug("bind refused: {}", reason);
        return CompletableFuture.completedFuture(new BindDecision(status, h, reason));
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
