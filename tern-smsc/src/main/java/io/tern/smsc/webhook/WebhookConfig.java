package io.tern.smsc.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An account's webhooks (docs/configuration.md {@code accounts[].webhooks}): where its receipts and
 * the messages to its numbers are POSTed, and the secret that signs them.
 *
 * @param receipts the URL receipts go to, or null for none (they go to the SMPP receivers)
 * @param mo the URL messages to the account's numbers go to, or null for none
 * @param secret the HMAC-SHA256 key of {@code X-Tern-Signature}
 * @param concurrency requests in flight at once to each of the two URLs
 * @param timeout how long a request may take, connecting included, before it counts as failed
 */
public record WebhookConfig(URI receipts, URI mo, String secret, int concurrency, Duration timeout) {

    public WebhookConfig {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
    }

    @Override
    public String toString() {
        return "WebhookConfig[receipts=" + receipts + ", mo=" + mo + ", secret=****, concurrency=" + concurrency
                + ", timeout=" + timeout + "]";
    }
}
