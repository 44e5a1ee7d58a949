package io.tern.smpp.session.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.util.windowing.WindowFuture;
import com.cloudhopper.smpp.SmppServerConfiguration;
import com.cloudhopper.smpp.SmppServerHandler;
import com.cloudhopper.smpp.SmppServerSession;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppServer;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.DataSmResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.type.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SessionState;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Tern client against Cloudhopper's server (DefaultSmppServer), for every bind type.
 * Cloudhopper has no submit_multi, so it is not exchanged here.
 */
class TernClientToCloudhopperServerTest {

    private static final BlockingQueue<SmppServerSession> sessions = new LinkedBlockingQueue<>();
    private static final BlockingQueue<PduRequest> received = new LinkedBlockingQueue<>();
    private static ExecutorService executor;
    private static DefaultSmppServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        // XXX: Cloudhopper (Netty 3) does not report the port it bound, so pick a free one first; a
        // tiny race with other processes, acceptable in a test.
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SmppServerConfiguration cfg = new SmppServerConfiguration();
        cfg.setHost("127.0.0.1");
        cfg.setPort(port);
        cfg.setSystemId("cloudhopper");
        cfg.setNonBlockingSocketsEnabled(true);
        cfg.setDefaultRequestExpiryTimeout(10_000);
        executor = Executors.newCachedThreadPool();
        server = new DefaultSmppServer(cfg, new SmppServerHandler() {
            @Override
            public void sessionBindRequested(Long id, SmppSessionConfiguration c, BaseBind bind) {
                c.setName("ch-" + id);
            }

            @Override
            public void sessionCreated(Long id, SmppServerSession session, BaseBindResp resp) {
                session.serverReady(new DefaultSmppSessionHandler() {
                    @Override
                    public PduResponse firePduRequestReceived(PduRequest request) {
                        received.add(request);
                        PduResponse r = request.createResponse();
                        if (r instanceof SubmitSmResp s) {
                            s.setMessageId("ch1");
                        } else if (r instanceof DataSmResp d) {
                            d.setMessageId("chd1");
                        } else if (r instanceof QuerySmResp q) {
                            q.setMessageId("ch1");
                            q.setMessageState((byte) 2);
                        }
                        return r;
                    }
                });
                sessions.add(session);
            }

            @Override
            public void sessionDestroyed(Long id, SmppServerSession session) {
                session.destroy();
            }
        }, executor);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.destroy();
        executor.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(BindType.class)
    void bindsExchangesEveryOperationAndUnbinds(BindType type) throws Exception {
        received.clear();
        BlockingQueue<io.tern.smpp.pdu.PduRequest> toTern = new LinkedBlockingQueue<>();
        SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "tern-esme", "pw", type)
                .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        SmppClient client = new SmppClient(config, TernServerFixture.answering(toTern), SessionListener.NONE);
        SmppSession session = client.connect().get(10, TimeUnit.SECONDS);
        SmppServerSession ch = sessions.poll(10, TimeUnit.SECONDS);
        assertThat(ch).isNotNull();

        if (type.canSubmit()) {
            TernClientExchange.submitEverything(session, false);
            assertThat(received).extracting(PduRequest::getName).containsExactly("submit_sm", "data_sm", "query_sm",
                    "cancel_sm", "replace_sm", "enquire_link");
        }
        if (type.canReceive()) {
            DeliverSm deliver = new DeliverSm();
            deliver.setSourceAddress(new Address((byte) 1, (byte) 1, "4498765"));
            deliver.setDestAddress(new Address((byte) 1, (byte) 1, "4412345"));
            deliver.setShortMessage("from cloudhopper".getBytes(StandardCharsets.US_ASCII));
            WindowFuture<Integer, PduRequest, PduResponse> f = ch.sendRequestPdu(deliver, 10_000, true);
            assertThat(f.await(10_000)).isTrue();
            assertThat(f.getResponse().getCommandStatus()).isZero();
            io.tern.smpp.pdu.PduRequest got = toTern.poll(10, TimeUnit.SECONDS);
            assertThat(got.commandId()).isEqualTo(CommandId.DELIVER_SM);
            assertThat(new String(((io.tern.smpp.pdu.DeliverSm) got).shortMessage(), StandardCharsets.US_ASCII))
                    .isEqualTo("from cloudhopper");
        }
        client.close(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
        assertThat(session.counters().pdusIn(CommandId.UNBIND_RESP)).isEqualTo(1);
        assertThat(session.counters().errorsReceived()).isEmpty();
    }
}
