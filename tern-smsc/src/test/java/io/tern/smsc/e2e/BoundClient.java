package io.tern.smsc.e2e;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tern's own SMPP client bound as a transceiver to a test Tern, answering every deliver_sm OK: for
 * tests that send PDUs exactly as they build them (fields a friendlier client would not let through).
 */
final class BoundClient implements AutoCloseable {

    private final SmppClient client;
    private final SmppSession session;

    private BoundClient(SmppClient client, SmppSession session) {
        this.client = client;
        this.session = session;
    }

    /** Binds {@code systemId} (password {@link TestSmsc#PASSWORD}) to {@code tern}. */
    static BoundClient bind(TestSmsc tern, String systemId) throws Exception {
        SmppClient client = new SmppClient(SmppClientConfig.of("127.0.0.1", tern.port(), systemId, TestSmsc.PASSWORD,
                BindType.TRANSCEIVER).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                (s, request) -> CompletableFuture.completedFuture(
                        new DeliverSmResp(request.sequenceNumber(), CommandStatus.ESME_ROK)),
                SessionListener.NONE);
        return new BoundClient(client, client.connect().get(30, TimeUnit.SECONDS));
    }

    /** Sends {@code request} and waits for its response. */
    PduResponse send(PduRequest request) throws Exception {
        return session.send(request).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
