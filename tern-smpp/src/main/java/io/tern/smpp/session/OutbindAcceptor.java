package io.tern.smpp.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ESME side of outbind (SMPP 3.4 §2.2.1, §4.1.7): listens for an SMSC that connects and sends
 * outbind, checks the outbind's system_id and password, and answers with bind_receiver on the same
 * connection with the credentials of {@code config}; the SMSC's deliver_sm, data_sm and
 * alert_notification then go to the handler. An outbind with other credentials closes the
 * connection (outbind has no response to refuse it with).
 */
public final class OutbindAcceptor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutbindAcceptor.class);

    private final String host;
    private final int port;
    private final SmppClientConfig config;
    private final String smscSystemId;
    private final String smscPassword;
    private final SmppRequestHandler handler;
    private final SessionListener listener;
    private final EventLoopGroup group = Transports.newGroup(1);
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /**
     * @param host address to listen on, {@code port} 0 for a free port
     * @param config the bind's system_id, password, system_type, interface_version and session
     *     settings (its host, port and bind type are not used: the bind is bind_receiver, on the
     *     SMSC's connection)
     * @param smscSystemId the system_id the SMSC's outbind must carry
     * @param smscPassword the password the SMSC's outbind must carry
     * @param listener told when a session binds, and when a bound session closes
     */
    public OutbindAcceptor(String host, int port, SmppClientConfig config, String smscSystemId, String smscPassword,
            SmppRequestHandler handler, SessionListener listener) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.config = Objects.requireNonNull(config, "config");
        this.smscSystemId = Objects.requireNonNull(smscSystemId, "smscSystemId");
        this.smscPassword = Objects.requireNonNull(smscPassword, "smscPassword");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts listening; completes with the port. */
    public CompletableFuture<Integer> start() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        SessionPipeline.install(ch, null, null, 0, SmppSession.esme(config.session(),
                                OutbindAcceptor.this::handle, boundOnly()));
                    }
                }).bind(host, port).addListener(f -> {
                    if (f.isSuccess()) {
                        Channel server = ((ChannelFuture) f).channel();
                        channels.add(server);
                        result.complete(((InetSocketAddress) server.localAddress()).getPort());
                    } else {
                        result.completeExceptionally(f.cause());
                    }
                });
        return result;
    }

    private CompletionStage<PduResponse> handle(SmppSession session, PduRequest request) {
        if (!(request instanceof Outbind outbind)) {
            return handler.handle(session, request);
        }
        if (!outbind.systemId().equals(smscSystemId) || !outbind.password().equals(smscPassword)) {
            log.warn("{}: outbind from system_id={} with wrong credentials, closing", session, outbind.systemId());
            session.close();
            return null;
        }
        log.info("{}: outbind from {}, binding as receiver as {}", session, outbind.systemId(), config.systemId());
        session.bind(Bind.of(BindType.RECEIVER, 0, config.systemId(), config.password(), config.systemType(),
                config.interfaceVersion(), 0, 0, "")).whenComplete((resp, e) -> {
                    if (e != null || resp.commandStatus() != CommandStatus.ESME_ROK) {
                        log.warn("{}: bind_receiver after outbind failed: {}", session,
                                e != null ? e.toString() : resp.commandStatus());
                        session.close();
                    }
                });
        return null;
    }

    /** {@link #listener}, told of closes only for sessions that were bound. */
    private SessionListener boundOnly() {
        return new SessionListener() {
            @Override
            public void onBound(SmppSession s) {
                listener.onBound(s);
            }

            @Override
            public void onClosed(SmppSession s) {
                if (s.bindType() != null) {
                    listener.onClosed(s);
                }
            }
        };
    }

    /** Closes the listener and every session, and stops the I/O thread. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
