package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.smpp.SmppBindType;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.SmppSession;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppClient;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySm;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.util.DeliveryReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main loop with a second, independent client: Cloudhopper. */
class CloudhopperClientTest {

    @TempDir
    Path dir;
    TestSmsc tern;
    ExecutorService threads;
    DefaultSmppClient client;
    SmppSession session;
    final BlockingQueue<PduRequest> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """);
        threads = Executors.newCachedThreadPool();
        client = new DefaultSmppClient(threads, 1);
        SmppSessionConfiguration cfg = new SmppSessionConfiguration();
        cfg.setType(SmppBindType.TRANSCEIVER);
        cfg.setHost("127.0.0.1");
        cfg.setPort(tern.port());
        cfg.setSystemId("alice");
        cfg.setPassword(TestSmsc.PASSWORD);
        cfg.setWindowSize(10);
        cfg.setConnectTimeout(5000);
        cfg.setBindTimeout(5000);
        cfg.setRequestExpiryTimeout(5000);
        session = client.bind(cfg, new DefaultSmppSessionHandler() {
            @Override
            public PduResponse firePduRequestReceived(PduRequest request) {
                received.add(request);
                return request.createResponse();
            }
        });
    }

    @AfterEach
    void stop() {
        try {
            session.unbind(2000);
        } finally {
            session.destroy();
            client.destroy();
            threads.shutdownNow();
            tern.close();
        }
    }

    @Test
    void cloudhopperClientGetsAReceiptItCanParse() throws Exception {
        SubmitSm sm = new SubmitSm();
        sm.setSourceAddress(new Address((byte) 1, (byte) 1, "12345"));
        sm.setDestAddress(new Address((byte) 1, (byte) 1, "447700900001"));
        sm.setRegisteredDelivery((byte) 1);
        sm.setShortMessage("hello from cloudhopper".getBytes(StandardCharsets.ISO_8859_1));

        SubmitSmResp resp = session.submit(sm, 5000);
        assertThat(resp.getCommandStatus()).isZero();

        PduRequest req = received.poll(10, TimeUnit.SECONDS);
        assertThat(req).isInstanceOf(DeliverSm.class);
        DeliverSm receipt = (DeliverSm) req;
        assertThat(receipt.getEsmClass() & 0x3C).isEqualTo(0x04);
        assertThat(receipt.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID).getValueAsString())
                .isEqualTo(resp.getMessageId());
        assertThat(receipt.getOptionalParameter(SmppConstants.TAG_MSG_STATE).getValueAsByte()).isEqualTo((byte) 2);
        DeliveryReceipt dr = DeliveryReceipt.parseShortMessage(
                new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1), DateTimeZone.UTC);
        assertThat(dr.getMessageId()).isEqualTo(resp.getMessageId());
        assertThat(dr.getState()).isEqualTo(SmppConstants.STATE_DELIVERED);
        assertThat(dr.getText()).startsWith("hello from cloudhop");

        QuerySm q = new QuerySm();
        q.setMessageId(resp.getMessageId());
        q.setSourceAddress(new Address((byte) 1, (byte) 1, "12345"));
        var future = session.sendRequestPdu(q, 5000, true);
        assertThat(future.await(5000)).isTrue();
        QuerySmResp qr = (QuerySmResp) future.getResponse();
        assertThat(qr.getCommandStatus()).isZero();
        assertThat(qr.getMessageState()).isEqualTo((byte) 2);
    }
}
