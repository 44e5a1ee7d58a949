package io.tern.smsc.webhook;

import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.store.StoredMessage;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out through accounts' webhooks (docs/http-api.md), one channel for messages and receipts
 * as for SMPP: the mo webhook copies of messages to an account's numbers (target
 * {@code webhook:ACCOUNT}) are POSTed to its {@code mo} URL, and the receipts of an account with a
 * {@code receipts} URL are POSTed there instead of going to its SMPP receivers. The scheduler keeps
 * both in the store until a 2xx answer, retries them with capped exponential backoff and jitter, and
 * bounds the requests in flight per account and URL by {@link WebhookConfig#concurrency()}.
 */
public final class WebhookChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);
    /** A receipt is retried at least this long after its message's outcome. */
    static final java.time.Duration MIN_RECEIPT_WINDOW = java.time.Duration.ofHours(24);

    private final Function<String, WebhookConfig> configs;
    private final DeliveryChannel smpp;
    private final WebhookClient client;
    private final RetryPolicy retry;
    private final Clock clock;

    /**
     * @param configs each account's webhooks, null for none
     * @param smpp the channel of receipts of accounts without a receipts webhook
     * @param retry the backoff between attempts at a receipt
     */
    public WebhookChannel(Function<String, WebhookConfig> configs, DeliveryChannel smpp, WebhookClient client,
            RetryPolicy retry, Clock clock) {
        this.configs = configs;
        this.smpp = smpp;
        this.client = client;
        this.retry = retry;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- mo webhook copies

    @Override
    public boolean available(String target) {
        return true;
    }

    @Override
    public int capacity(String target) {
        WebhookConfig c = configs.apply(account(target));
        return c == null ? 1 : c.concurrency();
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
        String account = account(message.target());
        WebhookConfig c = configs.apply(account);
        if (c == null || c.mo() == null) {
            return CompletableFuture.completedFuture(
                    new DeliveryResult.Permanent(0, "account " + account + " has no mo webhook"));
        }
        String id = Replies.originalId(message.id());
        return client.post(c.mo(), c.secret(), c.timeout(), WebhookEvents.MO, id,
                WebhookEvents.mo(account, id, message)).thenApply(o -> {
                    if (o.ok()) {
                        return new DeliveryResult.Delivered();
                    }
                    log.debug("mo webhook of {} failed for {}: {}", account, id, o);
                    return new DeliveryResult.Temporary(o.status(), "mo webhook: " + o);
                });
    }

    private static String account(String target) {
        RouteTarget t = RouteTarget.parse(target);
        if (t instanceof RouteTarget.Webhook w) {
            return w.systemId();
        }
        throw new IllegalArgumentException("not a webhook target: " + target);
    }

    // ---------------------------------------------------------------- receipts

    /**
     * Where the receipt of {@code m} is POSTed: its own {@code callback_url} (HTTP API), else its
     * account's receipts URL; null when it goes to the SMPP receivers. A callback_url counts only for
     * an account with webhooks, whose secret signs the request (the HTTP API refuses it otherwise).
     */
    private URI receiptUrl(StoredMessage m, WebhookConfig c) {
        if (c == null) {
            return null;
        }
        return m.callbackUrl() != null ? URI.create(m.callbackUrl()) : c.receipts();
    }

    /**
     * An account with webhooks takes its receipts through this channel at any time (those with
     * neither a callback_url nor a receipts URL are then handed to the SMPP receivers, and retried
     * while none is bound); others only while an SMPP receiver is bound.
     */
    @Override
    public boolean availableForReceipts(String owner) {
        return configs.apply(owner) != null || smpp.availableForReceipts(owner);
    }

    @Override
    public int receiptCapacity(String owner) {
        WebhookConfig c = configs.apply(owner);
        return c != null ? c.concurrency() : smpp.receiptCapacity(owner);
    }

    @Override
    public CompletionStage<Boolean> deliverReceipt(StoredMessage message) {
        WebhookConfig c = configs.apply(message.owner());
        URI url = receiptUrl(message, c);
        if (url == null) {
            return smpp.deliverReceipt(message);
        }
        return client.post(url, c.secret(), c.timeout(), WebhookEvents.RECEIPT, message.id(),
                WebhookEvents.receipt(message)).thenApply(o -> {
                    if (o.ok()) {
                        return true;
                    }
                    if (!clock.instant().isBefore(deadline(message))) {
                        log.warn("receipt of {} not delivered to the receipts webhook of {} before the message's"
                                + " validity ended (or a day after its outcome); giving up after {} attempts, last: {}",
                                message.id(),
                                message.owner(), message.receiptAttempts() + 1, o);
                        return true;
                    }
                    log.debug("receipts webhook of {} failed for {}: {}", message.owner(), message.id(), o);
                    return false;
                });
    }

    @Override
    public Instant receiptRetryAt(StoredMessage message, Instant now) {
        if (receiptUrl(message, configs.apply(message.owner())) == null) {
            return smpp.receiptRetryAt(message, now);
        }
        Instant next = retry.nextAttempt(now, message.receiptAttempts() + 1,
                () -> ThreadLocalRandom.current().nextDouble());
        // one last attempt at the deadline, then deliverReceipt gives up
        Instant deadline = deadline(message);
        return next.isAfter(deadline) ? deadline : next;
    }

    /**
     * Until when a receipt is retried: the end of its message's validity, but at least
     * {@link #MIN_RECEIPT_WINDOW} after the outcome, so that the receipt of a message that expired
     * (whose validity has just ended) is not given up after one attempt.
     */
    static Instant deadline(StoredMessage m) {
        Instant done = m.finalTime() == null ? m.submitTime() : m.finalTime();
        Instant min = done.plus(MIN_RECEIPT_WINDOW);
        return m.expiryTime().isAfter(min) ? m.expiryTime() : min;
    }

    @Override
    public void deliverIntermediate(StoredMessage message, Instant at, int error) {
        smpp.deliverIntermediate(message, at, error);
    }
}
