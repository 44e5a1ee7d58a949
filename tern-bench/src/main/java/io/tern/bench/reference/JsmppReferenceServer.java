package io.tern.bench.reference;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jSMPP bar for side-by-side runs: an {@link SMPPServerSessionListener} on 127.0.0.1 that
 * binds anyone, answers every submit_sm at once from {@code onAcceptSubmitSm} with a fresh
 * message id and, when asked, sends a deliver_sm receipt back on transceiver sessions once the
 * submit_sm_resp is written.
 */
public final class JsmppReferenceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JsmppReferenceServer.class);
    private static final ESMClass RECEIPT_ESM_CLASS =
            new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT);
    private static final GeneralDataCoding DEFAULT_ALPHABET = new GeneralDataCoding(Alphabet.ALPHA_DEFAULT);

    private final SMPPServerSessionListener listener;
    private final int port;
    /** Binds are answered here, so a slow client never stalls the accept loop. */
    private final ExecutorService binder = Executors.newCachedThreadPool(daemon("jsmpp-bind"));
    /** deliverShortMessage blocks until deliver_sm_resp: a small pool keeps several in flight. */
    private final ExecutorService receiptSender;
    private final Receipts receipts = new Receipts();
    private final ReceiptStyle style;
    /** submit_sm waiting for its response to be written before its receipt may go. */
    private final Map<String, SubmitSm> pendingReceipts = new ConcurrentHashMap<>();
    private final Map<SMPPServerSession, Boolean> transceivers = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private JsmppReferenceServer(int port, boolean sendReceipts, ReceiptStyle style) throws IOException {
        this.style = style;
        LoopbackServerSockets sockets = new LoopbackServerSockets();
        this.listener = new SMPPServerSessionListener(port, sockets);
        this.port = sockets.boundPort;
        this.receiptSender = sendReceipts ? Executors.newFixedThreadPool(8, daemon("jsmpp-receipt")) : null;
        Handler handler = new Handler();
        listener.setMessageReceiverListener(handler);
        listener.setResponseDeliveryListener(handler);
        this.acceptor = new Thread(this::acceptLoop, "jsmpp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server; {@code port} 0 picks a free one, see {@link #port()}. */
    public static JsmppReferenceServer start(int port, boolean receipts) throws IOException {
        return new JsmppReferenceServer(port, receipts, ReceiptStyle.DEFAULT);
    }

    /** Starts a server that sends receipts written in {@code style}; {@code port} 0 picks a free one. */
    public static JsmppReferenceServer start(int port, ReceiptStyle style) throws IOException {
        return new JsmppReferenceServer(port, true, style);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing the listener", e);
        }
        for (SMPPServerSession s : transceivers.keySet()) {
            s.close();
        }
        binder.shutdownNow();
        if (receiptSender != null) {
            receiptSender.shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        ReferenceOptions options = ReferenceOptions.parse(args);
        JsmppReferenceServer server = new JsmppReferenceServer(options.port(), options.receipts(), options.style());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + server.port());
        new CountDownLatch(1).await();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = listener.accept();
                binder.execute(() -> bind(session));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed", e);
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(TimeUnit.SECONDS.toMillis(5));
            if (request.getBindType() == BindType.BIND_TRX) {
                transceivers.put(session, Boolean.TRUE);
                session.addSessionStateListener((newState, oldState, source) -> {
                    if (!newState.isBound() && oldState.isBound()) {
                        transceivers.remove(session);
                    }
                });
            }
            request.accept("jsmpp", InterfaceVersion.IF_34);
        } catch (Exception e) {
            log.debug("bind failed", e);
            session.close();
        }
    }

    private void sendReceipt(SMPPServerSession session, SubmitSm submit, String messageId) {
        try {
            session.deliverShortMessage("",
                    TypeOfNumber.valueOf(submit.getDestAddrTon()), NumberingPlanIndicator.valueOf(submit.getDestAddrNpi()),
                    submit.getDestAddress(),
                    TypeOfNumber.valueOf(submit.getSourceAddrTon()),
                    NumberingPlanIndicator.valueOf(submit.getSourceAddrNpi()), submit.getSourceAddr(),
                    RECEIPT_ESM_CLASS, (byte) 0, (byte) 0, new RegisteredDelivery(0), DEFAULT_ALPHABET,
                    Receipts.text(messageId, style, submit.getShortMessage()), style.tlvs()
                        ? new OptionalParameter[] {
                            new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                                    messageId),
                            new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, Receipts.DELIVERED)}
                        : new OptionalParameter[0]);
        } catch (Exception e) {
            log.debug("receipt for {} not sent", messageId, e);
        }
    }

    private final class Handler implements ServerMessageReceiverListener, ServerResponseDeliveryListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession session)
                throws ProcessRequestException {
            String id = receipts.nextMessageId();
            if (receiptSender != null && transceivers.containsKey(session)
                    && Receipts.wanted(submitSm.getRegisteredDelivery())) {
                pendingReceipts.put(id, submitSm);
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            }
        }

        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession session) {
            SubmitSm submit = pendingReceipts.remove(result.getMessageId());
            if (submit != null) {
                receiptSender.execute(() -> sendReceipt(session, submit, result.getMessageId()));
            }
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception e, SMPPServerSession session) {
            pendingReceipts.remove(result.getMessageId());
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession session) {
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception e, SMPPServerSession session) {
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("query_sm not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", 0x03);
        }
    }

    /** jSMPP's stock factory binds every interface; the reference servers listen on loopback only. */
    private static final class LoopbackServerSockets implements ServerConnectionFactory {
        volatile int boundPort;

        @Override
        public ServerConnection listen(int port) throws IOException {
            return listen(port, 0, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout) throws IOException {
            return listen(port, timeout, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
            ServerSocket socket = new ServerSocket(port, backlog, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(timeout);
            boundPort = socket.getLocalPort();
            return new ServerSocketConnection(socket);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
