package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudhopper.commons.charset.CharsetUtil;
import com.cloudhopper.smpp.SmppBindType;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.SmppSession;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppClient;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.util.DeliveryReceipt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Interop profiles and charset conversion seen by an independent client, Cloudhopper: its receipt
 * parser reads the decimal id, it gets no TLVs, its data_coding 0 is Latin-1, and a GSM-only ESME gets
 * septets that Cloudhopper's own GSM decoder reads back.
 */
class CloudhopperInteropProfileTest {

    @TempDir
    Path dir;
    TestSmsc tern;
    ExecutorService threads;
    DefaultSmppClient client;
    final List<SmppSession> sessions = new ArrayList<>();

    @BeforeEach
    void start() {
        tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: legacy, password_hash: HASH,
                     interop: {receipt_id: decimal, tlvs: false, data_coding_0: latin1}}
                  - {system_id: gsmonly, password_hash: HASH, addresses: ['5554*'], interop: {encoding: gsm7}}
                routes:
                  - {destination: '44*', target: sim}
                """);
        threads = Executors.newCachedThreadPool();
        client = new DefaultSmppClient(threads, 2);
    }

    @AfterEach
    void stop() {
        try {
            for (SmppSession s : sessions) {
                s.unbind(2000);
                s.destroy();
            }
        } finally {
            client.destroy();
            threads.shutdownNow();
            tern.close();
        }
    }

    private SmppSession bind(String systemId, BlockingQueue<PduRequest> received) throws Exception {
        SmppSessionConfiguration cfg = new SmppSessionConfiguration();
        cfg.setType(SmppBindType.TRANSCEIVER);
        cfg.setHost("127.0.0.1");
        cfg.setPort(tern.port());
        cfg.setSystemId(systemId);
        cfg.setPassword(TestSmsc.PASSWORD);
        cfg.setWindowSize(10);
        cfg.setConnectTimeout(5000);
        cfg.setBindTimeout(5000);
        cfg.setRequestExpiryTimeout(5000);
        SmppSession s = client.bind(cfg, new DefaultSmppSessionHandler() {
            @Override
            public PduResponse firePduRequestReceived(PduRequest request) {
                received.add(request);
                return request.createResponse();
            }
        });
        sessions.add(s);
        return s;
    }

    private static SubmitSmResp submit(SmppSession s, String dest, byte[] text, int registeredDelivery) throws Exception {
        SubmitSm sm = new SubmitSm();
        sm.setSourceAddress(new Address((byte) 1, (byte) 1, "447700900001"));
        sm.setDestAddress(new Address((byte) 1, (byte) 1, dest));
        sm.setRegisteredDelivery((byte) registeredDelivery);
        sm.setDataCoding((byte) 0);
        sm.setShortMessage(text);
        SubmitSmResp resp = s.submit(sm, 5000);
        assertThat(resp.getCommandStatus()).isZero();
        return resp;
    }

    private static DeliverSm next(BlockingQueue<PduRequest> received) throws InterruptedException {
        PduRequest req = received.poll(10, TimeUnit.SECONDS);
        assertThat(req).as("a deliver_sm within 10 s").isInstanceOf(DeliverSm.class);
        return (DeliverSm) req;
    }

    @Test
    void legacyEsmeParsesItsDecimalReceiptIdAndGetsNoTlvs() throws Exception {
        BlockingQueue<PduRequest> received = new LinkedBlockingQueue<>();
        SmppSession legacy = bind("legacy", received);

        SubmitSmResp resp = submit(legacy, "447700900002", "Grüße".getBytes(StandardCharsets.ISO_8859_1), 1);

        DeliverSm receipt = next(received);
        assertThat(receipt.getEsmClass() & 0x3C).isEqualTo(0x04);
        assertThat(receipt.getOptionalParameters()).as("no TLVs for this ESME").isNullOrEmpty();
        DeliveryReceipt dr = DeliveryReceipt.parseShortMessage(
                new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1), DateTimeZone.UTC);
        assertThat(dr.getMessageId()).isEqualTo(new BigInteger(resp.getMessageId(), 16).toString());
        assertThat(dr.getState()).isEqualTo(SmppConstants.STATE_DELIVERED);
        assertThat(dr.getText()).as("the excerpt of a Latin-1 text, which is what data_coding 0 meant")
                .startsWith("Gr..e");
    }

    @Test
    void latin1TextFromOneEsmeReachesAGsmOnlyEsmeAsSeptetsCloudhopperDecodes() throws Exception {
        BlockingQueue<PduRequest> legacyIn = new LinkedBlockingQueue<>();
        BlockingQueue<PduRequest> gsmIn = new LinkedBlockingQueue<>();
        SmppSession legacy = bind("legacy", legacyIn);
        bind("gsmonly", gsmIn);

        submit(legacy, "5554000", "Grüße {x}".getBytes(StandardCharsets.ISO_8859_1), 0);

        DeliverSm m = next(gsmIn);
        assertThat(m.getDataCoding()).isZero();
        assertThat(CharsetUtil.decode(m.getShortMessage(), CharsetUtil.CHARSET_GSM)).isEqualTo("Grüße {x}");
        assertThat(m.getShortMessage()).hasSize("Grüße {x}".length() + 2); // '{' and '}' take an escape each
    }
}
