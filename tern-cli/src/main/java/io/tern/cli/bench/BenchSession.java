package io.tern.cli.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.tern.smpp.codec.PduDecodeException;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One bench connection: binds, then keeps up to {@code window} submit_sm outstanding (SMPP 3.4
 * §2.6) and sends the next one as each response arrives, without locks: everything here runs on
 * the channel's event loop. Responses are matched by sequence_number; each request ends exactly
 * once, as a response, a timeout, or lost when the connection closes with it outstanding.
 * Writes are flushed once per read batch ({@code channelReadComplete}), not per PDU.
 */
final class BenchSession extends ChannelInboundHandlerAdapter {

    /** Where a session is in its life. */
    enum State { CONNECTING, BINDING, BOUND, UNBINDING, CLOSED }

    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int ESM_CLASS_TYPE_MASK = 0x3C;
    private static final int ESM_CLASS_DELIVERY_RECEIPT = 0x04;

    private final BenchConfig config;
    private final BindType bindType;
    private final MessageSource.Cursor source; // null for a receiver session
    private final ReceiptTracker receipts;
    private final long timeoutNanos;

    final CompletableFuture<Void> bound = new CompletableFuture<>();
    /** Completes when every request this session sent is accounted for, or the session closed. */
    final CompletableFuture<Void> drained = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private volatile State state = State.CONNECTING;
    private int nextSeq = 1;
    private PendingRequests pending;
    private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    /** The same samples again, for the progress line's per-second percentiles (read from another thread). */
    private final Recorder recentLatency = new Recorder(MAX_LATENCY_NANOS, 2);
    private final Map<CommandStatus, long[]> statuses = new HashMap<>();
    private boolean sourceExhausted;
    private boolean wakeScheduled;
    private boolean needsFlush;
    private long startNanos;
    private long intervalNanos;
    /** Requests sent before this moment stay out of {@link #latency} ({@code --warm-up}). */
    private long latencyFromNanos;
    private ScheduledFuture<?> timeoutScan;

    // written by the event loop only, read by the progress reporter
    volatile long sent;
    volatile long responses;
    volatile long ok;
    volatile long timeouts;
    volatile long lost;
    volatile long late;
    volatile long mo;
    volatile long lastResponseNanos;

    BenchSession(BenchConfig config, BindType bindType, MessageSource.Cursor source, ReceiptTracker receipts) {
        this.config = config;
        this.bindType = bindType;
        this.source = source;
        this.receipts = receipts;
        this.timeoutNanos = config.timeout().toNanos();
        this.pending = new PendingRequests(config.window());
    }

    State state() {
        return state;
    }

    int inFlight() {
        return pending.size(); // racy read for progress only
    }

    /** Starts submitting at {@code startNanos}; {@code rate} is this session's share, 0 = unlimited. */
    void start(long startNanos, double rate) {
        ctx.executor().execute(() -> {
            this.startNanos = startNanos;
            this.intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
            this.latencyFromNanos = startNanos + config.warmUp().toNanos();
            long scan = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeoutNanos / 10,
                    TimeUnit.MILLISECONDS.toNanos(100)));
            timeoutScan = ctx.executor().scheduleAtFixedRate(this::expire, scan, scan, TimeUnit.NANOSECONDS);
            pump();
            flushIfNeeded();
        });
    }

    /** Sends unbind (§4.2) and closes when unbind_resp comes or after {@code waitMillis}. */
    void unbind(long waitMillis) {
        ctx.executor().execute(() -> {
            if (state == State.CLOSED) {
                return;
            }
            if (state != State.BOUND) {
                ctx.close();
                return;
            }
            state = State.UNBINDING;
            ctx.writeAndFlush(new Unbind(seq()));
            ctx.executor().schedule(() -> {
                ctx.close();
            }, waitMillis, TimeUnit.MILLISECONDS);
        });
    }

    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** Results: only read after {@link #closed}. */
    Histogram latency() {
        return latency;
    }

    /** Adds the latencies recorded since the last call to {@code into}; safe from any thread. */
    void drainRecentLatency(Histogram into) {
        into.add(recentLatency.getIntervalHistogram());
    }

    Map<CommandStatus, long[]> statuses() {
        return statuses;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        this.ctx = c;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        state = State.BINDING;
        Bind bind = Bind.of(bindType, seq(), config.systemId(), config.password(), "", 0x34, 0, 0, "");
        c.writeAndFlush(bind);
        c.executor().schedule(() -> {
            if (!bound.isDone()) {
                bound.completeExceptionally(new BenchException("no bind_resp within " + config.timeout()));
                c.close();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        c.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof PduDecodeException e) {
            onDecodeError(e);
            return;
        }
        Pdu pdu = (Pdu) msg;
        if (pdu instanceof SubmitSmResp r) {
            onResponse(r.sequenceNumber(), r.commandStatus(), r.messageId());
        } else if (pdu instanceof DeliverSm d) {
            onDeliverSm(d);
        } else if (pdu instanceof BindResp r) {
            onBindResp(r);
        } else if (pdu instanceof EnquireLink e) {
            write(new EnquireLinkResp(e.sequenceNumber()));
        } else if (pdu instanceof Unbind u) {
            state = State.UNBINDING;
            c.writeAndFlush(new UnbindResp(u.sequenceNumber(), CommandStatus.ESME_ROK)).addListener(f -> c.close());
        } else if (pdu instanceof UnbindResp) {
            c.close();
        } else if (pdu instanceof PduResponse r) {
            // generic_nack or another response to a submit_sm: a response all the same
            onResponse(r.sequenceNumber(), r.commandStatus(), null);
        } else if (pdu instanceof PduRequest r && r.expectsResponse()) {
            write(r.errorResponse(CommandStatus.ESME_RINVCMDID));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        flushIfNeeded();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        if (c.channel().isWritable()) {
            pump();
            flushIfNeeded();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        state = State.CLOSED;
        if (timeoutScan != null) {
            timeoutScan.cancel(false);
        }
        lost += pending.clear();
        bound.completeExceptionally(new BenchException("connection closed before bind_resp"));
        drained.complete(null);
        closed.complete(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (!bound.isDone()) {
            bound.completeExceptionally(cause);
        }
        c.close();
    }

    private void onBindResp(BindResp r) {
        if (r.commandStatus().isOk()) {
            state = State.BOUND;
            bound.complete(null);
            if (source == null) {
                drained.complete(null); // a receiver sends nothing
            }
        } else {
            bound.completeExceptionally(new BenchException("bind refused: " + r.commandStatus().mnemonic()));
            ctx.close();
        }
    }

    private void onResponse(int seq, CommandStatus status, String messageId) {
        long sentAt = pending.remove(seq);
        if (sentAt == -1) {
            late++; // after its timeout, or never ours
            return;
        }
        long now = System.nanoTime();
        long took = Math.min(MAX_LATENCY_NANOS, Math.max(1, now - sentAt));
        if (sentAt - latencyFromNanos >= 0) {
            latency.recordValue(took);
        }
        recentLatency.recordValue(took);
        statuses.computeIfAbsent(status, s -> new long[1])[0]++;
        responses++;
        lastResponseNanos = now;
        if (status.isOk()) {
            ok++;
            if (receipts != null && messageId != null && !messageId.isEmpty()) {
                receipts.accepted(messageId, sentAt);
            }
        }
        pump();
    }

    private void onDeliverSm(DeliverSm d) {
        write(new DeliverSmResp(d.sequenceNumber(), CommandStatus.ESME_ROK));
        if ((d.esmClass() & ESM_CLASS_TYPE_MASK) == ESM_CLASS_DELIVERY_RECEIPT && receipts != null) {
            receipts.receipt(d, System.nanoTime());
        } else {
            mo++;
        }
    }

    private void onDecodeError(PduDecodeException e) {
        if (e.framingLost()) {
            ctx.close();
            return;
        }
        if (e.commandId() != null && e.commandId().isResponse() && e.hasSequenceNumber()) {
            onResponse(e.sequenceNumber(), e.status(), null);
            return;
        }
        PduResponse answer = e.answer();
        if (answer != null) {
            write(answer);
        }
    }

    /** Sends while the window has room, the schedule allows, and messages remain. */
    private void pump() {
        if (state != State.BOUND || source == null || startNanos == 0) {
            return;
        }
        while (!sourceExhausted && pending.size() < config.window() && ctx.channel().isWritable()) {
            long now = System.nanoTime();
            if (intervalNanos > 0) {
                long due = startNanos + sent * intervalNanos;
                if (due - now > 0) {
                    scheduleWake(due - now);
                    break;
                }
            }
            int seq = seq();
            var submit = source.next(seq);
            if (submit == null) {
                sourceExhausted = true;
                break;
            }
            pending.put(seq, now);
            ctx.write(submit, ctx.voidPromise());
            needsFlush = true;
            sent++;
        }
        if (sourceExhausted && pending.size() == 0) {
            drained.complete(null);
        }
    }

    private void scheduleWake(long delayNanos) {
        if (wakeScheduled) {
            return;
        }
        wakeScheduled = true;
        ctx.executor().schedule(() -> {
            wakeScheduled = false;
            pump();
            flushIfNeeded();
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        int n = pending.removeOlderThan(System.nanoTime() - timeoutNanos);
        if (n > 0) {
            timeouts += n;
            pump();
            flushIfNeeded();
        }
    }

    private void write(Pdu pdu) {
        ctx.write(pdu, ctx.voidPromise());
        needsFlush = true;
    }

    private void flushIfNeeded() {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    private int seq() {
        int s = nextSeq;
        nextSeq = s == 0x7FFFFFFF ? 1 : s + 1;
        return s;
    }
}
