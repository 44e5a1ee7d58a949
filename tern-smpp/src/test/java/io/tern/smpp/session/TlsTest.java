package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SMPP over TLS: TLS 1.2 and 1.3 only, PEM files, client certificates whose subject the authenticator sees. */
class TlsTest {

    private static final AtomicReference<BindRequestInfo> lastBind = new AtomicReference<>();
    private static SmppServer server;
    private static int plainPort;
    private static int tlsPort;
    private static int mutualTlsPort;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        BindAuthenticator auth = info -> {
            lastBind.set(info);
            return TestServers.passwordSecret(SamplePdus.answerAll()).authenticate(info);
        };
        TlsConfig tls = TlsConfig.of(TestServers.tls("server.pem"), TestServers.tls("server.key"));
        TlsConfig mutual = new TlsConfig(TestServers.tls("server.pem"), TestServers.tls("server.key"),
                TestServers.tls("ca.pem"), TlsConfig.ClientAuth.REQUIRE);
        server = new SmppServer(new SmppServerConfig(List.of(ListenerConfig.plain("127.0.0.1", 0),
                new ListenerConfig("127.0.0.1", 0, tls), new ListenerConfig("127.0.0.1", 0, mutual)), "tern",
                SessionConfig.DEFAULTS, 2), auth, SessionListener.NONE);
        List<Integer> ports = server.start().join();
        plainPort = ports.get(0);
        tlsPort = ports.get(1);
        mutualTlsPort = ports.get(2);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static SmppClientConfig client(int port, ClientTlsConfig tls) {
        return SmppClientConfig.of("localhost", port, "esme-tls", TestServers.PASSWORD, BindType.TRANSCEIVER)
                .withTls(tls).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aClientBindsAndSubmitsOverTlsWhileThePlainListenerServesToo() {
        try (SmppClient c = new SmppClient(client(tlsPort, ClientTlsConfig.trusting(TestServers.tls("ca.pem"))),
                SamplePdus.answerAll(), SessionListener.NONE);
                SmppClient plain = new SmppClient(client(plainPort, null), SamplePdus.answerAll(),
                        SessionListener.NONE)) {
            SmppSession s = c.connect().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(s.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).join().commandStatus())
                    .isEqualTo(CommandStatus.ESME_ROK);
            assertThat(lastBind.get().tls()).isTrue();
            assertThat(lastBind.get().peerCertificateSubject()).isNull();
            SmppSession p = plain.connect().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(p.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).join().commandStatus())
                    .isEqualTo(CommandStatus.ESME_ROK);
        }
    }

    @Test
    void theClientCertificateSubjectReachesTheAuthenticator() {
        ClientTlsConfig tls = new ClientTlsConfig(TestServers.tls("ca.pem"), false, TestServers.tls("client.pem"),
                TestServers.tls("client.key"));
        try (SmppClient c = new SmppClient(client(mutualTlsPort, tls), SamplePdus.answerAll(),
                SessionListener.NONE)) {
            c.connect().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(lastBind.get().peerCertificateSubject()).contains("CN=esme-alpha");
        }
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhereOneIsRequired() {
        try (SmppClient c = new SmppClient(client(mutualTlsPort, ClientTlsConfig.trusting(TestServers.tls("ca.pem"))),
                SamplePdus.answerAll(), SessionListener.NONE)) {
            assertThatThrownBy(() -> c.connect().orTimeout(10, TimeUnit.SECONDS).join()).hasCauseInstanceOf(
                    SmppSessionException.class);
        }
    }

    @Test
    void tls12AndTls13AreNegotiated() throws Exception {
        assertThat(handshake(SslProvider.JDK, "TLSv1.2")).isEqualTo("TLSv1.2");
        assertThat(handshake(SslProvider.JDK, "TLSv1.3")).isEqualTo("TLSv1.3");
    }

    @Test
    void aTls11ClientIsRefused() {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        assertThatThrownBy(() -> handshake(provider, "TLSv1.1"))
                .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
    }

    private static String handshake(SslProvider provider, String protocol) throws Exception {
        SslContext ctx = SslContextBuilder.forClient().sslProvider(provider).protocols(protocol)
                .trustManager(TestServers.tls("ca.pem").toFile()).build();
        CompletableFuture<String> negotiated = new CompletableFuture<>();
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        SslHandler h = ctx.newHandler(c.alloc(), "localhost", tlsPort);
                        h.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                negotiated.complete(h.engine().getSession().getProtocol());
                            } else {
                                negotiated.completeExceptionally(f.cause());
                            }
                        });
                        c.pipeline().addLast(h);
                    }
                }).connect("127.0.0.1", tlsPort).sync().channel();
        try {
            return negotiated.get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }
}
