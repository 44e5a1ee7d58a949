package io.tern.smpp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tern.smpp.codec.PartialPduBudget;
import io.tern.smpp.pdu.Outbind;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMSC side of SMPP (SMPP 3.4 §2.2): listens on one or more sockets (plain or TLS), accepts
 * connections as SMSC-side {@link SmppSession}s whose binds are checked by a
 * {@link BindAuthenticator}, and can initiate outbind (§2.2.1, §4.1.7).
 *
 * <p>It holds what no single session can: the {@link ServerLimits} on connections (in total and
 * per client address, see {@link ConnectionLimiter}), on memory for PDUs received in part (a
 * budget shared by every connection) and, before a bind, a command_length no longer than a
 * bind's, since an unauthenticated peer has nothing longer to send. Its write-buffer water marks
 * decide when a session stops reading a peer that does not read its responses.
 */
public final class SmppServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppServer.class);
    /** How long an outbind waits for the ESME to accept the TCP connection. */
    private static final int OUTBIND_CONNECT_TIMEOUT_MILLIS = 10_000;

    private final SmppServerConfig config;
    private final BindAuthenticator authenticator;
    private final SessionListener listener;
    private final List<SslContext> sslContexts = new ArrayList<>();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private final PartialPduBudget partialPduBudget;
    private final ConnectionLimiter connectionLimiter;

    /**
     * @param authenticator decides binds
     * @param listener told when any session binds or closes (e.g. to track receivers)
     */
    public SmppServer(SmppServerConfig config, BindAuthenticator authenticator, SessionListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (ListenerConfig l : config.listeners()) {
            sslContexts.add(l.tls() == null ? null : SslContexts.server(l.tls()));
        }
        this.partialPduBudget = new PartialPduBudget(config.limits().partialPduBudget());
        this.connectionLimiter = new ConnectionLimiter(config.limits().maxConnections(),
                config.limits().maxConnectionsPerIp(), Duration.ofSeconds(10));
        this.bossGroup = Transports.newGroup(1);
        this.ioGroup = Transports.newGroup(config.ioThreads());
    }

    public SmppServerConfig config() {
        return config;
    }

    /** Binds every listener; completes with their ports, in the order of the configuration. */
    public CompletableFuture<List<Integer>> start() {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        List<ListenerConfig> listeners = config.listeners();
        Integer[] ports = new Integer[listeners.size()];
        int[] remaining = {listeners.size()};
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig l = listeners.get(i);
            SslContext ssl = sslContexts.get(i);
            int index = i;
            ServerBootstrap b = new ServerBootstrap()
                    .group(bossGroup, ioGroup)
                    .channel(Transports.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .handler(connectionLimiter)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            channels.add(ch);
                            SessionPipeline.installAccepted(ch, ssl, newSession(), partialPduBudget);
                        }
                    });
            b.bind(l.host(), l.port()).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    // the transport's message ("Address already in use") names no address, and with
                    // several listeners the operator must know which one failed
                    BindException named = new BindException("cannot listen on " + l.host() + ":" + l.port() + ": "
                            + f.cause().getMessage());
                    named.setStackTrace(f.cause().getStackTrace());
                    result.completeExceptionally(named);
                    return;
                }
                synchronized (serverChannels) {
                    serverChannels.add(f.channel());
                    ports[index] = ((InetSocketAddress) f.channel().localAddress()).getPort();
                    log.info("SMPP server {} listening on {}:{}{}", config.systemId(), l.host(), ports[index],
                            ssl != null ? " (TLS)" : "");
                    if (--remaining[0] == 0) {
                        result.complete(List.of(ports));
                    }
                }
            });
        }
        return result;
    }

    private WriteBufferWaterMark waterMark() {
        ServerLimits l = config.limits();
        return new WriteBufferWaterMark(l.writeBufferLowWaterMark(), l.writeBufferHighWaterMark());
    }

    private SmppSession newSession() {
        return SmppSession.smsc(config.session(), authenticator, config.systemId(), listener);
    }

    /**
     * Outbind (SMPP 3.4 §2.2.1): connects to an ESME that listens at {@code host:port}, sends
     * outbind with {@code systemId} and {@code password}, and then treats the connection like an
     * accepted one: the ESME's bind_receiver goes through the authenticator. The future completes
     * when the session is bound and fails if it closes before.
     */
    public CompletableFuture<SmppSession> outbind(String host, int port, String systemId, String password) {
        Outbind outbind = new Outbind(0, systemId, password);
        SmppSession session = newSession();
        Bootstrap b = new Bootstrap().group(ioGroup).channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, OUTBIND_CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        SessionPipeline.installAccepted(ch, null, session, partialPduBudget);
                    }
                });
        b.connect(host, port).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                session.send(outbind);
            } else {
                session.boundFuture().completeExceptionally(f.cause());
            }
        });
        return session.boundFuture();
    }

    /** Accepted connections open now, bound or not. */
    public int openConnections() {
        return connectionLimiter.open();
    }

    /** Octets reserved now by PDUs received in part, over every connection (see {@link ServerLimits}). */
    public long partialPduBytes() {
        return partialPduBudget.reserved();
    }

    /** Closes the listeners and every session, and stops the I/O threads. */
    @Override
    public void close() {
        synchronized (serverChannels) {
            serverChannels.forEach(Channel::close);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("SMPP server {} stopped", config.systemId());
    }
}
