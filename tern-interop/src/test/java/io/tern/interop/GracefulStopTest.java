package io.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.account.AccountService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code tern serve} (issue 4, "Running it"): the bound ESME is unbound, the process
 * exits 0, and an acknowledged message is still there after a restart.
 */
class GracefulStopTest {

    private static final String PASSWORD = "term123";

    @TempDir
    Path work;

    @Test
    void sigtermUnbindsSessionsAndExitsZeroKeepingAcknowledgedMessages() throws Exception {
        Path config = work.resolve("tern.yaml");
        Files.writeString(config, String.join("\n",
                "listeners:",
                "  - {host: 127.0.0.1, port: 0}",
                "store:",
                "  path: '" + work.resolve("data").toAbsolutePath() + "'",
                "accounts:",
                "  - system_id: esme",
                "    password_hash: '" + AccountService.hash(PASSWORD) + "'",
                "handsets:",
                "  - {numbers: '*', behaviour: absent}",
                ""));
        Path log = work.resolve("tern.log");

        String id;
        try (TernProcess tern = TernProcess.start(config, log, Duration.ofSeconds(60))) {
            SmppClient client = client(tern.port());
            try {
                SmppSession session = client.connect().get(30, TimeUnit.SECONDS);
                PduResponse resp = session.send(SubmitSm.of(Address.international("4470000001"),
                        Address.international("4479000001"), "kept".getBytes(StandardCharsets.US_ASCII)))
                        .get(30, TimeUnit.SECONDS);
                assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
                id = ((SubmitSmResp) resp).messageId();

                assertThat(tern.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();

                session.closeFuture().get(10, TimeUnit.SECONDS);
                assertThat(session.counters().pdusIn(CommandId.UNBIND)).as("unbind from the SMSC").isEqualTo(1);
            } finally {
                client.close();
            }
        }

        try (TernProcess again = TernProcess.start(config, log, Duration.ofSeconds(60))) {
            SmppClient client = client(again.port());
            try {
                SmppSession session = client.connect().get(30, TimeUnit.SECONDS);
                PduResponse q = session.send(new QuerySm(0, id, Address.international("4470000001")))
                        .get(30, TimeUnit.SECONDS);
                assertThat(q.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
                assertThat(((QuerySmResp) q).messageState()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }

    private static SmppClient client(int port) {
        SmppClientConfig cfg = SmppClientConfig.of("127.0.0.1", port, "esme", PASSWORD, BindType.TRANSCEIVER)
                .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new SmppClient(cfg, (s, request) -> CompletableFuture.completedFuture(
                request.errorResponse(CommandStatus.ESME_ROK)), SessionListener.NONE);
    }
}
