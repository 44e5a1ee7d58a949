package io.tern.smpp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ESME side of SMPP (SMPP 3.4 §2.2): connects, binds as transmitter, receiver or transceiver,
 * hands the SMSC's requests (deliver_sm, data_sm, alert_notification) to a
 * {@link SmppRequestHandler}, and binds again after a drop with capped exponential backoff and
 * jitter. The {@link SessionListener} sees every session go up ({@code onBound}) and down.
 */
public final class SmppClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppClient.class);

    private final SmppClientConfig config;
    private final SmppRequestHandler handler;
    private final SessionListener listener;
    private final SslContext ssl;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Backoff backoff;
    private volatile SmppSession current;
    private volatile boolean closed;
    private volatile Consumer<Throwable> onFailure = e -> { };

    public SmppClient(SmppClientConfig config, SmppRequestHandler handler, SessionListener listener) {
        this(config, handler, listener, null);
    }

    /** @param group event loops to share between clients, or {@code null} for a private one-thread group */
    public SmppClient(SmppClientConfig config, SmppRequestHandler handler, SessionListener listener,
            EventLoopGroup group) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ssl = config.tls() == null ? null : SslContexts.client(config.tls());
        this.ownGroup = group == null;
        this.group = group == null ? Transports.newGroup(1) : group;
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
    }

    /** The bound session, or {@code null} while (re)connecting. */
    public SmppSession session() {
        SmppSession s = current;
        return s != null && s.state().isBound() ? s : null;
    }

    /**
     * Connects and binds. Completes with the bound session; fails with the connect error or with a
     * {@link BindFailedException} carrying the bind_resp status. Reconnection (if enabled) starts
     * only after a session that was bound drops.
     */
    public CompletableFuture<SmppSession> connect() {
        CompletableFuture<SmppSession> result = new CompletableFuture<>();
        attempt(result);
        return result;
    }

    /**
     * Connects and binds, and keeps a session bound until {@link #close}: a failed connect or bind
     * is tried again after the backoff, and so is a bound session that drops (set
     * {@code reconnect} for that). {@code onFailure} hears of every failed attempt, for status and
     * logs. An upstream SMSC that is down at start-up is then reached as soon as it is back.
     */
    public void keepBound(Consumer<Throwable> onFailure) {
        Objects.requireNonNull(onFailure, "onFailure");
        this.onFailure = onFailure;
        CompletableFuture<SmppSession> first = new CompletableFuture<>();
        first.whenComplete((s, e) -> {
            if (e != null && !closed) {
                onFailure.accept(e);
                scheduleReconnect(e);
            }
        });
        attempt(first);
    }

    /** The delay of the last rebind scheduled, in nanoseconds (0 before any): for tests. */
    long lastReconnectDelayNanos() {
        return lastReconnectDelayNanos;
    }

    private volatile long lastReconnectDelayNanos;

    /**
     * The bind_resp status if the server refused these credentials (ESME_RINVPASWD or ESME_RINVSYSID), else
     * null: trying
     * again soon cannot succeed, and many servers lock a system_id out after a few wrong passwords.
     */
    static CommandStatus credentialsRefused(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof BindFailedException b
                && (b.status() == CommandStatus.ESME_RINVPASWD || b.status() == CommandStatus.ESME_RINVSYSID)
                ? b.status() : null;
    }

    private void attempt(CompletableFuture<SmppSession> result) {
        if (closed) {
            result.completeExceptionally(new SessionClosedException("client closed"));
            return;
        }
        SmppSession session = SmppSession.esme(config.session(), handler, new SessionListener() {
            @Override
            public void onBound(SmppSession s) {
                backoff.reset();
                listener.onBound(s);
            }

            @Override
            public void onClosed(SmppSession s) {
                boolean wasBound = s.bindType() != null;
                if (wasBound) {
                    listener.onClosed(s);
                }
                if (wasBound && config.reconnect() && !closed) {
                    scheduleReconnect(null);
                }
            }
        });
        Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SessionPipeline.install(ch, ssl, config.host(), config.port(), session);
                    }
                });
        b.connect(config.host(), config.port()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            current = session;
            if (closed) {
                // close() ran while the connection was being made: it found no session to unbind
                // (it reads `current` after setting `closed`, this reads `closed` after setting
                // `current`, so one of the two sees the other), and nothing must bind after it
                f.channel().close();
                result.completeExceptionally(new SessionClosedException("client closed"));
                return;
            }
            Bind bind = Bind.of(config.bindType(), 0, config.systemId(), config.password(), config.systemType(),
                    config.interfaceVersion(), config.addrTon(), config.addrNpi(), config.addressRange());
            session.bind(bind).whenComplete((PduResponse resp, Throwable e) -> {
                if (e != null) {
                    session.close();
                    result.completeExceptionally(e);
                } else if (resp.commandStatus() != CommandStatus.ESME_ROK) {
                    session.close();
                    result.completeExceptionally(new BindFailedException(resp.commandStatus()));
                } else {
                    result.complete(session);
                }
            });
        });
    }

    /** Schedules the next bind attempt after {@code failure} (null: a bound session dropped). */
    private void scheduleReconnect(Throwable failure) {
        CommandStatus refused = failure == null ? null : credentialsRefused(failure);
        if (refused != null) {
            backoff.skipToMax(); // until the credentials change, at the longest interval
        }
        long delay = backoff.nextDelayNanos();
        lastReconnectDelayNanos = delay;
        if (refused != null) {
            log.warn("{}: {}:{} refused the bind credentials ({}); trying again in {}, the longest reconnect"
                    + " interval, so as not to lock the account out there", config.systemId(), config.host(),
                    config.port(), refused, Duration.ofNanos(delay));
        } else {
            log.info("{}: rebinding to {}:{} in {}", config.systemId(), config.host(), config.port(),
                    Duration.ofNanos(delay));
        }
        try {
            group.schedule(() -> {
                CompletableFuture<SmppSession> next = new CompletableFuture<>();
                next.whenComplete((s, e) -> {
                    if (e != null && !closed) {
                        log.info("{}: rebind failed: {}", config.systemId(), e.toString());
                        onFailure.accept(e);
                        scheduleReconnect(e);
                    }
                });
                attempt(next);
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            log.debug("reconnect not scheduled: {}", e.toString());
        }
    }

    /** Stops reconnecting, unbinds the current session (waiting up to {@code maxWait}) and releases threads. */
    public CompletableFuture<Void> close(Duration maxWait) {
        closed = true;
        SmppSession s = current;
        CompletableFuture<Void> done = s == null ? CompletableFuture.completedFuture(null) : s.unbind(maxWait);
        return done.whenComplete((v, e) -> {
            if (ownGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        });
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5)).orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
