package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Over real sockets, a handler that answers some requests at once and completes the others on its
 * own threads (some failing): every request gets exactly one response, with the right status. This
 * covers the session's batched answering of completions that happen off the event loop.
 */
class AsyncAnswerTest {

    private static final int MESSAGES = 4000;

    @Test
    void everyRequestIsAnsweredOnceWhetherTheHandlerCompletesOnOrOffTheLoop() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<SmppSession> serverSessions = new CopyOnWriteArrayList<>();
        SmppRequestHandler handler = (session, req) -> {
            int seq = req.sequenceNumber();
            PduResponse ok = new SubmitSmResp(seq, CommandStatus.ESME_ROK, "m" + seq);
            return switch (seq % 3) {
                case 0 -> CompletableFuture.completedFuture(ok);
                case 1 -> CompletableFuture.supplyAsync(() -> ok, pool);
                default -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("store down for seq " + seq);
                }, pool);
            };
        };
        SessionConfig sessionConfig = SessionConfig.DEFAULTS.withMaxPendingSends(MESSAGES);
        try (SmppServer server = new SmppServer(SmppServerConfig.localhost("tern", sessionConfig),
                TestServers.passwordSecret(handler), new SessionListener() {
                    @Override
                    public void onBound(SmppSession s) {
                        serverSessions.add(s);
                    }

                    @Override
                    public void onClosed(SmppSession s) {
                    }
                })) {
            int port = server.start().join().get(0);
            SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "async", TestServers.PASSWORD,
                    BindType.TRANSCEIVER).withSession(sessionConfig);
            try (SmppClient client = new SmppClient(config, SamplePdus.answerAll(), SessionListener.NONE)) {
                SmppSession session = client.connect().join();
                List<CompletableFuture<PduResponse>> responses = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    responses.add(session.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)));
                }
                CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
                for (CompletableFuture<PduResponse> f : responses) {
                    PduResponse r = f.join();
                    CommandStatus expected = r.sequenceNumber() % 3 == 2 ? CommandStatus.ESME_RSYSERR
                            : CommandStatus.ESME_ROK;
                    assertThat(r.commandStatus()).as("seq %d", r.sequenceNumber()).isEqualTo(expected);
                }
                SmppSession onServer = serverSessions.get(0);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> onServer.counters().pdusOut(CommandId.SUBMIT_SM_RESP) == MESSAGES);
                assertThat(onServer.counters().inflightInbound()).isZero();
                assertThat(session.counters().lateResponses()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
