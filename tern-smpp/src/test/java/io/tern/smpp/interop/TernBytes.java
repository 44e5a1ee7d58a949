package io.tern.smpp.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.codec.PduCodec;
import io.tern.smpp.codec.PduDecodeException;
import io.tern.smpp.pdu.Pdu;

/** Tern's side of the byte interop tests: encode to and decode from plain arrays. */
final class TernBytes {

    private TernBytes() {
    }

    static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        PduCodec.encode(pdu, buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    static Pdu decode(byte[] bytes) throws PduDecodeException {
        return PduCodec.decode(Unpooled.wrappedBuffer(bytes));
    }
}
