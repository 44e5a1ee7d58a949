package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/** A jSMPP ESME bound to the SMSC under test (a small copy of tern-smsc's e2e Esme). */
final class TestEsme implements AutoCloseable {

    private static final TypeOfNumber INTL = TypeOfNumber.INTERNATIONAL;
    private static final NumberingPlanIndicator ISDN = NumberingPlanIndicator.ISDN;

    final BlockingQueue<DeliverSm> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
    private final SMPPSession session = new SMPPSession();

    static TestEsme bind(int port, String systemId, String password, BindType type) throws IOException {
        TestEsme e = new TestEsme();
        e.session.setTransactionTimer(5000);
        e.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) {
                (d.isSmscDeliveryReceipt() ? e.receipts : e.messages).add(d);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
            }

            @Override
            public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm d, Session s) throws ProcessRequestException {
                throw new ProcessRequestException("data_sm not expected", 0x08);
            }
        });
        try {
            e.session.connectAndBind("127.0.0.1", port, new BindParameter(type, systemId, password, "", INTL, ISDN,
                    null));
        } catch (IOException ex) {
            e.session.close();
            throw ex;
        }
        return e;
    }

    /** Whether the session is still bound (false once the SMSC unbinds it). */
    boolean bound() {
        return session.getSessionState().isBound();
    }

    /** Submits and returns the message_id. */
    String submit(String source, String dest, String text, int registeredDelivery) throws Exception {
        return session.submitShortMessage("", INTL, ISDN, source, INTL, ISDN, dest, new ESMClass(), (byte) 0,
                (byte) 0, null, null, new RegisteredDelivery((byte) registeredDelivery), (byte) 0, DataCodings.ZERO,
                (byte) 0, text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    /** Submits one that is refused, and returns the status of the refusal. */
    int submitRefused(String source, String dest, String text) throws Exception {
        try {
            String id = submit(source, dest, text, 0);
            throw new AssertionError("accepted as " + id);
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        }
    }

    DeliverSm nextReceipt() throws InterruptedException {
        DeliverSm d = receipts.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a delivery receipt within 10 s").isNotNull();
        return d;
    }

    DeliverSm nextMessage() throws InterruptedException {
        DeliverSm d = messages.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a message within 10 s").isNotNull();
        return d;
    }

    @Override
    public void close() {
        if (session.getSessionState().isBound()) {
            session.setTransactionTimer(1000);
            try {
                session.unbindAndClose();
                return;
            } catch (RuntimeException ignored) {
                // fall through
            }
        }
        session.close();
    }
}
