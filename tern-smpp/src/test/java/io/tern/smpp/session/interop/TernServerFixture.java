package io.tern.smpp.session.interop;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindResult;
import io.tern.smpp.session.ListenerConfig;
import io.tern.smpp.session.SessionConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppRequestHandler;
import io.tern.smpp.session.SmppServer;
import io.tern.smpp.session.SmppServerConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.session.TlsConfig;
import io.tern.smpp.tlv.Tlvs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Tern server (plain and TLS listeners) whose handler answers every operation, for interop tests. */
final class TernServerFixture implements AutoCloseable {

    static final String PASSWORD = "secret";

    final SmppServer server;
    final int plainPort;
    final int tlsPort;
    /** TLS 1.2 only: Cloudhopper's Netty 3 SslHandler fails on TLS 1.3 records. */
    final int tls12Port;
    final BlockingQueue<SmppSession> bound = new LinkedBlockingQueue<>();
    final BlockingQueue<PduRequest> received = new LinkedBlockingQueue<>();

    TernServerFixture() {
        TlsConfig tls = TlsConfig.of(tls("server.pem"), tls("server.key"));
        server = new SmppServer(new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0),
                new ListenerConfig("127.0.0.1", 0, tls),
                new ListenerConfig("127.0.0.1", 0, tls.withProtocols("TLSv1.2"))), "tern", SessionConfig.DEFAULTS, 2),
                info -> CompletableFuture.completedFuture(PASSWORD.equals(info.bind().password())
                        ? BindResult.accept(answering(received)) : BindResult.reject(CommandStatus.ESME_RINVPASWD)),
                new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        bound.add(session);
                    }
                });
        List<Integer> ports = server.start().join();
        plainPort = ports.get(0);
        tlsPort = ports.get(1);
        tls12Port = ports.get(2);
    }

    SmppSession nextBound() throws InterruptedException {
        SmppSession s = bound.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no session bound");
        }
        return s;
    }

    PduRequest nextReceived() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    static Path tls(String file) {
        try {
            return Path.of(TernServerFixture.class.getResource("/session/tls/" + file).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every operation with ESME_ROK; records what it received. */
    static SmppRequestHandler answering(BlockingQueue<PduRequest> received) {
        return (session, req) -> {
            received.add(req);
            int seq = req.sequenceNumber();
            PduResponse r;
            switch (req.commandId()) {
                case SUBMIT_SM -> r = new SubmitSmResp(seq, CommandStatus.ESME_ROK, "msg-" + seq);
                case DATA_SM -> r = new DataSmResp(seq, CommandStatus.ESME_ROK, "data-" + seq, Tlvs.EMPTY);
                case SUBMIT_MULTI -> r = new SubmitMultiResp(seq, CommandStatus.ESME_ROK, "multi-" + seq, List.of());
                case QUERY_SM -> r = new QuerySmResp(seq, CommandStatus.ESME_ROK, ((QuerySm) req).messageId(), "",
                        2, 0);
                case DELIVER_SM -> r = new DeliverSmResp(seq, CommandStatus.ESME_ROK, "");
                default -> r = req.errorResponse(CommandStatus.ESME_ROK);
            }
            return CompletableFuture.completedFuture(r);
        };
    }

    static boolean is(PduRequest r, CommandId id) {
        return r != null && r.commandId() == id;
    }

    @Override
    public void close() {
        server.close();
    }
}
