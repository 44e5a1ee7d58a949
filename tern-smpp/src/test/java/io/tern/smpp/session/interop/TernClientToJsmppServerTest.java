package io.tern.smpp.session.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SessionState;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.bean.UnsuccessDelivery;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Tern client against jSMPP's server (SMPPServerSessionListener), for every bind type. */
class TernClientToJsmppServerTest {

    /** Answers every operation OK. */
    static final class Answering implements ServerMessageReceiverListener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        private static MessageId id(String v) {
            try {
                return new MessageId(v);
            } catch (org.jsmpp.PDUStringException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) {
            received.add("submit_sm");
            return new SubmitSmResult(id("js1"), new OptionalParameter[0]);
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) {
            received.add("submit_multi");
            return new SubmitMultiResult("jsm1", new UnsuccessDelivery[0], new OptionalParameter[0]);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) {
            received.add("query_sm");
            return new QuerySmResult("", MessageState.DELIVERED, (byte) 0);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) {
            received.add("replace_sm");
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) {
            received.add("cancel_sm");
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) {
            return null;
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) {
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession source) {
            return null;
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
            received.add("data_sm");
            return new DataSmResult(id("jsd1"), new OptionalParameter[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(BindType.class)
    void bindsExchangesEveryOperationAndUnbinds(BindType type) throws Exception {
        ServerSocket socket = new ServerSocket(0);
        ServerConnectionFactory factory = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) {
                return new ServerSocketConnection(socket);
            }
        };
        Answering answering = new Answering();
        BlockingQueue<PduRequest> toTern = new LinkedBlockingQueue<>();
        try (SMPPServerSessionListener listener = new SMPPServerSessionListener(socket.getLocalPort(), factory)) {
            listener.setMessageReceiverListener(answering);
            CompletableFuture<SMPPServerSession> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    SMPPServerSession ss = listener.accept();
                    BindRequest bind = ss.waitForBind(10_000);
                    bind.accept("jsmpp-srv", InterfaceVersion.IF_34);
                    return ss;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SmppClientConfig config = SmppClientConfig.of("127.0.0.1", socket.getLocalPort(), "tern-esme", "pw", type)
                    .withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
            SmppClient client = new SmppClient(config, TernServerFixture.answering(toTern), SessionListener.NONE);
            SmppSession session = client.connect().get(10, TimeUnit.SECONDS);
            SMPPServerSession js = accepted.get(10, TimeUnit.SECONDS);
            assertThat(session.state()).isEqualTo(SessionState.valueOf(switch (type) {
                case TRANSMITTER -> "BOUND_TX";
                case RECEIVER -> "BOUND_RX";
                case TRANSCEIVER -> "BOUND_TRX";
            }));

            if (type.canSubmit()) {
                TernClientExchange.submitEverything(session, true);
                assertThat(answering.received).containsExactly("submit_sm", "data_sm", "query_sm", "cancel_sm",
                        "replace_sm", "submit_multi");
            }
            if (type.canReceive()) {
                js.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4498765",
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "4412345", new ESMClass(), (byte) 0,
                        (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                        "from jsmpp".getBytes(StandardCharsets.US_ASCII));
                PduRequest got = toTern.poll(10, TimeUnit.SECONDS);
                assertThat(got.commandId()).isEqualTo(CommandId.DELIVER_SM);
                assertThat(new String(((io.tern.smpp.pdu.DeliverSm) got).shortMessage(), StandardCharsets.US_ASCII))
                        .isEqualTo("from jsmpp");
            }
            client.close(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertThat(session.state()).isEqualTo(SessionState.CLOSED);
            assertThat(session.counters().pdusIn(CommandId.UNBIND_RESP)).isEqualTo(1);
            assertThat(session.counters().errorsReceived()).isEmpty();
        }
    }
}
