package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smsc.connector.ConnectorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's last error as {@code tern status}, the admin API and the dashboard show it: kept
 * with its time once the connector has recovered, and marked cleared from the moment it was
 * healthy again, so that an operator does not chase a problem that is over.
 */
class ConnectorLastErrorTest {

    @TempDir
    Path dir;
    private SmppServer upstream;
    private TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aBindErrorIsKeptAndMarkedClearedOnceTheConnectorIsBoundAgain() {
        AtomicInteger binds = new AtomicInteger();
        upstream = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(binds.incrementAndGet() == 1
                        ? BindResult.reject(CommandStatus.ESME_RBINDFAIL)
                        : BindResult.accept((session, request) -> CompletableFuture.completedFuture(
                                request instanceof SubmitSm sm
                                        ? new SubmitSmResp(sm.sequenceNumber(), CommandStatus.ESME_ROK, "1")
                                        : request.errorResponse(CommandStatus.ESME_RINVCMDID)))),
                SessionListener.NONE);
        int port = upstream.start().join().get(0);
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: up, host: 127.0.0.1, port: %d, system_id: tern, password: secret,
                     reconnect: {min: 50ms, max: 200ms}}
                routes:
                  - {destination: '44*', target: 'connector:up'}
                """.formatted(port));

        await().atMost(Duration.ofSeconds(10)).until(() -> status().bound() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> status().lastErrorClearedAt() != null);
        ConnectorStatus s = status();
        assertThat(s.lastError()).as("kept after the recovery").contains("ESME_RBINDFAIL");
        assertThat(s.lastErrorClearedAt()).isAfterOrEqualTo(s.lastErrorAt());
    }

    private ConnectorStatus status() {
        return tern.smsc.connectorStatus().join().get(0);
    }
}
