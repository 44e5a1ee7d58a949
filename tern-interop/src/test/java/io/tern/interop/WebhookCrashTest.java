package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tern.smsc.account.AccountService;
import io.tern.smsc.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks under SIGKILL (docs/http-api.md "Delivery, retries and what a crash does"): {@code tern
 * serve} in a child JVM takes submits that ask for receipts and replies to an account's number,
 * and is killed at random moments, 5 times, while its webhook endpoint (in this JVM) refuses every
 * fourth request. After the last restart, every acknowledged message's receipt and every
 * acknowledged reply must have reached the endpoint with a 2xx and a valid signature.
 */
class WebhookCrashTest {

    private static final String PASSWORD = "crash123";
    private static final String SECRET = "crash-test-webhook-secret";
    private static final TypeOfNumber INTL = TypeOfNumber.INTERNATIONAL;
    private static final NumberingPlanIndicator ISDN = NumberingPlanIndicator.ISDN;

    /** Delivery ids answered 2xx, by event; requests whose signature was wrong. */
    private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong refusedRequests = new AtomicLong();
    private final Set<String> ackedMessages = ConcurrentHashMap.newKeySet();
    private final Set<String> ackedReplies = ConcurrentHashMap.newKeySet();

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sigkillLosesNoAcknowledgedReceiptOrReplyWebhook(@TempDir Path work) throws Exception {
        long seed = Long.getLong("tern.crash.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        HttpServer endpoint = endpoint();
        try {
            Path config = writeConfig(work, "http://127.0.0.1:" + endpoint.getAddress().getPort());
            Path log = work.resolve("tern-serve.log");
            for (int cycle = 0; cycle < 5; cycle++) {
                TernProcess tern = TernProcess.start(config, log, Duration.ofSeconds(60));
                int target = ackedMessages.size() + ackedReplies.size() + 100 + random.nextInt(200);
                Thread load = new Thread(() -> submitUntilFailure(tern.port()), "load");
                load.start();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> ackedMessages.size() + ackedReplies.size() >= target || !load.isAlive());
                tern.kill();
                load.join(30_000);
                System.out.printf("webhook crash: seed %d cycle %d killed at %d acknowledged (%d messages,"
                        + " %d replies)%n",
                        seed, cycle, ackedMessages.size() + ackedReplies.size(), ackedMessages.size(),
                        ackedReplies.size());
            }
            TernProcess tern = TernProcess.start(config, log, Duration.ofSeconds(60));
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> delivered("receipt").containsAll(ackedMessages)
                                && delivered("mo").containsAll(ackedReplies));
            } finally {
                tern.close();
            }
            System.out.printf("webhook crash: acknowledged %d messages and %d replies; all their webhooks arrived;"
                    + " %d requests refused with 500 on the way%n", ackedMessages.size(), ackedReplies.size(),
                    refusedRequests.get());
            assertThat(ackedMessages.size()).isGreaterThanOrEqualTo(5 * 80);
            assertThat(ackedReplies).isNotEmpty();
            assertThat(badSignatures.get()).as("requests with a wrong signature").isZero();
            assertThat(refusedRequests.get()).isPositive();
        } finally {
            endpoint.stop(0);
        }
    }

    private Set<String> delivered(String event) {
        return delivered.getOrDefault(event, Set.of());
    }

    /** The webhook endpoint: every fourth request is refused with 500, the others taken. */
    private HttpServer endpoint() throws IOException {
        AtomicInteger n = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (!WebhookSignature.verify(SECRET, body, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER))) {
                    badSignatures.incrementAndGet();
                }
                if (n.incrementAndGet() % 4 == 0) {
                    refusedRequests.incrementAndGet();
                    ex.sendResponseHeaders(500, -1);
                    return;
                }
                delivered.computeIfAbsent(ex.getRequestHeaders().getFirst("X-Tern-Event"),
                        e -> ConcurrentHashMap.newKeySet()).add(ex.getRequestHeaders().getFirst("X-Tern-Delivery"));
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    /** Submits until the SMSC dies: messages with receipts from acme, and every fifth a reply to acme's number. */
    private void submitUntilFailure(int port) {
        SMPPSession acme = new SMPPSession();
        SMPPSession phone = new SMPPSession();
        try {
            acme.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TX, "acme", PASSWORD, "", INTL,
                    ISDN, null));
            phone.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TX, "phone", PASSWORD, "", INTL,
                    ISDN, null));
            for (int i = 0; ; i++) {
                if (i % 5 == 4) {
                    ackedReplies.add(submit(phone, "4477009" + String.format("%05d", i % 100_000), "5550001",
                            "reply " + i, 0));
                } else {
                    ackedMessages.add(submit(acme, "447700900001", "4477009" + String.format("%05d", i % 100_000),
                            "offer " + i, 1));
                }
            }
        } catch (Exception e) {
            // the SMSC was killed: what was acknowledged so far is recorded
        } finally {
            acme.close();
            phone.close();
        }
    }

    private static String submit(SMPPSession s, String from, String to, String text, int registeredDelivery)
            throws Exception {
        return s.submitShortMessage("", INTL, ISDN, from, INTL, ISDN, to, new ESMClass(), (byte) 0, (byte) 0, null,
                null, new RegisteredDelivery((byte) registeredDelivery), (byte) 0, DataCodings.ZERO, (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    private static Path writeConfig(Path work, String url) throws IOException {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        String hash = AccountService.hash(PASSWORD);
        String yaml = String.join("\n",
                "listeners: [{host: 127.0.0.1, port: 0}]",
                "store: {path: '" + data.toAbsolutePath() + "'}",
                // leases left by a killed node are released at start-up; a short response_timeout
                // keeps the wait for anything else short
                "smpp: {response_timeout: 2s}",
                "delivery: {scan_interval: 200ms, retry: {initial: 200ms, max: 2s}}",
                "accounts:",
                "  - system_id: acme",
                "    password_hash: '" + hash + "'",
                "    addresses: ['5550*']",
                "    webhooks: {receipts: '" + url + "/receipts', mo: '" + url + "/mo', secret: '" + SECRET
                        + "', timeout: 5s}",
                "  - system_id: phone",
                "    password_hash: '" + hash + "'",
                "handsets: [{numbers: '44*', behaviour: deliver}]",
                "");
        Path config = work.resolve("tern.yaml");
        Files.writeString(config, yaml);
        return config;
    }
}
