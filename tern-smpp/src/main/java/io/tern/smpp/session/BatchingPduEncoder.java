package io.tern.smpp.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.pdu.Pdu;

/**
 * Encodes the outbound PDUs written between two flushes into one buffer (SMPP 3.4 §3.2 framing by
 * {@link PduCodec}), instead of one buffer per PDU as {@code SmppEncoder} does.
 *
 * <p>Why: the session answers a whole read batch (tens of submit_sm) and flushes once. With one
 * buffer per response, every response paid a pooled buffer allocation, a
 * {@code ChannelOutboundBuffer} entry (Netty Recycler), an iovec and their release after the
 * writev: ~15 % of the echo server's CPU. Here a batch costs one of each.
 *
 * <p>Semantics are those of a per-PDU encoder: bytes leave in write order; a write with a real
 * promise (e.g. the last PDU before close) hands the batch, that PDU last, to the channel at once,
 * so the promise completes when that PDU has been written; a PDU that fails to encode is left out
 * and its promise fails with an {@link EncoderException}; what is not flushed when the channel
 * closes is discarded, as Netty discards unflushed writes.
 */
final class BatchingPduEncoder extends ChannelOutboundHandlerAdapter {

    /**
     * First capacity of a batch: a dozen submit_sm_resp, one deliver_sm. Larger batches grow it
     * (power-of-two, copying).
     */
    // XXX: growing copies the batch log2(n / 512) times; a size hint from the session (requests
    // in the read batch) would avoid it, but costs more than the copies measured here.
    private static final int INITIAL_CAPACITY = 512;

    /**
     * A batch this large is handed to the channel before the flush: what is written counts
     * towards the channel's write-buffer water marks only from then, and the session stops
     * reading a peer that does not read when they are passed, not after a whole read loop.
     */
    private static final int MAX_BATCH = 64 << 10;

    private ByteBuf batch;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Pdu pdu)) {
            writeBatch(ctx);
            ctx.write(msg, promise);
            return;
        }
        ByteBuf buf = batch;
        if (buf == null) {
            buf = ctx.alloc().ioBuffer(Math.max(INITIAL_CAPACITY, PduCodec.estimateSize(pdu)));
            batch = buf;
        }
        int mark = buf.writerIndex();
        try {
            PduCodec.encode(pdu, buf);
        } catch (RuntimeException e) {
            buf.writerIndex(mark);
            promise.tryFailure(new EncoderException(e));
            return;
        }
        if (!promise.isVoid()) {
            batch = null;
            ctx.write(buf, promise);
        } else if (buf.writerIndex() >= MAX_BATCH) {
            batch = null;
            ctx.write(buf, ctx.voidPromise());
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf buf = batch;
        if (buf != null) {
            batch = null;
            buf.release();
        }
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        ByteBuf buf = batch;
        if (buf != null) {
            batch = null;
            ctx.write(buf, ctx.voidPromise());
        }
    }
}
