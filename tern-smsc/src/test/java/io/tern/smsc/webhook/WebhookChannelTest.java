package io.tern.smsc.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.delivery.DeliveryChannel;
import io.tern.smsc.delivery.DeliveryResult;
import io.tern.smsc.delivery.RetryPolicy;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which receipts leave through a webhook, how long a failing one is retried and when it is given
 * up, against an endpoint that refuses connections (a loopback port nobody listens on).
 */
class WebhookChannelTest {

    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), 2.0, 0);

    private final WebhookClient client = new WebhookClient();

    @AfterEach
    void close() {
        client.close();
    }

    /** An SMPP channel whose owner "smpp-only" is bound and takes every receipt. */
    private static final DeliveryChannel SMPP = new DeliveryChannel() {
        @Override
        public boolean available(String target) {
            return true;
        }

        @Override
        public int capacity(String target) {
            return 1;
        }

        @Override
        public CompletionStage<DeliveryResult> deliver(StoredMessage message) {
            return CompletableFuture.completedFuture(new DeliveryResult.Delivered());
        }

        @Override
        public boolean availableForReceipts(String owner) {
            return owner.equals("smpp-only");
        }

        @Override
        public int receiptCapacity(String owner) {
            return 3;
        }

        @Override
        public CompletionStage<Boolean> deliverReceipt(StoredMessage message) {
            return CompletableFuture.completedFuture(true);
        }
    };

    private static URI deadEndpoint() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/receipts");
        }
    }

    private WebhookChannel channel(URI receipts, Instant now) {
        WebhookConfig acme = new WebhookConfig(receipts, null, "0123456789abcdef", 5, Duration.ofSeconds(2));
        return new WebhookChannel(a -> a.equals("acme") ? acme : null, SMPP, client, RETRY,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static StoredMessage finalMessage(String owner, MessageState state, Instant finalTime, Instant expiry,
            int receiptAttempts) {
        return new StoredMessage("m1", owner, new StoredAddress(1, 1, "447700900001"), new StoredAddress(1, 1, "447700900002"),
                "", 0, 0, 0, 0, 1, new byte[] {'h', 'i'}, new byte[0], null, "sim", T0, null, expiry, state, 1, T0, 0,
                finalTime, ReceiptState.PENDING, receiptAttempts, finalTime, null, null);
    }

    @Test
    void onlyAccountsWithAReceiptsUrlHaveTheirReceiptsPosted() throws Exception {
        WebhookChannel c = channel(deadEndpoint(), T0);

        assertThat(c.availableForReceipts("acme")).isTrue();
        assertThat(c.receiptCapacity("acme")).isEqualTo(5);
        assertThat(c.availableForReceipts("smpp-only")).isTrue();
        assertThat(c.receiptCapacity("smpp-only")).isEqualTo(3);
        assertThat(c.availableForReceipts("nobody")).isFalse();
        StoredMessage smpp = finalMessage("smpp-only", MessageState.DELIVERED, T0, T0.plus(Duration.ofDays(2)), 0);
        assertThat(c.receiptRetryAt(smpp, T0)).as("the scheduler's fixed receipt_retry").isNull();
    }

    @Test
    void aFailedReceiptIsRetriedWithGrowingDelaysUntilTheValidityEnds() throws Exception {
        Instant expiry = T0.plus(Duration.ofHours(48));
        WebhookChannel c = channel(deadEndpoint(), T0);

        assertThat(c.receiptRetryAt(finalMessage("acme", MessageState.DELIVERED, T0, expiry, 0), T0))
                .isEqualTo(T0.plusSeconds(5));
        assertThat(c.receiptRetryAt(finalMessage("acme", MessageState.DELIVERED, T0, expiry, 3), T0))
                .isEqualTo(T0.plusSeconds(40));
        assertThat(c.receiptRetryAt(finalMessage("acme", MessageState.DELIVERED, T0, expiry, 30), T0))
                .isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(c.receiptRetryAt(finalMessage("acme", MessageState.DELIVERED, T0, expiry, 30),
                expiry.minusSeconds(60))).as("one last attempt at the end of the validity").isEqualTo(expiry);

        StoredMessage m = finalMessage("acme", MessageState.DELIVERED, T0, expiry, 4);
        assertThat(c.deliverReceipt(m).toCompletableFuture().get(10, TimeUnit.SECONDS)).as("retry later").isFalse();
        assertThat(channel(deadEndpoint(), expiry).deliverReceipt(m).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("given up at the end of the validity").isTrue();
    }

    @Test
    void theReceiptOfAnExpiredMessageIsRetriedForADay() throws Exception {
        Instant expired = T0.plus(Duration.ofHours(1));
        StoredMessage m = finalMessage("acme", MessageState.EXPIRED, expired, expired, 0);

        assertThat(WebhookChannel.deadline(m)).isEqualTo(expired.plus(Duration.ofHours(24)));
        assertThat(channel(deadEndpoint(), expired.plusSeconds(1)).deliverReceipt(m).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(channel(deadEndpoint(), expired.plus(Duration.ofHours(24))).deliverReceipt(m).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isTrue();
    }
}
