package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Pdu;

/** Test helpers: whole-frame decode and encode as plain values, comparable with {@code equals}. */
final class Decoding {

    private Decoding() {
    }

    /** A decode error reduced to what a peer sees; {@link PduDecodeException} has no equals. */
    record Failure(int rawCommandId, int sequenceNumber, CommandStatus status, boolean framingLost) {
        static Failure of(PduDecodeException e) {
            return new Failure(e.rawCommandId(), e.sequenceNumber(), e.status(), e.framingLost());
        }
    }

    /** Decodes with {@link PduCodec#decode}: a {@link Pdu} or a {@link Failure}. */
    static Object decode(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return PduCodec.decode(buf);
        } catch (PduDecodeException e) {
            return Failure.of(e);
        }
    }

    /** Turns what {@link SmppDecoder} emits into a value: a Pdu stays, an exception becomes a Failure. */
    static Object normalise(Object emitted) {
        return emitted instanceof PduDecodeException e ? Failure.of(e) : emitted;
    }

    static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        PduCodec.encode(pdu, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
