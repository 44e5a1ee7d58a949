package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.connector.Connectors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connectors taken out of service while something is under way: whatever the order, a stop (SIGTERM)
 * wins, and nothing binds upstream after it.
 */
class ConnectorCloseRaceTest {

    @TempDir
    Path dir;
    private final List<SmppServer> upstreams = new CopyOnWriteArrayList<>();
    private TestSmsc tern;

    @AfterEach
    void stop() {
        if (tern != null) {
            tern.close();
        }
        upstreams.forEach(SmppServer::close);
    }

    /** An upstream that accepts any bind, tells {@code bound} of each, and holds every submit_sm_resp, released by running what it adds to {@code held}. */
    private int upstream(List<SmppSession> bound, List<Runnable> held) {
        SmppServer s = new SmppServer(SmppServerConfig.localhost("UPSTREAM", SessionConfig.DEFAULTS),
                info -> CompletableFuture.completedFuture(BindResult.accept((session, request) -> {
                    if (!(request instanceof SubmitSm sm)) {
                        return CompletableFuture.completedFuture(request.errorResponse(CommandStatus.ESME_RINVCMDID));
                    }
                    CompletableFuture<PduResponse> answer = new CompletableFuture<>();
                    held.add(() -> answer.complete(new SubmitSmResp(sm.sequenceNumber(), CommandStatus.ESME_ROK, "A1")));
                    return answer;
                }, new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        bound.add(session);
                    }
                })), SessionListener.NONE);
        upstreams.add(s);
        return s.start().join().get(0);
    }

    /**
     * A change applied while the connectors unbind for a stop (here: the stop waits for a submit_sm
     * the upstream holds) enables connector b. Before, b was built and bound upstream while Tern
     * stopped, and never unbound: its session died with the event loops.
     */
    @Test
    void aConnectorEnabledWhileTernStopsNeverBinds() throws Exception {
        List<SmppSession> boundA = new CopyOnWriteArrayList<>();
        List<Runnable> heldA = new CopyOnWriteArrayList<>();
        List<SmppSession> boundB = new CopyOnWriteArrayList<>();
        int portA = upstream(boundA, heldA);
        int portB = upstream(boundB, new CopyOnWriteArrayList<>());
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                connectors:
                  - {name: a, host: 127.0.0.1, port: %d, system_id: tern, password: secret}
                  - {name: b, host: 127.0.0.1, port: %d, system_id: tern, password: secret, enabled: false}
                routes:
                  - {destination: '44*', target: 'connector:a'}
                """.formatted(portA, portB));
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        alice.submit("447700800001", "447700900001", "held upstream", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> heldA.size() == 1);

        Connectors connectors = tern.smsc.connectors();
        Thread stopping = new Thread(() -> connectors.close(Duration.ofSeconds(30)), "stopping");
        stopping.start();
        // the stop waits for a's window to drain
        await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);

        List<ConnectorConfig> enabled = tern.smsc.config().connectors().stream().map(c -> enabledCopy(c)).toList();
        connectors.apply(enabled, tern.smsc.config().connectorGroups());
        assertThat(connectors.connector("b")).as("connector b put in service while Tern stops").isNull();

        heldA.get(0).run();
        stopping.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(stopping.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !boundA.get(0).state().isBound());
        assertThat(boundB).as("binds at upstream b").isEmpty();
    }

    private static ConnectorConfig enabledCopy(ConnectorConfig c) {
        return new ConnectorConfig(c.name(), c.host(), c.port(), c.systemId(), c.password(), c.systemType(), c.bind(),
                c.sessions(), c.window(), c.throughput(), c.tls(), c.enquireLinkInterval(), c.responseTimeout(),
                c.interfaceVersion(), c.sourceTon(), c.sourceNpi(), c.destTon(), c.destNpi(), c.submitIdFormat(),
                c.receiptIdFormat(), c.receipts(), c.throttlePause(), c.reconnectMin(), c.reconnectMax(),
                c.encoding(), true, c.receiptedMessageIdFormat());
    }
}
