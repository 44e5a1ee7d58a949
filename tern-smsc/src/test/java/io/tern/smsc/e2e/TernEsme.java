package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smpp.tlv.Tlvs;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An ESME made of Tern's own client (tern-smpp): a transceiver that answers every deliver_sm OK and
 * keeps it. The caller closes {@link #client()}.
 */
record TernEsme(SmppClient client, SmppSession session, BlockingQueue<DeliverSm> received) {

    static TernEsme bind(int port, String systemId) throws Exception {
        BlockingQueue<DeliverSm> received = new LinkedBlockingQueue<>();
        SmppClient client = new SmppClient(SmppClientConfig.of("127.0.0.1", port, systemId, TestSmsc.PASSWORD,
                BindType.TRANSCEIVER).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                (s, request) -> {
                    if (request instanceof DeliverSm d) {
                        received.add(d);
                    }
                    return CompletableFuture.completedFuture(
                            new DeliverSmResp(request.sequenceNumber(), CommandStatus.ESME_ROK));
                },
                SessionListener.NONE);
        try {
            return new TernEsme(client, client.connect().get(30, TimeUnit.SECONDS), received);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** submit_sm from and to international numbers; the response's status. */
    SubmitSmResp trySubmit(String from, String to, int dataCoding, byte[] text, int registeredDelivery, Tlvs tlvs)
            throws Exception {
        SubmitSm sm = new SubmitSm(0, "", Address.international(from), Address.international(to), 0, 0, 0, "", "",
                registeredDelivery, 0, dataCoding, 0, text, tlvs);
        return (SubmitSmResp) session.send(sm).get(30, TimeUnit.SECONDS);
    }

    /** submit_sm that must be accepted; its message_id. */
    String submit(String from, String to, int dataCoding, byte[] text, int registeredDelivery, Tlvs tlvs)
            throws Exception {
        SubmitSmResp resp = trySubmit(from, to, dataCoding, text, registeredDelivery, tlvs);
        assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        return resp.messageId();
    }

    DeliverSm next() throws InterruptedException {
        DeliverSm d = received.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a deliver_sm within 10 s").isNotNull();
        return d;
    }
}
