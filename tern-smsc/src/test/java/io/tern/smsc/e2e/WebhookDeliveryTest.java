package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smsc.webhook.WebhookEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts and messages to an account's numbers POSTed to its webhooks (docs/http-api.md): signed,
 * retried through failures and timeouts until they are taken, kept over a restart, and never in
 * the way of anything else.
 */
class WebhookDeliveryTest {

    static final String SECRET = "0123456789abcdef-webhook-secret";

    @TempDir
    Path dir;
    WebhookReceiver receiver;
    TestSmsc tern;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        receiver.close();
    }

    private TestSmsc start(String timeout) {
        return TestSmsc.start(dir, """
                delivery: {scan_interval: 100ms, retry: {initial: 10s, max: 1m, jitter: 0.2}}
                accounts:
                  - system_id: acme
                    password_hash: HASH
                    addresses: ['5550*']
                    webhooks: {receipts: '%s', mo: '%s', secret: '%s', concurrency: 4, timeout: %s}
                  - {system_id: beta, password_hash: HASH}
                  - {system_id: phone, password_hash: HASH}
                routes:
                  - {destination: '44*', target: sim}
                handsets:
                  - {numbers: '44*', behaviour: deliver}
                  - {numbers: '447711*', behaviour: fail, error: 11, permanent: true}
                """.formatted(receiver.url("/receipts"), receiver.url("/mo"), SECRET, timeout));
    }

    /** Moves the injected clock past every retry delay until {@code done}, polling every 100 ms. */
    private void advanceUntil(java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            tern.clock.advance(Duration.ofSeconds(70));
            return done.call();
        });
    }

    @Test
    void receiptsAndRepliesAllArriveSignedThroughServerErrorsAndTimeouts() throws Exception {
        tern = start("300ms");
        // of every five requests: two 500s, one that hangs until the 300 ms timeout, one 503, one 200
        receiver.behaviour = n -> switch (n % 5) {
            case 0, 1 -> 500;
            case 2 -> WebhookReceiver.HANG;
            case 3 -> 503;
            default -> 200;
        };
        Esme acme = tern.bind("acme", BindType.BIND_TRX);
        Esme phone = tern.bind("phone", BindType.BIND_TX);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(acme.submit("447700900001", (i % 2 == 0 ? "44770090" : "44771190") + String.format("%04d", i),
                    "hello " + i, 1));
        }
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(phone.submit("44770090" + String.format("%04d", i), "5550001", "reply " + i, 0));
        }

        advanceUntil(() -> receiver.delivered(WebhookEvents.RECEIPT).containsAll(sent)
                && receiver.delivered(WebhookEvents.MO).containsAll(replies));

        assertThat(receiver.requests).allMatch(WebhookReceiver.Request::signedCorrectly);
        // plain HTTP/1.1 to an http:// endpoint: no "Upgrade: h2c" that some servers and proxies refuse
        assertThat(receiver.requests).extracting(WebhookReceiver.Request::upgrade).containsOnlyNulls();
        assertThat(receiver.requests).filteredOn(r -> r.answer() != 200).isNotEmpty();
        for (int i = 0; i < sent.size(); i++) {
            WebhookReceiver.Request r = receiver.accepted(sent.get(i));
            assertThat(r.path()).isEqualTo("/receipts");
            assertThat(r.body().get("state").asText()).isEqualTo(i % 2 == 0 ? "DELIVERED" : "UNDELIVERABLE");
            assertThat(r.body().get("account").asText()).isEqualTo("acme");
            assertThat(r.body().get("to").asText()).endsWith(String.format("%04d", i));
        }
        for (int i = 0; i < replies.size(); i++) {
            WebhookReceiver.Request r = receiver.accepted(replies.get(i));
            assertThat(r.path()).isEqualTo("/mo");
            assertThat(r.body().get("text").asText()).isEqualTo("reply " + i);
            assertThat(r.body().get("from").asText()).isEqualTo("44770090" + String.format("%04d", i));
            assertThat(r.body().get("to").asText()).isEqualTo("5550001");
        }
        // receipts went to the webhook, not to acme's SMPP session
        assertThat(acme.receipts).isEmpty();
    }

    @Test
    void repliesAlsoReachTheAccountsSmppReceivers() throws Exception {
        tern = start("5s");
        Esme acme = tern.bind("acme", BindType.BIND_RX);
        Esme phone = tern.bind("phone", BindType.BIND_TX);

        String id = phone.submit("447700900042", "5550007", "see you at 5", 0);

        DeliverSm m = acme.nextMessage();
        assertThat(Esme.text(m)).isEqualTo("see you at 5");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered(WebhookEvents.MO).contains(id));
        assertThat(receiver.accepted(id).body().get("text").asText()).isEqualTo("see you at 5");
    }

    @Test
    void aHangingWebhookSlowsNeitherSubmitsNorOtherAccountsReceipts() throws Exception {
        tern = start("30s");
        receiver.behaviour = n -> WebhookReceiver.HANG;
        Esme acme = tern.bind("acme", BindType.BIND_TRX);
        Esme beta = tern.bind("beta", BindType.BIND_TRX);

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            acme.submit("447700900001", "4477009" + String.format("%05d", i), "to the crm " + i, 1);
            beta.submit("447700900002", "4477009" + String.format("%05d", i), "to smpp " + i, 1);
        }
        Duration submits = Duration.ofNanos(System.nanoTime() - started);
        await().atMost(Duration.ofSeconds(20)).until(() -> beta.receipts.size() == 100);

        // 200 submits and 100 receipts went through while every webhook request hangs for 30 s:
        // the four requests acme's concurrency allows are all that waits
        assertThat(submits).isLessThan(Duration.ofSeconds(20));
        assertThat(receiver.requests).hasSize(4);
        assertThat(receiver.delivered(WebhookEvents.RECEIPT)).isEmpty();
    }

    @Test
    void pendingWebhookDeliveriesSurviveARestart() throws Exception {
        tern = start("1s");
        receiver.behaviour = n -> 503;
        List<String> sent = new ArrayList<>();
        String reply;
        try (Esme acme = Esme.bind(tern.port(), "acme", TestSmsc.PASSWORD, BindType.BIND_TX);
                Esme phone = Esme.bind(tern.port(), "phone", TestSmsc.PASSWORD, BindType.BIND_TX)) {
            for (int i = 0; i < 5; i++) {
                sent.add(acme.submit("447700900001", "44770090" + String.format("%04d", i), "before " + i, 1));
            }
            reply = phone.submit("447700900003", "5550002", "are you there", 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests.size() >= 6);
        tern.close();
        receiver.behaviour = n -> 200;

        tern = start("1s");

        advanceUntil(() -> receiver.delivered(WebhookEvents.RECEIPT).containsAll(sent)
                && receiver.delivered(WebhookEvents.MO).contains(reply));
        assertThat(receiver.requests).allMatch(WebhookReceiver.Request::signedCorrectly);
        assertThat(Set.copyOf(sent)).hasSize(5);
    }
}
