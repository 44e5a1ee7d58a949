package io.tern.http.api;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.account.AccountService.BindDecision;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticates every request of the HTTP API and puts its account into the routing context
 * ({@link Api#account}): HTTP Basic with an account's system_id and password, checked exactly as
 * an SMPP bind's (bcrypt on the SMSC's auth threads, the lockout and the per-address budget of
 * checks, docs/operations.md), or {@code Authorization: Bearer} with an API key ({@link ApiKeys}).
 * Wrong or missing credentials: 401, the same answer whatever was wrong; right credentials of an
 * account without {@code http: true} (or that requires TLS, over plain HTTP): 403; locked out or
 * over the budget of checks: 429 with Retry-After.
 */
final class ApiAuth implements Handler<RoutingContext> {

    private final AccountService accounts;
    private final ApiKeys keys;

    ApiAuth(AccountService accounts, ApiKeys keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        boolean tls = ctx.request().isSSL();
        if (header == null) {
            throw new Problem(401, "credentials required: HTTP Basic (system_id and password) or Bearer (API key)");
        }
        String scheme = header.trim();
        if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Basic")) {
            // curl -H "Authorization: Bearer $TERN_API_KEY" with the variable unset sends just "Bearer"
            throw new Problem(401, "the Authorization header names " + scheme + " but no credentials follow it"
                    + " (an empty variable?)");
        }
        if (startsWithIgnoreCase(header, "Bearer ")) {
            String token = header.substring(7).trim();
            Optional<AccountHandle> account = keys.systemIdOf(token).flatMap(accounts::find);
            if (account.isEmpty()) {
                throw new Problem(401, "unknown or revoked API key");
            }
            decided(ctx, AccountService.permitsHttp(account.get(), tls));
            return;
        }
        if (!startsWithIgnoreCase(header, "Basic ")) {
            throw new Problem(401, "unsupported authorization scheme: use Basic or Bearer");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Problem(401, "Basic credentials are not base64");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw new Problem(401, "Basic credentials need system_id:password");
        }
        InetAddress remote;
        try {
            // a literal address: no name lookup
            remote = InetAddress.getByName(ctx.request().remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            throw new Problem(401, "client address unknown");
        }
        CompletableFuture<BindDecision> check = accounts.authenticateHttp(pair.substring(0, colon),
                pair.substring(colon + 1), remote, tls);
        if (check.isDone() && !check.isCompletedExceptionally()) {
            decided(ctx, check.join());
            return;
        }
        // the body is read after authentication (BodyHandler resumes): hold it while bcrypt runs
        ctx.request().pause();
        Future.fromCompletionStage(check, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                try {
                    decided(ctx, ar.result());
                } catch (Problem p) {
                    ctx.fail(p);
                }
            }
        });
    }

    private void decided(RoutingContext ctx, BindDecision d) {
        if (d.accepted()) {
            ctx.put(Api.ACCOUNT, d.account());
            ctx.next();
            return;
        }
        if (d.status() == CommandStatus.ESME_RINVSYSID) {
            throw new Problem(403, d.reason());
        }
        if (d.status() == CommandStatus.ESME_RBINDFAIL) {
            throw Problem.tooMany("too many failed or unchecked authentications from this address: " + d.reason(),
                    d.lockedOut() ? accounts.lockoutDuration().toSeconds() : 1);
        }
        throw new Problem(401, "wrong system_id or password");
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
