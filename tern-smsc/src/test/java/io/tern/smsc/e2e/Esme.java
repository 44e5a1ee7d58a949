package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUSender;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.DestinationAddress;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceIfPresentFlag;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.SubmitMultiResp;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiCommandTask;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;
import org.jsmpp.util.InvalidDeliveryReceiptException;

/**
 * A jSMPP ESME bound to the SMSC under test, collecting what the SMSC sends it: messages, delivery
 * receipts and alert notifications.
 */
final class Esme implements AutoCloseable {

    static final TypeOfNumber INTL = TypeOfNumber.INTERNATIONAL;
    static final NumberingPlanIndicator ISDN = NumberingPlanIndicator.ISDN;

    final BlockingQueue<DeliverSm> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
    final BlockingQueue<AlertNotification> alerts = new LinkedBlockingQueue<>();
    final BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
    final Client session;

    /** SMPPSession with submit_multi to distribution lists, which the stock method cannot address. */
    static final class Client extends SMPPSession {
        private final PDUSender sender;

        Client(PDUSender sender) {
            super(sender, new DefaultPDUReader(), SocketConnectionFactory.getInstance());
            this.sender = sender;
        }

        SubmitMultiResp submitMulti(String source, DestinationAddress[] dests, String text,
                RegisteredDelivery rd) throws Exception {
            return submitMulti(source, dests, text, rd, ReplaceIfPresentFlag.DEFAULT);
        }

        SubmitMultiResp submitMulti(String source, DestinationAddress[] dests, String text,
                RegisteredDelivery rd, ReplaceIfPresentFlag replace) throws Exception {
            SubmitMultiCommandTask task = new SubmitMultiCommandTask(sender, "", INTL, ISDN, source, dests,
                    new ESMClass(), (byte) 0, (byte) 0, null, null, rd, replace,
                    DataCodings.ZERO, (byte) 0, text.getBytes(StandardCharsets.ISO_8859_1), new OptionalParameter[0]);
            return (SubmitMultiResp) executeSendCommand(task, getTransactionTimer());
        }
    }

    private Esme() {
        this.session = new Client(new SynchronizedPDUSender(new DefaultPDUSender(new DistributionListComposer())));
    }

    static Esme bind(int port, String systemId, String password, BindType type) throws IOException {
        return bind(port, systemId, password, type, 3);
    }

    /**
     * @param processors jSMPP's threads for incoming PDUs; 1 keeps deliver_sm in the order they
     *     arrived on the wire
     */
    static Esme bind(int port, String systemId, String password, BindType type, int processors)
            throws IOException {
        return bind(port, systemId, password, type, processors, InterfaceVersion.IF_34);
    }

    /** Binds announcing {@code version} as its interface_version (IF_33: an SMPP 3.3 ESME). */
    static Esme bind(int port, String systemId, String password, BindType type, int processors,
            InterfaceVersion version) throws IOException {
        return bind(port, systemId, password, type, processors, version, null);
    }

    /** Binds with {@code addressRange} as the bind's address_range (null: empty). */
    static Esme bindWithRange(int port, String systemId, String password, BindType type, String addressRange)
            throws IOException {
        return bind(port, systemId, password, type, 3, InterfaceVersion.IF_34, addressRange);
    }

    private static Esme bind(int port, String systemId, String password, BindType type, int processors,
            InterfaceVersion version, String addressRange) throws IOException {
        Esme e = new Esme();
        e.session.setPduProcessorDegree(processors);
        e.session.setTransactionTimer(5000);
        e.session.addSessionStateListener((newState, old, source) -> e.states.add(newState));
        e.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
                if (d.isSmscDeliveryReceipt()) {
                    e.receipts.add(d);
                } else {
                    e.messages.add(d);
                }
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
                e.alerts.add(a);
            }

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm d, Session s)
                    throws ProcessRequestException {
                throw new ProcessRequestException("data_sm not expected", 0x08);
            }
        });
        try {
            e.session.connectAndBind("127.0.0.1", port,
                    new BindParameter(type, systemId, password, "", INTL, ISDN, addressRange, version));
        } catch (IOException ex) {
            e.session.close();
            throw ex;
        }
        return e;
    }

    /** The status of the bind_resp when a bind is refused. */
    static int bindStatus(int port, String systemId, String password, BindType type) {
        return bindStatus(port, systemId, password, type, null);
    }

    /** The status of the bind_resp to a bind with {@code addressRange}: 0 when it is accepted. */
    static int bindStatus(int port, String systemId, String password, BindType type, String addressRange) {
        try (Esme e = bindWithRange(port, systemId, password, type, addressRange)) {
            return 0;
        } catch (IOException ex) {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof NegativeResponseException n) {
                    return n.getCommandStatus();
                }
            }
            throw new AssertionError("bind failed without a bind_resp status", ex);
        }
    }

    String submit(String source, String dest, String text, int registeredDelivery, OptionalParameter... tlvs)
            throws Exception {
        return submit(source, dest, text, registeredDelivery, null, null, (byte) 0, tlvs);
    }

    String submit(String source, String dest, String text, int registeredDelivery, String schedule, String validity,
            byte priority, OptionalParameter... tlvs) throws Exception {
        return session.submitShortMessage("", INTL, ISDN, source, INTL, ISDN, dest, new ESMClass(), (byte) 0,
                priority, schedule, validity, new RegisteredDelivery((byte) registeredDelivery), (byte) 0,
                DataCodings.ZERO, (byte) 0, text.getBytes(StandardCharsets.ISO_8859_1), tlvs).getMessageId();
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

    static String text(DeliverSm d) {
        return new String(d.getShortMessage(), StandardCharsets.ISO_8859_1);
    }

    static DeliveryReceipt receipt(DeliverSm d) throws InvalidDeliveryReceiptException {
        return d.getShortMessageAsDeliveryReceipt();
    }

    /** The value bytes of a TLV of {@code d}, or null. */
    static byte[] tlv(DeliverSm d, OptionalParameter.Tag tag) {
        OptionalParameter p = d.getOptionalParameter(tag);
        if (p == null) {
            return null;
        }
        byte[] b = p.serialize();
        return Arrays.copyOfRange(b, 4, b.length);
    }

    static String receiptedMessageId(DeliverSm d) {
        byte[] v = tlv(d, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        assertThat(v).as("receipted_message_id").isNotNull();
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        return new String(v, 0, n, StandardCharsets.ISO_8859_1);
    }

    static int messageState(DeliverSm d) {
        byte[] v = tlv(d, OptionalParameter.Tag.MESSAGE_STATE);
        assertThat(v).as("message_state").hasSize(1);
        return v[0] & 0xFF;
    }

    /** network_error_code: network type, then the two-byte error. */
    static int networkError(DeliverSm d) {
        byte[] v = tlv(d, OptionalParameter.Tag.NETWORK_ERROR_CODE);
        assertThat(v).as("network_error_code").hasSize(3);
        return ((v[1] & 0xFF) << 8) | (v[2] & 0xFF);
    }

    static RegisteredDelivery receiptWanted() {
        return new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);
    }

    @Override
    public void close() {
        if (session.getSessionState().isBound()) {
            // jSMPP sometimes misses an unbind_resp that arrives just before the server closes
            // the connection (as SMPP 3.4 §4.2 lets it); do not let that stall a test for long
            session.setTransactionTimer(1000);
            try {
                session.unbindAndClose();
                return;
            } catch (RuntimeException ignored) {
                // fall through to close
            }
        }
        session.close();
    }
}
