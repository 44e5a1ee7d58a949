package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 8 sessions, window 100, 200,000 submit_sm round trips against a server that answers at once:
 * every future completes exactly once, with its own response, and nothing times out.
 */
class SessionStressTest {

    private static final int SESSIONS = 8;
    private static final int WINDOW = 100;
    private static final int TOTAL = 200_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoHundredThousandRoundTripsOnEightSessionsLoseNothing() throws Exception {
        SessionConfig config = SessionConfig.DEFAULTS.withWindowSize(WINDOW).withMaxPendingSends(0)
                .withMaxInflightInbound(WINDOW);
        SmppServer server = new SmppServer(new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0)),
                "tern", config, 1), TestServers.passwordSecret(SamplePdus.answerAll()), SessionListener.NONE);
        int port = server.start().join().get(0);
        EventLoopGroup group = Transports.newGroup(1);
        List<SmppClient> clients = new ArrayList<>();
        try {
            List<SmppSession> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                SmppClient c = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "load" + i,
                        TestServers.PASSWORD, BindType.TRANSMITTER).withSession(config)
                        .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        SamplePdus.answerAll(), SessionListener.NONE, group);
                clients.add(c);
                sessions.add(c.connect().get(10, TimeUnit.SECONDS));
            }
            AtomicInteger completions = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger mismatches = new AtomicInteger();
            ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            CountDownLatch done = new CountDownLatch(TOTAL);
            PduRequest submit = SamplePdus.request(CommandId.SUBMIT_SM, 0);
            List<Thread> senders = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < SESSIONS; i++) {
                SmppSession s = sessions.get(i);
                int sessionIndex = i;
                Thread t = new Thread(() -> {
                    Semaphore slots = new Semaphore(WINDOW);
                    for (int n = 0; n < TOTAL / SESSIONS; n++) {
                        slots.acquireUninterruptibly();
                        long key = ((long) sessionIndex << 32) | n;
                        CompletableFuture<PduResponse> f = s.send(submit);
                        f.whenComplete((r, e) -> {
                            slots.release();
                            if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
                                duplicates.incrementAndGet();
                            }
                            if (e != null) {
                                failures.incrementAndGet();
                            } else if (!(r instanceof SubmitSmResp ok) || ok.commandStatus() != CommandStatus.ESME_ROK
                                    || !ok.messageId().equals("m" + ok.sequenceNumber())) {
                                mismatches.incrementAndGet();
                            }
                            completions.incrementAndGet();
                            done.countDown();
                        });
                    }
                }, "sender-" + i);
                senders.add(t);
                t.start();
            }
            assertThat(done.await(50, TimeUnit.SECONDS)).as("all round trips completed").isTrue();
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(completions.get()).isEqualTo(TOTAL);
            assertThat(failures.get()).isZero();
            assertThat(mismatches.get()).isZero();
            assertThat(duplicates.get()).isZero();
            assertThat(seen).hasSize(TOTAL);
            long timeouts = 0;
            long late = 0;
            long out = 0;
            for (SmppSession s : sessions) {
                timeouts += s.counters().responseTimeouts();
                late += s.counters().lateResponses();
                out += s.counters().pdusOut(CommandId.SUBMIT_SM);
            }
            assertThat(timeouts).isZero();
            assertThat(late).isZero();
            assertThat(out).isEqualTo(TOTAL);
            System.out.printf("stress: %d round trips in %d ms (%.0f/s)%n", TOTAL, elapsedMs,
                    TOTAL * 1000.0 / Math.max(1, elapsedMs));
        } finally {
            for (SmppClient c : clients) {
                c.close(Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            server.close();
        }
    }
}
