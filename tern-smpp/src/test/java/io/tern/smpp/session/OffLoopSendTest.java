package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests sent from threads other than the session's event loop are queued and written in batches
 * (one task and one flush per batch): each thread's requests still reach the peer in the order it
 * sent them, each future completes with its own answer, and a send to a closed session fails.
 */
class OffLoopSendTest {

    private static final int PER_THREAD = 2_000;
    private static final int THREADS = 3;

    @Test
    void sendsFromOtherThreadsArriveInEachThreadsOrderAndAreAnsweredOneByOne() throws Exception {
        ConcurrentLinkedQueue<String> arrived = new ConcurrentLinkedQueue<>();
        SmppRequestHandler recording = (session, req) -> {
            if (req instanceof SubmitSm s) {
                arrived.add(new String(s.shortMessage(), StandardCharsets.US_ASCII));
                return CompletableFuture.completedFuture(new SubmitSmResp(req.sequenceNumber(),
                        CommandStatus.ESME_ROK, new String(s.shortMessage(), StandardCharsets.US_ASCII)));
            }
            return CompletableFuture.completedFuture(req.errorResponse(CommandStatus.ESME_ROK));
        };
        SessionConfig config = SessionConfig.DEFAULTS.withWindowSize(THREADS * PER_THREAD)
                .withMaxInflightInbound(THREADS * PER_THREAD);
        SmppServer server = new SmppServer(new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0)),
                "tern", config, 1), TestServers.passwordSecret(recording), SessionListener.NONE);
        int port = server.start().join().get(0);
        EventLoopGroup group = Transports.newGroup(1);
        SmppClient client = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "esme", TestServers.PASSWORD,
                BindType.TRANSMITTER).withSession(config).withReconnect(false, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), SamplePdus.answerAll(), SessionListener.NONE, group);
        try {
            SmppSession session = client.connect().get(10, TimeUnit.SECONDS);
            List<List<CompletableFuture<PduResponse>>> futures = new ArrayList<>();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<CompletableFuture<PduResponse>> mine = new ArrayList<>();
                futures.add(mine);
                int thread = t;
                senders.add(new Thread(() -> {
                    for (int n = 0; n < PER_THREAD; n++) {
                        mine.add(session.send(SubmitSm.of(SamplePdus.A, SamplePdus.B,
                                (thread + ":" + n).getBytes(StandardCharsets.US_ASCII))));
                    }
                }));
            }
            senders.forEach(Thread::start);
            for (Thread t : senders) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (int t = 0; t < THREADS; t++) {
                for (int n = 0; n < PER_THREAD; n++) {
                    PduResponse r = futures.get(t).get(n).get(30, TimeUnit.SECONDS);
                    assertThat(((SubmitSmResp) r).messageId()).isEqualTo(t + ":" + n);
                }
            }
            assertThat(arrived).hasSize(THREADS * PER_THREAD);
            int[] next = new int[THREADS];
            for (String text : arrived) {
                int thread = Integer.parseInt(text.substring(0, text.indexOf(':')));
                int n = Integer.parseInt(text.substring(text.indexOf(':') + 1));
                assertThat(n).as("thread %d's requests in the order it sent them", thread).isEqualTo(next[thread]++);
            }

            session.close().get(10, TimeUnit.SECONDS);
            CompletableFuture<PduResponse> late = session.send(SubmitSm.of(SamplePdus.A, SamplePdus.B,
                    "late".getBytes(StandardCharsets.US_ASCII)));
            await().atMost(Duration.ofSeconds(10)).until(late::isDone);
            assertThat(late).isCompletedExceptionally();
        } finally {
            client.close();
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
