package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void printsTheReportAndOneSummaryLineAndExitsZero() {
        try (EchoServer echo = new EchoServer(0, 1)) {
            int port = echo.start();

            int code = Main.run("bench", "--port", Integer.toString(port), "--system-id", "bench", "--password", "x",
                    "--sessions", "2", "--window", "20", "--messages", "500", "--dlr");

            String stdout = out.toString(StandardCharsets.UTF_8);
            assertThat(code).isZero();
            assertThat(stdout).contains("ESME_ROK:", "receipts:", "latency ms:");
            assertThat(stdout.lines().filter(l -> l.startsWith("SUMMARY ")))
                    .singleElement().asString().contains("sent=500 ok=500", "receipts=500", "complete=true");
        }
    }

    @Test
    void rejectsDlrOnATransmitterWithoutReceiverSessions() {
        int code = Main.run("bench", "--system-id", "x", "--bind", "tx", "--dlr");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--dlr needs --bind trx or --rx-sessions N");
    }

    @Test
    void rejectsAnUnknownBindTypeAndABadDuration() {
        assertThat(Main.run("bench", "--system-id", "x", "--bind", "rx")).isEqualTo(2);
        assertThat(Main.run("bench", "--system-id", "x", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bind", "not a duration: 'soon'");
    }

    @Test
    void leavesTheWarmUpOutOfTheLatencyAndSaysSo() {
        try (EchoServer echo = new EchoServer(0, 1)) {
            int port = echo.start();

            // 1,500 messages at 1,000/s: about the first 1,000 are sent inside the 1 s warm-up
            int code = Main.run("bench", "--port", Integer.toString(port), "--system-id", "bench", "--password", "x",
                    "--sessions", "1", "--window", "20", "--messages", "1500", "--rate", "1000", "--warm-up", "1s");

            String stdout = out.toString(StandardCharsets.UTF_8);
            assertThat(code).isZero();
            String summary = stdout.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow();
            assertThat(summary).contains("sent=1500 ok=1500", "warm_up_s=1.0", "complete=true");
            long samples = Long.parseLong(summary.replaceAll(".* latency_samples=(\\d+) .*", "$1"));
            assertThat(samples).isPositive().isLessThan(1500);
            assertThat(stdout).contains("latency measured:   " + samples + " responses to requests sent after the 1.0 s");
        }
    }

    @Test
    void rejectsAWarmUpThatIsNegativeOrOutlastsTheRun() {
        assertThat(Main.run("bench", "--system-id", "x", "--warm-up", "-1s")).isEqualTo(2);
        assertThat(Main.run("bench", "--system-id", "x", "--warm-up", "10m", "--max-duration", "1m")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--warm-up must not be negative",
                "--warm-up must be shorter than --max-duration");
    }

    @Test
    void exitsOneWithTheStatusWhenTheBindIsRefused() throws Exception {
        try (var refusing = new io.tern.smpp.session.SmppServer(
                io.tern.smpp.session.SmppServerConfig.localhost("TEST", io.tern.smpp.session.SessionConfig.DEFAULTS),
                info -> java.util.concurrent.CompletableFuture.completedFuture(
                        io.tern.smpp.session.BindResult.reject(io.tern.smpp.pdu.CommandStatus.ESME_RINVPASWD)),
                io.tern.smpp.session.SessionListener.NONE)) {
            int port = refusing.start().join().get(0);

            int code = Main.run("bench", "--port", Integer.toString(port), "--system-id", "x", "--password", "bad");

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern bench: bind refused: ESME_RINVPASWD");
        }
    }
}
