package io.tern.bench.reference;

import com.cloudhopper.smpp.PduAsyncResponse;
import com.cloudhopper.smpp.SmppBindType;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.SmppServerConfiguration;
import com.cloudhopper.smpp.SmppServerHandler;
import com.cloudhopper.smpp.SmppServerSession;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppServer;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.tlv.Tlv;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloudhopper bar for side-by-side runs: a {@link DefaultSmppServer} on 127.0.0.1 that binds
 * anyone, answers every submit_sm at once from {@code firePduRequestReceived} with a fresh
 * message id and, when asked, sends a deliver_sm receipt back on transceiver sessions.
 */
public final class CloudhopperReferenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudhopperReferenceServer.class);

    private final DefaultSmppServer server;
    /** Cloudhopper's sendRequestPdu waits for the write; keep that off its I/O threads. */
    private final ExecutorService receiptSender;
    private final int port;

    private CloudhopperReferenceServer(int port, boolean receipts, ReceiptStyle style) throws Exception {
        SmppServerConfiguration config = new SmppServerConfiguration();
        config.setName("cloudhopper-reference");
        config.setHost("127.0.0.1");
        config.setPort(port);
        config.setSystemId("cloudhopper");
        config.setMaxConnectionSize(1000);
        config.setNonBlockingSocketsEnabled(true);
        config.setJmxEnabled(false);
        config.setDefaultSessionCountersEnabled(false);
        config.setDefaultWindowSize(1000);
        config.setDefaultWindowWaitTimeout(30_000);
        config.setDefaultRequestExpiryTimeout(30_000);
        config.setDefaultWindowMonitorInterval(15_000);
        this.receiptSender = receipts
                ? Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()))
                : null;
        this.server = new DefaultSmppServer(config, new ServerHandler(new Receipts(), style, receiptSender));
        server.start();
        this.port = boundPort(server);
    }

    /** Starts a server; {@code port} 0 picks a free one, see {@link #port()}. */
    public static CloudhopperReferenceServer start(int port, boolean receipts) throws Exception {
        return new CloudhopperReferenceServer(port, receipts, ReceiptStyle.DEFAULT);
    }

    /** Starts a server that sends receipts written in {@code style}; {@code port} 0 picks a free one. */
    public static CloudhopperReferenceServer start(int port, ReceiptStyle style) throws Exception {
        return new CloudhopperReferenceServer(port, true, style);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.destroy();
        if (receiptSender != null) {
            receiptSender.shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        ReferenceOptions options = ReferenceOptions.parse(args);
        CloudhopperReferenceServer server = new CloudhopperReferenceServer(options.port(), options.receipts(),
                options.style());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + server.port());
        new CountDownLatch(1).await();
    }

    private static int boundPort(DefaultSmppServer server) throws ReflectiveOperationException {
        // XXX: DefaultSmppServer does not expose its server channel; read it to learn the port
        // chosen for --port 0.
        Field f = DefaultSmppServer.class.getDeclaredField("serverChannel");
        f.setAccessible(true);
        Channel channel = (Channel) f.get(server);
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private static final class ServerHandler implements SmppServerHandler {
        private final Receipts receipts;
        private final ReceiptStyle style;
        private final ExecutorService receiptSender;

        ServerHandler(Receipts receipts, ReceiptStyle style, ExecutorService receiptSender) {
            this.receipts = receipts;
            this.style = style;
            this.receiptSender = receiptSender;
        }

        @Override
        public void sessionBindRequested(Long sessionId, SmppSessionConfiguration config, BaseBind bindRequest) {
            // any system_id and password bind
        }

        @Override
        public void sessionCreated(Long sessionId, SmppServerSession session, BaseBindResp preparedBindResponse) {
            boolean sendReceipts = receiptSender != null
                    && session.getConfiguration().getType() == SmppBindType.TRANSCEIVER;
            session.serverReady(new SessionHandler(session, receipts, style,
                    sendReceipts ? receiptSender : null));
        }

        @Override
        public void sessionDestroyed(Long sessionId, SmppServerSession session) {
            session.destroy();
        }
    }

    private static final class SessionHandler extends DefaultSmppSessionHandler {
        private final SmppServerSession session;
        private final Receipts receipts;
        private final ReceiptStyle style;
        private final ExecutorService receiptSender;

        SessionHandler(SmppServerSession session, Receipts receipts, ReceiptStyle style,
                ExecutorService receiptSender) {
            super(log);
            this.session = session;
            this.receipts = receipts;
            this.style = style;
            this.receiptSender = receiptSender;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public PduResponse firePduRequestReceived(PduRequest request) {
            PduResponse response = request.createResponse();
            if (request instanceof SubmitSm) {
                SubmitSm submit = (SubmitSm) request;
                String messageId = receipts.nextMessageId();
                ((SubmitSmResp) response).setMessageId(messageId);
                if (receiptSender != null && Receipts.wanted(submit.getRegisteredDelivery())) {
                    receiptSender.execute(() -> sendReceipt(submit, messageId));
                }
            }
            return response;
        }

        private void sendReceipt(SubmitSm submit, String messageId) {
            try {
                DeliverSm receipt = new DeliverSm();
                receipt.setSourceAddress(submit.getDestAddress());
                receipt.setDestAddress(submit.getSourceAddress());
                receipt.setEsmClass(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
                receipt.setShortMessage(Receipts.text(messageId, style, submit.getShortMessage()));
                if (style.tlvs()) {
                    receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID,
                            (messageId + "\0").getBytes(StandardCharsets.ISO_8859_1)));
                    receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE,
                            new byte[] {Receipts.DELIVERED}));
                }
                session.sendRequestPdu(receipt, TimeUnit.SECONDS.toMillis(30), false);
            } catch (Exception e) {
                log.debug("receipt for {} not sent", messageId, e);
            }
        }

        @Override
        public void fireExpectedPduResponseReceived(PduAsyncResponse response) {
            // deliver_sm_resp for a receipt: nothing to do
        }
    }
}
