package io.tern.smpp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.netty.util.internal.PlatformDependent;
import io.tern.smpp.codec.PartialPduBudget;
import io.tern.smpp.codec.PduDecodeException;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.tlv.Tlvs;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMPP session on one channel, ESME side or SMSC side (SMPP 3.4 §2): the state machine of
 * §2.3 checked against {@link OperationMatrix}, the send window of §2.6 with response timeouts,
 * asynchronous handling of the peer's requests, enquire_link (§4.11), unbind (§4.2) and the
 * timers of SMPP 5.0 §2.9. On the SMSC side a bind the authenticator refuses is answered, nothing
 * more is read, and the connection closes a second later: one bind attempt per connection.
 *
 * <p>Everything runs on the channel's event loop; public methods may be called from any thread and
 * every future they return completes on the event loop. Timers use the event loop's scheduler and
 * {@link Ticker}, so an {@code EmbeddedChannel} drives them with {@code advanceTimeBy}.
 *
 * <p>Inbound flow control: when {@code maxInflightInbound} requests are in the handler, further
 * requests are answered ESME_RTHROTTLED at once. Reading is not paused for that (only while a bind
 * is authenticated): responses and enquire_link must keep flowing, and the peer's own window
 * already bounds what it can send, so answering is cheaper and clearer than stalling the socket.
 *
 * <p>Outbound flow control (SMSC side): a peer that sends requests and does not read the responses
 * would make the session queue them without end. When the channel's unwritten octets pass its
 * high-water mark (Netty's {@code WriteBufferWaterMark}) the session stops reading, so the peer's
 * requests wait in TCP; it reads again once they fall to the low-water mark. A peer that never
 * reads is then closed by the enquire_link or inactivity timer.
 */
public final class SmppSession {

    private static final Logger log = LoggerFactory.getLogger(SmppSession.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** How long a connection stays open, not read, after its bind was refused. */
    private static final long REFUSED_BIND_LINGER_MILLIS = 1000;
    private static final RateLimitedLog overBudgetLog = new RateLimitedLog(log,
            "connections closed for partial PDUs beyond the budget", Duration.ofSeconds(10));
    /**
     * What happens to connections that never bind (a port scan, a flood of garbage, health probes)
     * costs a line per interval, not three per connection; bound sessions are logged in full.
     */
    private static final RateLimitedLog unboundLog = new RateLimitedLog(log, org.slf4j.event.Level.INFO,
            "events of connections that never bound", Duration.ofSeconds(10));

    private final long id = IDS.incrementAndGet();
    private final SmppRole localRole;
    private final SessionConfig config;
    private final SessionCounters counters = new SessionCounters();
    private final SendWindow window;
    private final Handler handler = new Handler();
    private final BindAuthenticator authenticator;
    private final String localSystemId;
    private final CompletableFuture<SmppSession> boundFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final ArrayDeque<Object> heldDuringAuthentication = new ArrayDeque<>();
    private final Queue<Completed> completed = PlatformDependent.newMpscQueue();
    /** Requests sent from other threads, written by the same drain as {@link #completed}. */
    private final Queue<Outgoing> outgoing = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainCompleted;

    private volatile SmppRequestHandler requestHandler;
    private volatile SessionListener listener;
    private volatile SessionState state = SessionState.OPEN;
    private volatile String systemId = "";
    private volatile BindType bindType;
    private volatile int peerInterfaceVersion = TlvCompat.V34;
    private volatile Channel channel;

    private ChannelHandlerContext ctx;
    private Ticker ticker = Ticker.systemTicker();
    private boolean tls;
    private boolean started;
    private boolean authenticating;
    /** A bind was refused: nothing more is read, the connection closes after a moment. */
    private boolean bindRefused;
    private boolean draining;
    /** The answer to the peer's unbind, held until its requests read before it are answered. */
    private Pdu pendingUnbindResp;
    private Runnable onIdle;
    private int inflightInbound;
    /** Inside channelRead..channelReadComplete: writes are flushed once, at the end of the batch. */
    private boolean reading;
    /** Inside {@link #drainCompleted}: writes are flushed once, at the end of the drain. */
    private boolean batchingWrites;
    /** Something was written and not flushed yet. */
    private boolean unflushed;
    private long lastReadNanos;
    /** When the oldest enquire_link this session sent and has no answer to went out; -1 for none. */
    private long enquireLinkSentNanos = -1;
    private ScheduledFuture<?> initTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private ScheduledFuture<?> inactivityTimer;

    private SmppSession(SmppRole localRole, SessionConfig config, SmppRequestHandler requestHandler,
            SessionListener listener, BindAuthenticator authenticator, String localSystemId) {
        this.localRole = Objects.requireNonNull(localRole, "localRole");
        this.config = Objects.requireNonNull(config, "config");
        this.window = new SendWindow(config.windowSize(), config.maxPendingSends());
        this.requestHandler = requestHandler;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.authenticator = authenticator;
        this.localSystemId = localSystemId;
    }

    /** An ESME-side session: it binds with {@link #bind} and hands the SMSC's requests to {@code handler}. */
    public static SmppSession esme(SessionConfig config, SmppRequestHandler handler, SessionListener listener) {
        return new SmppSession(SmppRole.ESME, config, Objects.requireNonNull(handler, "handler"), listener, null,
                null);
    }

    /**
     * An SMSC-side session: binds are checked by {@code authenticator}, whose result supplies the
     * request handler; bind_resp carries {@code systemId}.
     */
    public static SmppSession smsc(SessionConfig config, BindAuthenticator authenticator, String systemId,
            SessionListener listener) {
        return new SmppSession(SmppRole.SMSC, config, null, listener, Objects.requireNonNull(authenticator),
                Objects.requireNonNull(systemId));
    }

    /** The Netty handler to put last in the channel's pipeline, after the SMPP decoder and encoder. */
    public ChannelHandler handler() {
        return handler;
    }

    /** A process-wide unique id, for logs and metrics. */
    public long id() {
        return id;
    }

    public SmppRole localRole() {
        return localRole;
    }

    public SessionState state() {
        return state;
    }

    /** The ESME's system_id once bound (on the ESME side: the one this session bound with). */
    public String systemId() {
        return systemId;
    }

    /** The bind type once bound, else {@code null}. */
    public BindType bindType() {
        return bindType;
    }

    /** The peer's interface_version: from its bind (SMSC side) or its sc_interface_version (ESME side). */
    public int peerInterfaceVersion() {
        return peerInterfaceVersion;
    }

    public SocketAddress remoteAddress() {
        Channel ch = channel;
        return ch == null ? null : ch.remoteAddress();
    }

    public SessionConfig config() {
        return config;
    }

    public SessionCounters counters() {
        return counters;
    }

    /**
     * Octets written to the peer and not yet taken by its socket: what the peer has not read.
     * Readable from any thread.
     */
    public long outboundBytesPending() {
        Channel ch = channel;
        ChannelOutboundBuffer b = ch == null ? null : ch.unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }

    /**
     * How long the peer has been silent and how long an enquire_link has waited for its answer,
     * read on the event loop (so by the session's own clock, which tests drive). Fails with
     * {@link SessionClosedException} when the session has no channel.
     */
    public CompletableFuture<Liveness> liveness() {
        CompletableFuture<Liveness> f = new CompletableFuture<>();
        onLoop(() -> {
            long now = ticker.nanoTime();
            f.complete(new Liveness(Duration.ofNanos(now - lastReadNanos),
                    enquireLinkSentNanos < 0 ? null : Duration.ofNanos(now - enquireLinkSentNanos)));
        }, f);
        return f;
    }

    /** Completes when the session is bound; fails if it closes first. */
    public CompletableFuture<SmppSession> boundFuture() {
        return boundFuture;
    }

    /** Completes once the session is closed. */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /**
     * Sends a request and returns its response. The session assigns the sequence_number. At most
     * {@code windowSize} requests are outstanding; beyond that the request waits in a queue of at
     * most {@code maxPendingSends} (the future completes later), and beyond that the future fails
     * at once with {@link WindowFullException}. It fails with {@link ResponseTimeoutException}
     * when no response arrives in time, {@link SessionClosedException} when the session closes or
     * unbinds first, {@link InvalidSessionStateException} when the state forbids the request. A
     * generic_nack with the request's sequence_number completes the future normally. For requests
     * without a response (outbind, alert_notification) the future completes with {@code null}
     * once written.
     */
    public CompletableFuture<PduResponse> send(PduRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<PduResponse> f = new CompletableFuture<>();
        Channel ch = channel;
        if (ch != null && !ch.eventLoop().inEventLoop()) {
            // from another thread: queued and written by one task per batch with one flush, as
            // answers completed off the loop are (a forwarding connector or a receipt stream
            // sends thousands a second from the scheduler's thread)
            outgoing.offer(new Outgoing(request, f));
            scheduleDrain(ch.eventLoop());
            return f;
        }
        onLoop(() -> submit(request, f, false), f);
        return f;
    }

    /** A request {@link #send} took on another thread, waiting to be written on the event loop. */
    private record Outgoing(PduRequest request, CompletableFuture<PduResponse> future) {
    }

    /** ESME side: sends a bind; when it is answered ESME_ROK the session is bound. */
    public CompletableFuture<PduResponse> bind(Bind bind) {
        return send(bind);
    }

    /**
     * Graceful unbind (SMPP 3.4 §4.2): refuses new sends, waits up to {@code maxWait} for the
     * requests already sent or queued to be answered, sends unbind, waits for unbind_resp (at most
     * the response timeout), then closes. Completes when the channel is closed.
     */
    public CompletableFuture<Void> unbind(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        CompletableFuture<Void> done = new CompletableFuture<>();
        closeFuture.whenComplete((v, e) -> done.complete(null));
        onLoop(() -> startUnbind(maxWait), null);
        return done;
    }

    /** Closes the connection at once; outstanding requests fail with {@link SessionClosedException}. */
    public CompletableFuture<Void> close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        return closeFuture;
    }

    @Override
    public String toString() {
        return "session#" + id + "[" + localRole.name().toLowerCase(java.util.Locale.ROOT) + " side, system_id="
                + (systemId.isEmpty() ? "-" : systemId) + ", peer=" + remoteAddress() + ", " + state + "]";
    }

    private void onLoop(Runnable task, CompletableFuture<?> failOnReject) {
        Channel ch = channel;
        if (ch == null) {
            if (failOnReject != null) {
                failOnReject.completeExceptionally(new SessionClosedException("session not connected"));
            }
            return;
        }
        EventLoop loop = ch.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RuntimeException e) {
            if (failOnReject != null) {
                failOnReject.completeExceptionally(new SessionClosedException("event loop shut down"));
            }
        }
    }

    private void submit(PduRequest request, CompletableFuture<PduResponse> f, boolean internal) {
        if (state == SessionState.CLOSED) {
            f.completeExceptionally(new SessionClosedException(this + " is closed"));
            return;
        }
        if (draining && !internal) {
            f.completeExceptionally(new SessionClosedException(this + " is unbinding"));
            return;
        }
        if (!OperationMatrix.allows(state, request.commandId(), localRole)) {
            f.completeExceptionally(new InvalidSessionStateException(
                    request.commandId() + " may not be sent by the " + localRole + " in state " + state));
            return;
        }
        if (!request.expectsResponse()) {
            write(request.withSequenceNumber(window.nextSequence()));
            f.complete(null);
            return;
        }
        if (internal || window.hasFreeSlot()) {
            dispatch(request, f);
        } else if (!window.enqueue(request, f)) {
            f.completeExceptionally(new WindowFullException("window of " + config.windowSize() + " and "
                    + config.maxPendingSends() + " pending sends full on " + this));
        }
        counters.window(window.occupancy(), window.pendingCount());
    }

    private void dispatch(PduRequest request, CompletableFuture<PduResponse> f) {
        int seq = window.nextSequence();
        PduRequest numbered = request.withSequenceNumber(seq);
        SendWindow.Outstanding o = new SendWindow.Outstanding(numbered, f);
        o.timer = ctx.executor().schedule(() -> onResponseTimeout(seq), config.responseTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        window.put(seq, o);
        write(numbered);
    }

    /**
     * Writes a PDU. Inside a read batch the flush is left to {@link Handler#channelReadComplete}:
     * a batch of requests answered at once then costs one flush (one writev) instead of one per
     * response. Anywhere else (timers, sends, asynchronous answers) it flushes at once, unless a
     * caller that batches ({@link #drainCompleted}) flushes itself afterwards.
     */
    private void write(Pdu pdu) {
        Pdu out = TlvCompat.forPeer(pdu, peerInterfaceVersion);
        counters.sent(out.commandId(), out.commandStatus());
        if (reading || batchingWrites) {
            ctx.write(out, ctx.voidPromise());
            unflushed = true;
        } else {
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    private void flushIfNeeded() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    private void writeThenClose(Pdu pdu) {
        Pdu out = TlvCompat.forPeer(pdu, peerInterfaceVersion);
        counters.sent(out.commandId(), out.commandStatus());
        // flushes what the read batch wrote before it as well, so the peer gets every answer first
        unflushed = false;
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    private void onResponseTimeout(int seq) {
        SendWindow.Outstanding o = window.remove(seq);
        if (o == null) {
            return;
        }
        counters.responseTimeout();
        log.debug("{}: no response to {} within {}", this, o.request.commandId(), config.responseTimeout());
        o.future.completeExceptionally(new ResponseTimeoutException("no response to " + o.request.commandId()
                + " seq=" + seq + " within " + config.responseTimeout() + " on " + this));
        afterWindowChange();
    }

    private void onResponse(PduResponse response) {
        SendWindow.Outstanding o = window.remove(response.sequenceNumber());
        if (o == null) {
            counters.lateResponse();
            log.info("{}: {} seq={} matches no outstanding request (late or unsolicited), dropped", this,
                    response.commandId(), response.sequenceNumber());
            return;
        }
        o.timer.cancel(false);
        if (isBind(o.request.commandId()) && response.commandStatus() == CommandStatus.ESME_ROK
                && response instanceof BindResp br) {
            peerInterfaceVersion = br.tlvs().scInterfaceVersion().orElse(TlvCompat.V34);
            becomeBound((Bind) o.request);
        }
        o.future.complete(response);
        afterWindowChange();
    }

    private void afterWindowChange() {
        SendWindow.Pending p;
        while (state != SessionState.CLOSED && (p = window.nextPending()) != null) {
            dispatch(p.request(), p.future());
        }
        counters.window(window.occupancy(), window.pendingCount());
        if (onIdle != null && window.isIdle()) {
            Runnable r = onIdle;
            onIdle = null;
            r.run();
        }
    }

    private void startUnbind(Duration maxWait) {
        if (state == SessionState.CLOSED || draining) {
            return;
        }
        draining = true;
        if (!state.isBound()) {
            ctx.close();
            return;
        }
        log.info("{}: unbinding, {} requests outstanding", this, window.occupancy() + window.pendingCount());
        ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
            if (onIdle != null) {
                Runnable r = onIdle;
                onIdle = null;
                r.run();
            }
        }, maxWait.toNanos(), TimeUnit.NANOSECONDS);
        onIdle = () -> {
            deadline.cancel(false);
            sendUnbind();
        };
        if (window.isIdle()) {
            afterWindowChange();
        }
    }

    private void sendUnbind() {
        if (!state.isBound()) {
            return;
        }
        CompletableFuture<PduResponse> f = new CompletableFuture<>();
        submit(new Unbind(0), f, true);
        state = SessionState.UNBINDING;
        f.whenComplete((r, e) -> ctx.close());
    }

    private void closed() {
        if (state == SessionState.CLOSED) {
            return;
        }
        boolean wasBound = bindType != null;
        state = SessionState.CLOSED;
        cancel(initTimer);
        cancel(keepaliveTimer);
        cancel(inactivityTimer);
        SessionClosedException closedEx = new SessionClosedException(this + " closed");
        for (CompletableFuture<PduResponse> f : window.drainAll()) {
            f.completeExceptionally(closedEx);
        }
        counters.window(0, 0);
        heldDuringAuthentication.clear();
        boundFuture.completeExceptionally(closedEx);
        if (wasBound) {
            log.info("{}: closed", this);
        } else {
            unboundLog.warn("{}: closed (never bound)", this);
        }
        try {
            listener.onClosed(this);
        } catch (RuntimeException e) {
            log.warn("{}: session listener failed", this, e);
        }
        closeFuture.complete(null);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void process(Object msg) {
        if (authenticating) {
            heldDuringAuthentication.add(msg);
            return;
        }
        lastReadNanos = ticker.nanoTime();
        // PduRequest before PduResponse: on the SMSC side nearly every PDU is a request, and a
        // failed interface check costs a scan of the class's secondary supers.
        if (msg instanceof PduRequest r) {
            counters.received(r.commandId(), r.commandStatus());
            onRequest(r);
        } else if (msg instanceof PduResponse r) {
            counters.received(r.commandId(), r.commandStatus());
            onResponse(r);
        } else if (msg instanceof PduDecodeException e) {
            onDecodeError(e);
        } else if (msg instanceof PartialPduBudget.Exceeded e) {
            overBudgetLog.warn("{}: closed: a partial PDU of {} octets does not fit in the {} octets all "
                    + "connections may hold in partial PDUs", this, e.commandLength(), e.capacity());
            ctx.close();
        }
    }

    private void onDecodeError(PduDecodeException e) {
        counters.decodeError();
        PduResponse answer = e.answer();
        if (state.isBound()) {
            log.info("{}: bad PDU: {}", this, e.toString());
        } else {
            unboundLog.warn("{}: bad PDU: {}", this, e.toString());
        }
        if (e.framingLost()) {
            if (answer != null) {
                writeThenClose(answer);
            } else {
                ctx.close();
            }
        } else if (answer != null) {
            write(answer);
        }
    }

    private void onRequest(PduRequest request) {
        SmppRole sender = localRole.peer();
        // commandId, not instanceof Bind: an interface type check per request showed as ~9 % of
        // the echo server's samples (JDK 17 scans secondary supers on a miss)
        CommandId id = request.commandId();
        if (isBind(id) && state.isBound()) {
            write(request.errorResponse(CommandStatus.ESME_RALYBND));
            return;
        }
        PduResponse rejection = OperationMatrix.rejection(state, request, sender);
        if (rejection != null) {
            write(rejection);
            return;
        }
        if (id == CommandId.DATA_SM && peerInterfaceVersion < TlvCompat.V34) {
            // SMPP 3.3 has no data_sm: from a peer bound as 3.3 it is a command_id that version does
            // not define, answered as SMPP 3.4 §2.8 says of an unknown command_id
            write(new GenericNack(request.sequenceNumber(), CommandStatus.ESME_RINVCMDID));
            return;
        }
        if (request instanceof EnquireLink) {
            write(new EnquireLinkResp(request.sequenceNumber(), CommandStatus.ESME_ROK));
        } else if (request instanceof Unbind) {
            state = SessionState.UNBINDING;
            draining = true;
            log.info("{}: unbind received, {} requests of the peer being answered", this, inflightInbound);
            UnbindResp resp = new UnbindResp(request.sequenceNumber(), CommandStatus.ESME_ROK);
            if (inflightInbound == 0) {
                writeThenClose(resp);
            } else {
                // the peer's requests read before its unbind are answered first (a submit_sm_resp
                // lost here would be a stored message its sender thinks failed), for at most a
                // response timeout
                pendingUnbindResp = resp;
                ctx.executor().schedule(this::answerUnbind, config.responseTimeout().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        } else if (isBind(id)) {
            authenticate((Bind) request);
        } else {
            if (request instanceof Outbind) {
                state = SessionState.OUTBOUND;
                log.info("{}: outbind received from {}", this, ((Outbind) request).systemId());
            }
            handle(request);
        }
    }

    private static boolean isBind(CommandId id) {
        return id == CommandId.BIND_TRANSCEIVER || id == CommandId.BIND_TRANSMITTER
                || id == CommandId.BIND_RECEIVER;
    }

    private void handle(PduRequest request) {
        boolean expectsResponse = request.expectsResponse();
        if (expectsResponse && inflightInbound >= config.maxInflightInbound()) {
            counters.throttle();
            write(request.errorResponse(CommandStatus.ESME_RTHROTTLED));
            return;
        }
        inflightInbound++;
        counters.inflightInbound(inflightInbound);
        CompletionStage<PduResponse> stage;
        try {
            stage = requestHandler.handle(this, request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            answer(request, expectsResponse, null, null);
            return;
        }
        // Fast path: a handler that answers at once (the common case for a store-and-forward
        // SMSC's submit_sm) returns a completed future; whenComplete would allocate a dependent
        // stage and a lambda per request for nothing.
        if (stage instanceof CompletableFuture<?> cf && cf.isDone() && !cf.isCompletedExceptionally()) {
            answer(request, expectsResponse, cf.getNow(null), null);
            return;
        }
        EventExecutor loop = ctx.executor();
        ((CompletionStage<?>) stage).whenComplete((response, error) -> {
            if (loop.inEventLoop()) {
                answer(request, expectsResponse, response, error);
            } else {
                completeOffLoop(new Completed(request, expectsResponse, response, error), loop);
            }
        });
    }

    /** A request whose handler completed on another thread, waiting to be answered on the event loop. */
    private record Completed(PduRequest request, boolean expectsResponse, Object response, Throwable error) {
    }

    /**
     * Answers completed off the event loop are queued and answered by one task per batch, not one
     * {@code loop.execute} (task queue offer, possibly an eventfd wake-up) and one flush each.
     */
    private void completeOffLoop(Completed c, EventExecutor loop) {
        completed.offer(c);
        scheduleDrain(loop);
    }

    private void scheduleDrain(EventExecutor loop) {
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            // inside a batch of completions (the store's completer) one task per event loop at its end
            Handoffs.execute(loop, drainTask, this::drainRefused);
        }
    }

    /**
     * The loop is shut down: the channel is closed, nobody is left to answer, and what was to be
     * sent fails as a send to a closed session does.
     */
    private void drainRefused(RuntimeException e) {
        drainScheduled.set(false);
        Outgoing o;
        while ((o = outgoing.poll()) != null) {
            o.future().completeExceptionally(new SessionClosedException("event loop shut down"));
        }
    }

    private void drainCompleted() {
        // cleared before polling: a completion offered after the last poll schedules a new drain
        drainScheduled.set(false);
        batchingWrites = true;
        try {
            Completed c;
            while ((c = completed.poll()) != null) {
                answer(c.request(), c.expectsResponse(), c.response(), c.error());
            }
            Outgoing o;
            while ((o = outgoing.poll()) != null) {
                submit(o.request(), o.future(), false);
            }
        } finally {
            batchingWrites = false;
            if (!reading) {
                flushIfNeeded();
            }
        }
    }

    /**
     * Writes the handler's answer. {@code response} is typed {@code Object} and cast to {@link Pdu}
     * on purpose: a cast to {@code PduResponse} here and the encoder's {@code instanceof Pdu} on the
     * same object made the JDK 17 secondary-super cache of the response class flip between the two
     * interfaces on every response, from every event loop (JDK-8180450, cache-line ping-pong).
     * The handler's signature already guarantees a {@code PduResponse}.
     */
    private void answer(PduRequest request, boolean expectsResponse, Object response, Throwable error) {
        inflightInbound--;
        counters.inflightInbound(inflightInbound);
        if (!expectsResponse || state == SessionState.CLOSED) {
            // nothing to write
        } else if (error != null || response == null) {
            log.warn("{}: handler failed on {}, answering ESME_RSYSERR", this, request.commandId(), error);
            write(request.errorResponse(CommandStatus.ESME_RSYSERR));
        } else {
            write((Pdu) response);
        }
        if (pendingUnbindResp != null && inflightInbound == 0) {
            answerUnbind();
        }
    }

    /** Sends the unbind_resp held back for the peer's earlier requests, then closes; once. */
    private void answerUnbind() {
        Pdu resp = pendingUnbindResp;
        pendingUnbindResp = null;
        if (resp != null && state != SessionState.CLOSED) {
            writeThenClose(resp);
        }
    }

    private void authenticate(Bind bind) {
        if (authenticator == null) {
            write(bind.errorResponse(CommandStatus.ESME_RBINDFAIL));
            return;
        }
        authenticating = true;
        updateAutoRead();
        CompletionStage<BindResult> stage;
        try {
            Channel ch = channel;
            stage = authenticator.authenticate(new BindRequestInfo(bind, remoteAddress(), tls, peerSubject(),
                    ch::isActive));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        EventExecutor loop = ctx.executor();
        stage.whenComplete((result, error) -> {
            if (loop.inEventLoop()) {
                finishBind(bind, result, error);
            } else {
                loop.execute(() -> finishBind(bind, result, error));
            }
        });
    }

    private void finishBind(Bind bind, BindResult result, Throwable error) {
        authenticating = false;
        if (state == SessionState.CLOSED) {
            // the peer left while its bind was being checked: an accepted bind's listener must
            // still hear that the session is over, or whatever it reserved (a bind slot) leaks
            if (error == null && result != null && result.accepted()) {
                result.listener().onClosed(this);
            }
            return;
        }
        CommandStatus status = error != null || result == null ? CommandStatus.ESME_RBINDFAIL : result.status();
        if (error != null) {
            log.warn("{}: bind authentication failed for {}", this, bind, error);
        }
        if (status == CommandStatus.ESME_ROK) {
            Tlvs tlvs = bind.interfaceVersion() >= TlvCompat.V34
                    ? Tlvs.builder().scInterfaceVersion(TlvCompat.V34).build() : Tlvs.EMPTY;
            peerInterfaceVersion = bind.interfaceVersion();
            requestHandler = result.handler();
            SessionListener outer = listener;
            SessionListener inner = result.listener();
            listener = inner == SessionListener.NONE ? outer : both(outer, inner);
            write(BindResp.of(bind.bindType(), bind.sequenceNumber(), status, localSystemId, tlvs));
            becomeBound(bind);
        } else {
            // One attempt per connection: a password guesser pays a TCP handshake per guess, and
            // nothing after the bind is read. The close waits a moment, because a client that
            // sees it before it has handled the bind_resp (jsmpp does) reports a timeout instead
            // of the status.
            log.info("{}: bind {} rejected with {}, closing", this, bind, status);
            bindRefused = true;
            heldDuringAuthentication.clear();
            updateAutoRead();
            write(BindResp.of(bind.bindType(), bind.sequenceNumber(), status, localSystemId, Tlvs.EMPTY));
            flushIfNeeded();
            ctx.executor().schedule(() -> ctx.close(), REFUSED_BIND_LINGER_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        updateAutoRead();
        while (!authenticating && !heldDuringAuthentication.isEmpty() && state != SessionState.CLOSED) {
            process(heldDuringAuthentication.poll());
        }
    }

    /**
     * Reads only while no bind is being authenticated (what follows a bind is read once its
     * outcome is known), none has been refused, and, on the SMSC side, the peer reads what it is
     * sent. The ESME side keeps reading whatever it has not written: if both sides of a Tern-to-
     * Tern connection stopped reading while their writes waited, neither would ever drain.
     */
    private void updateAutoRead() {
        boolean peerKeepsUp = localRole == SmppRole.ESME || channel.isWritable();
        channel.config().setAutoRead(!authenticating && !bindRefused && peerKeepsUp);
    }

    private static SessionListener both(SessionListener a, SessionListener b) {
        return new SessionListener() {
            @Override
            public void onBound(SmppSession s) {
                a.onBound(s);
                b.onBound(s);
            }

            @Override
            public void onClosed(SmppSession s) {
                a.onClosed(s);
                b.onClosed(s);
            }
        };
    }

    private String peerSubject() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
            if (certs.length > 0 && certs[0] instanceof X509Certificate x) {
                return x.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        return null;
    }

    private void becomeBound(Bind bind) {
        systemId = bind.systemId();
        bindType = bind.bindType();
        state = SessionState.boundAs(bind.bindType());
        cancel(initTimer);
        log.info("{}: bound as {} (interface_version 0x{})", this, bind.bindType(),
                Integer.toHexString(peerInterfaceVersion));
        scheduleKeepalive(config.enquireLinkInterval().toNanos());
        try {
            listener.onBound(this);
        } catch (RuntimeException e) {
            log.warn("{}: session listener failed", this, e);
        }
        boundFuture.complete(this);
    }

    private void started() {
        if (started) {
            return;
        }
        started = true;
        lastReadNanos = ticker.nanoTime();
        // the bind says who it is ("bound as"); a connection on its own is not worth a line each
        log.debug("{}: connected{}", this, tls ? " (TLS)" : "");
        initTimer = ctx.executor().schedule(() -> {
            if (!state.isBound() && state != SessionState.CLOSED && state != SessionState.UNBINDING) {
                unboundLog.warn("{}: not bound within {}, closing", this, config.sessionInitTimeout());
                ctx.close();
            }
        }, config.sessionInitTimeout().toNanos(), TimeUnit.NANOSECONDS);
        scheduleInactivityCheck(config.inactivityTimeout().toNanos());
    }

    private void scheduleKeepalive(long delayNanos) {
        long interval = config.enquireLinkInterval().toNanos();
        if (interval == 0 || state == SessionState.CLOSED) {
            return;
        }
        keepaliveTimer = ctx.executor().schedule(() -> {
            if (!state.isBound()) {
                return;
            }
            long idle = ticker.nanoTime() - lastReadNanos;
            if (idle < interval) {
                scheduleKeepalive(interval - idle);
                return;
            }
            CompletableFuture<PduResponse> f = new CompletableFuture<>();
            if (enquireLinkSentNanos < 0) {
                enquireLinkSentNanos = ticker.nanoTime();
            }
            submit(new EnquireLink(0), f, true);
            f.whenComplete((r, e) -> {
                if (r != null) {
                    enquireLinkSentNanos = -1; // the peer answers: any older one is as good as answered
                }
                if (e instanceof ResponseTimeoutException) {
                    log.info("{}: enquire_link unanswered within {}, closing as dead", this,
                            config.responseTimeout());
                    ctx.close();
                }
            });
            scheduleKeepalive(interval);
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void scheduleInactivityCheck(long delayNanos) {
        long limit = config.inactivityTimeout().toNanos();
        if (limit == 0 || state == SessionState.CLOSED) {
            return;
        }
        inactivityTimer = ctx.executor().schedule(() -> {
            long idle = ticker.nanoTime() - lastReadNanos;
            if (idle >= limit) {
                log.info("{}: nothing received for {}, closing", this, config.inactivityTimeout());
                ctx.close();
            } else {
                scheduleInactivityCheck(limit - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
            channel = c.channel();
            tls = c.pipeline().get(SslHandler.class) != null;
            if (c.executor() instanceof AbstractScheduledEventExecutor e) {
                ticker = e.ticker();
            }
            if (c.channel().isActive()) {
                started();
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext c) {
            started();
            c.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (state == SessionState.CLOSED || bindRefused) {
                return;
            }
            reading = true;
            process(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext c) {
            reading = false;
            flushIfNeeded();
            c.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext c) {
            updateAutoRead();
            c.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            closed();
            c.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            log.info("{}: closing after {}", SmppSession.this, cause.toString());
            c.close();
        }
    }
}
