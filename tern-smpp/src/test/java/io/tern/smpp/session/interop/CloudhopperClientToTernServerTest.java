package io.tern.smpp.session.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cloudhopper.commons.util.windowing.WindowFuture;
import com.cloudhopper.smpp.SmppBindType;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppClient;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.CancelSm;
import com.cloudhopper.smpp.pdu.DataSm;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySm;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.ReplaceSm;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.ssl.SslConfiguration;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.session.SessionState;
import io.tern.smpp.session.SmppSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cloudhopper's client (DefaultSmppClient) against a Tern server, plain for every bind type and
 * over TLS. Cloudhopper has no submit_multi, so that one is covered by the jSMPP test.
 */
class CloudhopperClientToTernServerTest {

    private static TernServerFixture tern;
    private static ExecutorService executor;
    private static DefaultSmppClient client;

    @BeforeAll
    static void start() {
        // XXX: Netty 3's SslHandler (inside Cloudhopper) trips its own assert (SslHandler.java:918) on odd
        // the JVM runs with -ea, as Surefire does; switch assertions off for that package only.
        CloudhopperClientToTernServerTest.class.getClassLoader()
                .setPackageAssertionStatus("org.jboss.netty.handler.ssl", false);
        tern = new TernServerFixture();
        executor = Executors.newCachedThreadPool();
        client = new DefaultSmppClient(executor, 2);
    }

    @AfterAll
    static void stop() {
        client.destroy();
        executor.shutdownNow();
        tern.close();
    }

    @ParameterizedTest
    @EnumSource(value = SmppBindType.class, names = {"TRANSMITTER", "RECEIVER", "TRANSCEIVER"})
    void bindsExchangesEveryOperationAndUnbinds(SmppBindType type) throws Exception {
        exchange(type, false);
    }

    @Test
    void bindsAndExchangesOverTls() throws Exception {
        exchange(SmppBindType.TRANSCEIVER, true);
    }

    private static Address addr(String digits) {
        return new Address((byte) 1, (byte) 1, digits);
    }

    private static PduResponse call(com.cloudhopper.smpp.SmppSession s, PduRequest<?> req) throws Exception {
        WindowFuture<Integer, PduRequest, PduResponse> f = s.sendRequestPdu(req, 10_000, true);
        assertThat(f.await(10_000)).isTrue();
        assertThat(f.isSuccess()).isTrue();
        return f.getResponse();
    }

    private void exchange(SmppBindType type, boolean tls) throws Exception {
        tern.received.clear();
        BlockingQueue<PduRequest> received = new LinkedBlockingQueue<>();
        SmppSessionConfiguration cfg = new SmppSessionConfiguration(type, "cloudhopper", TernServerFixture.PASSWORD);
        cfg.setHost("127.0.0.1");
        cfg.setPort(tls ? tern.tls12Port : tern.plainPort);
        cfg.setRequestExpiryTimeout(10_000);
        cfg.setBindTimeout(10_000);
        cfg.getLoggingOptions().setLogBytes(false);
        if (tls) {
            SslConfiguration ssl = new SslConfiguration();
            ssl.setTrustAll(true);
            ssl.setProtocol("TLSv1.2");
            cfg.setUseSsl(true);
            cfg.setSslConfiguration(ssl);
        }
        com.cloudhopper.smpp.SmppSession ch = client.bind(cfg, new DefaultSmppSessionHandler() {
            @Override
            public PduResponse firePduRequestReceived(PduRequest request) {
                received.add(request);
                return request.createResponse();
            }
        });
        SmppSession session = tern.nextBound();
        assertThat(session.systemId()).isEqualTo("cloudhopper");

        if (type != SmppBindType.RECEIVER) {
            SubmitSm submit = new SubmitSm();
            submit.setSourceAddress(addr("4412345"));
            submit.setDestAddress(addr("4498765"));
            submit.setShortMessage("hello".getBytes(StandardCharsets.US_ASCII));
            SubmitSmResp resp = ch.submit(submit, 10_000);
            assertThat(resp.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
            assertThat(resp.getMessageId()).startsWith("msg-");
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.SUBMIT_SM);

            DataSm data = new DataSm();
            data.setSourceAddress(addr("4412345"));
            data.setDestAddress(addr("4498765"));
            data.addOptionalParameter(new Tlv(SmppConstants.TAG_MESSAGE_PAYLOAD,
                    "payload".getBytes(StandardCharsets.US_ASCII)));
            assertThat(call(ch, data).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.DATA_SM);

            QuerySm query = new QuerySm();
            query.setMessageId(resp.getMessageId());
            query.setSourceAddress(addr("4412345"));
            QuerySmResp q = (QuerySmResp) call(ch, query);
            assertThat(q.getMessageState()).isEqualTo((byte) 2);
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.QUERY_SM);

            CancelSm cancel = new CancelSm();
            cancel.setMessageId(resp.getMessageId());
            cancel.setSourceAddress(addr("4412345"));
            cancel.setDestAddress(addr("4498765"));
            assertThat(call(ch, cancel).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.CANCEL_SM);

            ReplaceSm replace = new ReplaceSm();
            replace.setMessageId(resp.getMessageId());
            replace.setSourceAddress(addr("4412345"));
            replace.setShortMessage("new".getBytes(StandardCharsets.US_ASCII));
            assertThat(call(ch, replace).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
            assertThat(tern.nextReceived().commandId()).isEqualTo(CommandId.REPLACE_SM);
        }
        if (type != SmppBindType.TRANSMITTER) {
            assertThat(session.send(DeliverSm.of(io.tern.smpp.pdu.Address.international("4498765"),
                    io.tern.smpp.pdu.Address.international("4412345"),
                    "from tern".getBytes(StandardCharsets.US_ASCII))).get(10, TimeUnit.SECONDS).commandStatus())
                    .isEqualTo(CommandStatus.ESME_ROK);
            PduRequest got = received.poll(10, TimeUnit.SECONDS);
            assertThat(got).isInstanceOf(com.cloudhopper.smpp.pdu.DeliverSm.class);
            assertThat(new String(((com.cloudhopper.smpp.pdu.DeliverSm) got).getShortMessage(),
                    StandardCharsets.US_ASCII)).isEqualTo("from tern");
        }

        assertThat(ch.enquireLink(new EnquireLink(), 10_000).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        ch.unbind(10_000);
        ch.destroy();
        await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.CLOSED);
        assertThat(session.counters().pdusIn(CommandId.UNBIND)).isEqualTo(1);
        assertThat(session.counters().errorsSent()).isEmpty();
    }
}
