package io.tern.smsc.e2e;

import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.webhook.WebhookEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jsmpp.bean.BindType;

/**
 * Delivery receipts through an account's receipts webhook against the same receipts to an SMPP
 * receiver, in one run and one SMSC: {@code messages} submits with registered_delivery=1 from 8
 * threads for each account (the SMPP one first), timed from the first submit until the last receipt
 * has arrived (deliver_sm taken by the ESME, or the webhook answered 204). A program, not a test.
 *
 * <p>Usage: {@code WebhookBench [messages] [rounds]}; defaults 20,000 and 3 (alternating, so
 * neither account always runs on a warmer JVM).
 */
public final class WebhookBench {

    private static final int THREADS = 8;

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("tern-webhook-bench");
        try (WebhookReceiver receiver = new WebhookReceiver("bench-webhook-secret-0123")) {
            receiver.behaviour = n -> 204;
            String yaml = String.join("\n",
                    "listeners: [{host: 127.0.0.1, port: 0}]",
                    "store: {path: '" + dir.resolve("data") + "'}",
                    "accounts:",
                    "  - {system_id: hook, password_hash: '" + TestSmsc.passwordHash() + "', webhooks: {receipts: '"
                            + receiver.url("/receipts") + "', secret: bench-webhook-secret-0123, concurrency: 16}}",
                    "  - {system_id: smpp, password_hash: '" + TestSmsc.passwordHash() + "'}",
                    "handsets: [{numbers: '44*', behaviour: deliver}]",
                    "");
            Smsc smsc = Smsc.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC());
            int port = smsc.ports().get(0);
            try (Esme smpp = Esme.bind(port, "smpp", TestSmsc.PASSWORD, BindType.BIND_TRX, 1);
                    Esme hook = Esme.bind(port, "hook", TestSmsc.PASSWORD, BindType.BIND_TX)) {
                for (int round = 0; round < rounds; round++) {
                    int base = round * messages;
                    double viaSmpp = run(smpp, messages, () -> smpp.receipts.size() - base);
                    double viaHook = run(hook, messages, () -> receiver.delivered(WebhookEvents.RECEIPT).size() - base);
                    System.out.printf("round %d: %d messages each: SMPP receipts %.0f/s, webhook receipts %.0f/s,"
                            + " ratio %.2f%n", round + 1, messages, viaSmpp, viaHook, viaHook / viaSmpp);
                }
                System.out.printf("webhook requests: %d, all signed correctly: %s%n", receiver.requests.size(),
                        receiver.requests.stream().allMatch(WebhookReceiver.Request::signedCorrectly));
            } finally {
                smsc.close();
            }
        }
    }

    /** Submits {@code n} messages with receipts from 8 threads; the rate from the first submit to the n-th receipt. */
    private static double run(Esme esme, int n, IntSupplier receipts) throws Exception {
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = first; i < n; i += THREADS) {
                        esme.submit("447700900001", "4477009" + String.format("%05d", i % 100_000), "bench " + i, 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (receipts.getAsInt() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + receipts.getAsInt() + " of " + n + " receipts in 5 minutes");
            }
            Thread.sleep(5);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
