package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.PduResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tern client and Tern server over real sockets: lifecycle listeners, rebind after a drop, outbind. */
class ClientServerTest {

    /** The credentials an {@link OutbindAcceptor} binds with (its host and port are not used). */
    private static final SmppClientConfig ACCEPTOR = SmppClientConfig.of("127.0.0.1", 1, "acceptor",
            TestServers.PASSWORD, BindType.RECEIVER);

    private final List<SmppSession> boundOnServer = new CopyOnWriteArrayList<>();
    private final List<SmppSession> closedOnServer = new CopyOnWriteArrayList<>();
    private SmppServer server;
    private int port;

    @BeforeEach
    void start() {
        server = new SmppServer(SmppServerConfig.localhost("tern", SessionConfig.DEFAULTS),
                TestServers.passwordSecret(SamplePdus.answerAll()), new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        boundOnServer.add(session);
                    }

                    @Override
                    public void onClosed(SmppSession session) {
                        closedOnServer.add(session);
                    }
                });
        port = server.start().join().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theClientBindsAgainWithBackoffAfterTheServerDropsIt() {
        AtomicInteger up = new AtomicInteger();
        AtomicInteger down = new AtomicInteger();
        SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "rebinder", TestServers.PASSWORD,
                BindType.TRANSCEIVER).withReconnect(true, Duration.ofMillis(20), Duration.ofMillis(100));
        try (SmppClient client = new SmppClient(config, SamplePdus.answerAll(), new SessionListener() {
            @Override
            public void onBound(SmppSession session) {
                up.incrementAndGet();
            }

            @Override
            public void onClosed(SmppSession session) {
                down.incrementAndGet();
            }
        })) {
            SmppSession first = client.connect().join();
            await().atMost(Duration.ofSeconds(5)).until(() -> boundOnServer.size() == 1);
            boundOnServer.get(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> up.get() == 2 && client.session() != null);
            assertThat(down.get()).isEqualTo(1);
            assertThat(client.session().id()).isNotEqualTo(first.id());
            assertThat(client.session().send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).join().commandStatus())
                    .isEqualTo(CommandStatus.ESME_ROK);
            assertThat(closedOnServer).hasSize(1);
        }
    }

    /**
     * close() while the TCP connection is still being made (here: its event loop is held, so the
     * connect cannot complete before close() returns): close finds no session to unbind, so the
     * connection must not bind once it completes. Before, it bound, and stayed bound for good,
     * outside any status (a connector disabled or removed at that moment kept a session open).
     */
    @Test
    void aClientClosedWhileItConnectsNeverBinds() throws Exception {
        EventLoopGroup group = Transports.newGroup(1);
        try {
            CountDownLatch release = new CountDownLatch(1);
            group.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "closer", TestServers.PASSWORD,
                    BindType.TRANSCEIVER).withReconnect(true, Duration.ofMillis(10), Duration.ofMillis(50));
            SmppClient client = new SmppClient(config, SamplePdus.answerAll(), SessionListener.NONE, group);
            CompletableFuture<SmppSession> connecting = client.connect();
            CompletableFuture<Void> closing = client.close(Duration.ofSeconds(1));
            release.countDown();

            assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(SessionClosedException.class);
            closing.get(10, TimeUnit.SECONDS);
            assertThat(client.session()).isNull();
            assertThat(boundOnServer).as("no bind reached the server").isEmpty();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * close() while the bind is under way (the server holds its bind_resp until the test releases
     * it), for a client that keeps itself bound: the bind that is answered after the close must
     * not leave a bound session, and nothing may bind again.
     */
    @Test
    void aClientClosedWhileItsBindIsUnansweredStaysUnbound() throws Exception {
        CompletableFuture<BindResult> held = new CompletableFuture<>();
        List<SmppSession> heldBound = new CopyOnWriteArrayList<>();
        List<BindRequestInfo> binds = new CopyOnWriteArrayList<>();
        SmppServer holding = new SmppServer(SmppServerConfig.localhost("tern", SessionConfig.DEFAULTS), info -> {
            binds.add(info);
            return held;
        }, new SessionListener() {
            @Override
            public void onBound(SmppSession session) {
                heldBound.add(session);
            }
        });
        try {
            int holdingPort = holding.start().join().get(0);
            SmppClientConfig config = SmppClientConfig.of("127.0.0.1", holdingPort, "closer", TestServers.PASSWORD,
                    BindType.TRANSCEIVER).withReconnect(true, Duration.ofMillis(10), Duration.ofMillis(50));
            SmppClient client = new SmppClient(config, SamplePdus.answerAll(), SessionListener.NONE);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            client.keepBound(failures::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> binds.size() == 1);

            CompletableFuture<Void> closing = client.close(Duration.ofSeconds(1));
            held.complete(BindResult.accept(SamplePdus.answerAll()));

            closing.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !binds.get(0).connected().getAsBoolean());
            assertThat(client.session()).isNull();
            assertThat(heldBound.stream().filter(s -> s.state().isBound())).as("bound upstream after the close")
                    .isEmpty();
            assertThat(binds).as("no bind after the close").hasSize(1);
        } finally {
            holding.close();
        }
    }

    @Test
    void theBindCarriesTheConfiguredAddressRangeWithItsTonAndNpi() throws Exception {
        List<BindRequestInfo> binds = new CopyOnWriteArrayList<>();
        SmppServer recording = new SmppServer(SmppServerConfig.localhost("tern", SessionConfig.DEFAULTS), info -> {
            binds.add(info);
            return CompletableFuture.completedFuture(BindResult.accept(SamplePdus.answerAll()));
        }, SessionListener.NONE);
        try {
            int recordingPort = recording.start().join().get(0);
            SmppClientConfig plain = SmppClientConfig.of("127.0.0.1", recordingPort, "ranged", TestServers.PASSWORD,
                    BindType.RECEIVER);
            try (SmppClient client = new SmppClient(plain.withAddressRange(1, 1, "^4477"), SamplePdus.answerAll(),
                    SessionListener.NONE)) {
                client.connect().get(10, TimeUnit.SECONDS);
            }
            try (SmppClient client = new SmppClient(plain, SamplePdus.answerAll(), SessionListener.NONE)) {
                client.connect().get(10, TimeUnit.SECONDS);
            }

            assertThat(binds).hasSize(2);
            assertThat(binds.get(0).bind().addrTon()).isEqualTo(1);
            assertThat(binds.get(0).bind().addrNpi()).isEqualTo(1);
            assertThat(binds.get(0).bind().addressRange()).isEqualTo("^4477");
            assertThat(binds.get(1).bind().addressRange()).as("none by default").isEmpty();
            assertThat(binds.get(1).bind().addrTon()).isZero();
        } finally {
            recording.close();
        }
        assertThatThrownBy(() -> SmppClientConfig.of("h", 1, "s", "p", BindType.RECEIVER)
                .withAddressRange(0, 0, "1".repeat(41))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 40");
    }

    @Test
    void aWrongPasswordFailsConnectWithTheBindStatus() {
        SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "x", "wrong", BindType.TRANSMITTER);
        try (SmppClient client = new SmppClient(config, SamplePdus.answerAll(), SessionListener.NONE)) {
            CompletableFuture<SmppSession> f = client.connect();
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(BindFailedException.class,
                            e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RINVPASWD));
        }
    }

    /**
     * Kept bound with a password the server refuses: the next attempt waits the longest reconnect
     * interval at once (servers lock out a system_id after a few wrong passwords), where a lost
     * connection starts again from the shortest.
     */
    @Test
    void refusedCredentialsAreTriedAgainOnlyAfterTheLongestInterval() {
        SmppClientConfig config = SmppClientConfig.of("127.0.0.1", port, "x", "wrong", BindType.TRANSMITTER)
                .withReconnect(true, Duration.ofMillis(10), Duration.ofSeconds(60));
        try (SmppClient client = new SmppClient(config, SamplePdus.answerAll(), SessionListener.NONE)) {
            client.keepBound(e -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lastReconnectDelayNanos() > 0);
            assertThat(Duration.ofNanos(client.lastReconnectDelayNanos())).isBetween(Duration.ofSeconds(30),
                    Duration.ofSeconds(60));
        }
        SmppClientConfig unreachable = SmppClientConfig.of("127.0.0.1", 1, "x", "wrong", BindType.TRANSMITTER)
                .withReconnect(true, Duration.ofMillis(10), Duration.ofSeconds(60));
        try (SmppClient client = new SmppClient(unreachable, SamplePdus.answerAll(), SessionListener.NONE)) {
            client.keepBound(e -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lastReconnectDelayNanos() > 0);
            assertThat(Duration.ofNanos(client.lastReconnectDelayNanos())).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void outbindMakesTheEsmeBindAsReceiverOverTheSameConnection() throws Exception {
        EventLoopGroup group = Transports.newGroup(1);
        try {
            List<SmppSession> esmeSessions = new CopyOnWriteArrayList<>();
            SmppRequestHandler esmeHandler = (session, req) -> {
                if (req instanceof Outbind) {
                    session.bind(Bind.of(BindType.RECEIVER, 0, "outbound-esme", TestServers.PASSWORD, "", 0x34, 0,
                            0, ""));
                    return CompletableFuture.completedFuture(null);
                }
                return CompletableFuture.completedFuture(new DeliverSmResp(req.sequenceNumber(),
                        CommandStatus.ESME_ROK, ""));
            };
            Channel listener = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            SmppSession esme = SmppSession.esme(SessionConfig.DEFAULTS, esmeHandler,
                                    SessionListener.NONE);
                            esmeSessions.add(esme);
                            SessionPipeline.install(ch, null, null, 0, esme);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int esmePort = ((InetSocketAddress) listener.localAddress()).getPort();
            SmppSession serverSide = server.outbind("127.0.0.1", esmePort, "tern", "pw").get(10, TimeUnit.SECONDS);
            assertThat(serverSide.bindType()).isEqualTo(BindType.RECEIVER);
            assertThat(serverSide.systemId()).isEqualTo("outbound-esme");
            PduResponse r = serverSide.send(DeliverSm.of(SamplePdus.A, SamplePdus.B, SamplePdus.text("hi")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            assertThat(esmeSessions.get(0).state()).isEqualTo(SessionState.BOUND_RX);
            listener.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOutbindAcceptorBindsAsReceiverWhenTheSmscOutbindsWithTheRightCredentials() throws Exception {
        List<SmppSession> bound = new CopyOnWriteArrayList<>();
        try (OutbindAcceptor acceptor = new OutbindAcceptor("127.0.0.1", 0, ACCEPTOR, "tern", "smscpw",
                SamplePdus.answerAll(), new SessionListener() {
                    @Override
                    public void onBound(SmppSession session) {
                        bound.add(session);
                    }
                })) {
            int esmePort = acceptor.start().get(10, TimeUnit.SECONDS);

            SmppSession serverSide = server.outbind("127.0.0.1", esmePort, "tern", "smscpw").get(10, TimeUnit.SECONDS);

            assertThat(serverSide.bindType()).isEqualTo(BindType.RECEIVER);
            assertThat(serverSide.systemId()).isEqualTo("acceptor");
            PduResponse r = serverSide.send(DeliverSm.of(SamplePdus.A, SamplePdus.B, SamplePdus.text("hi")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            assertThat(bound).hasSize(1);
            assertThat(bound.get(0).state()).isEqualTo(SessionState.BOUND_RX);
        }
    }

    @Test
    void theOutbindAcceptorHangsUpOnAnOutbindWithWrongCredentials() throws Exception {
        try (OutbindAcceptor acceptor = new OutbindAcceptor("127.0.0.1", 0, ACCEPTOR, "tern", "smscpw",
                SamplePdus.answerAll(), SessionListener.NONE)) {
            int esmePort = acceptor.start().get(10, TimeUnit.SECONDS);

            CompletableFuture<SmppSession> f = server.outbind("127.0.0.1", esmePort, "tern", "guess");

            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionClosedException.class);
            assertThat(boundOnServer).isEmpty();
        }
    }
}
