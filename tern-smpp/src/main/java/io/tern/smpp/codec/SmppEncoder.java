package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.tern.smpp.pdu.Pdu;

/** Encodes outbound {@link Pdu}s (SMPP 3.4 §3.2). Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
public final class SmppEncoder extends MessageToByteEncoder<Pdu> {

    public static final SmppEncoder INSTANCE = new SmppEncoder();

    private SmppEncoder() {
        super(Pdu.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Pdu msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(PduCodec.estimateSize(msg));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu msg, ByteBuf out) {
        PduCodec.encode(msg, out);
    }
}
