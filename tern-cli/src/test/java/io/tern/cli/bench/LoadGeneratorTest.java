package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private final PrintStream progress = new PrintStream(new ByteArrayOutputStream());
    private EchoServer echo;

    @AfterEach
    void stop() {
        if (echo != null) {
            echo.close();
        }
    }

    private int startEcho() {
        echo = new EchoServer(0, 2);
        return echo.start();
    }

    static BenchConfig config(int port, int sessions, int window, long messages, boolean dlr) {
        return new BenchConfig("127.0.0.1", port, "bench", "secret", BindType.TRANSCEIVER, sessions, 0, window,
                messages, 0, dlr, false, "hello", false, 1, "4479000000", "4470000", Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ZERO);
    }

    static BenchConfig with(BenchConfig c, Duration timeout, BindType bind, int rxSessions, int rate, int parts,
            boolean ucs2) {
        return new BenchConfig(c.host(), c.port(), c.systemId(), c.password(), bind, c.sessions(), rxSessions,
                c.window(), c.messages(), rate, c.dlr(), c.tls(), c.text(), ucs2, parts, c.source(), c.destPrefix(),
                timeout, c.receiptWait(), c.maxDuration(), c.warmUp());
    }

    @Test
    void everySubmitIsAnsweredOkByAnEchoServer() throws Exception {
        BenchResult r = new LoadGenerator(config(startEcho(), 2, 50, 2_000, false), 0, progress).run();

        assertThat(r.sent()).isEqualTo(2_000);
        assertThat(r.ok()).isEqualTo(2_000);
        assertThat(r.statuses()).containsExactly(java.util.Map.entry("ESME_ROK", 2_000L));
        assertThat(r.timeouts() + r.lost() + r.failed()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(2_000);
        assertThat(r.complete()).isTrue();
        assertThat(r.summary()).startsWith("SUMMARY sent=2000 ok=2000 failed=0 timeouts=0 lost=0 ")
                .contains(" complete=true");
    }

    @Test
    void countsOneReceiptForEveryAcceptedMessage() throws Exception {
        BenchResult r = new LoadGenerator(config(startEcho(), 2, 50, 2_000, true), 0, progress).run();

        assertThat(r.ok()).isEqualTo(2_000);
        assertThat(r.receipts()).isEqualTo(2_000);
        assertThat(r.receiptsReceived()).isEqualTo(2_000);
        assertThat(r.receiptsUnmatched()).isZero();
        assertThat(r.receiptStates()).containsEntry("DELIVRD", 2_000L);
        assertThat(r.receiptTps()).isPositive();
        assertThat(r.receiptLatency().getTotalCount()).isEqualTo(2_000);
        assertThat(r.receiptPercentileMs(50)).isPositive();
        assertThat(r.summary()).contains(" receipt_p50_ms=", " receipt_p99_ms=");
        assertThat(r.complete()).isTrue();
    }

    @Test
    void sendsEveryPartOfLongUcs2Messages() throws Exception {
        BenchConfig c = with(config(startEcho(), 2, 20, 100, false), Duration.ofSeconds(10),
                BindType.TRANSMITTER, 0, 0, 3, true);

        BenchResult r = new LoadGenerator(c, 0, progress).run();

        assertThat(r.planned()).isEqualTo(300);
        assertThat(r.sent()).isEqualTo(300);
        assertThat(r.ok()).isEqualTo(300);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void pacesToTheRequestedRate() throws Exception {
        BenchConfig c = with(config(startEcho(), 2, 20, 400, false), Duration.ofSeconds(10),
                BindType.TRANSCEIVER, 0, 1_000, 1, false);

        BenchResult r = new LoadGenerator(c, 0, progress).run();

        assertThat(r.ok()).isEqualTo(400);
        // 400 messages at 1,000/s cannot finish in much under 0.4 s
        assertThat(r.responseNanos()).isGreaterThan(Duration.ofMillis(350).toNanos());
    }

    @Test
    void countsAPeerThatNeverAnswersAsTimeouts() throws Exception {
        try (ScriptedSmsc silent = new ScriptedSmsc((ctx, submit, n) -> { })) {
            BenchConfig c = with(config(silent.port(), 1, 10, 30, false), Duration.ofMillis(200),
                    BindType.TRANSCEIVER, 0, 0, 1, false);

            BenchResult r = new LoadGenerator(c, 0, progress).run();

            assertThat(r.sent()).isEqualTo(30);
            assertThat(r.timeouts()).isEqualTo(30);
            assertThat(r.responses() + r.lost()).isZero();
            assertThat(r.complete()).isFalse();
            assertThat(silent.submits.get()).isEqualTo(30);
        }
    }

    @Test
    void countsRequestsOutstandingWhenThePeerDropsTheConnectionAsLost() throws Exception {
        try (ScriptedSmsc dropping = new ScriptedSmsc((ctx, submit, n) -> {
            if (n <= 100) {
                ctx.writeAndFlush(new SubmitSmResp(submit.sequenceNumber(), CommandStatus.ESME_ROK, "m" + n));
            } else if (n == 120) {
                ctx.close(); // with 20 unanswered
            }
        })) {
            BenchResult r = new LoadGenerator(config(dropping.port(), 1, 50, 1_000, false), 0, progress).run();

            assertThat(r.ok()).isEqualTo(100);
            assertThat(r.lost()).isGreaterThanOrEqualTo(20);
            assertThat(r.ok() + r.failed() + r.timeouts() + r.lost()).isEqualTo(r.sent());
            assertThat(r.sent()).isLessThan(1_000);
            assertThat(r.complete()).isFalse();
        }
    }

    @Test
    void countsErrorResponsesByStatus() throws Exception {
        try (ScriptedSmsc throttling = new ScriptedSmsc((ctx, submit, n) -> ctx.writeAndFlush(new SubmitSmResp(
                submit.sequenceNumber(), n % 4 == 0 ? CommandStatus.ESME_RTHROTTLED : CommandStatus.ESME_ROK,
                n % 4 == 0 ? "" : "m" + n)))) {
            BenchResult r = new LoadGenerator(config(throttling.port(), 2, 10, 400, false), 0, progress).run();

            assertThat(r.statuses()).containsEntry("ESME_ROK", 300L).containsEntry("ESME_RTHROTTLED", 100L);
            assertThat(r.failed()).isEqualTo(100);
            assertThat(r.complete()).isTrue(); // every message got a response
        }
    }

    @Test
    void reportsARefusedBindByItsStatus() throws Exception {
        try (SmppServer refusing = new SmppServer(SmppServerConfig.localhost("TEST", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.reject(CommandStatus.ESME_RINVPASWD)),
                SessionListener.NONE)) {
            int port = refusing.start().join().get(0);

            assertThatThrownBy(() -> new LoadGenerator(config(port, 2, 10, 10, false), 0, progress).run())
                    .isInstanceOf(BenchException.class).hasMessage("bind refused: ESME_RINVPASWD");
        }
    }

    @Test
    void takesReceiptsOnSeparateReceiverSessions() throws Exception {
        // the echo server sends each receipt on the session that submitted: a TX bind may not
        // receive deliver_sm, so this run uses TRX submitters plus receivers that stay idle
        BenchConfig c = with(config(startEcho(), 2, 20, 500, true), Duration.ofSeconds(10),
                BindType.TRANSCEIVER, 1, 0, 1, false);

        BenchResult r = new LoadGenerator(c, 0, progress).run();

        assertThat(r.receipts()).isEqualTo(500);
        assertThat(r.complete()).isTrue();
    }
}
