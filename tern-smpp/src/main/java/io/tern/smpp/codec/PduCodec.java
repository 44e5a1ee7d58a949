package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.tern.smpp.pdu.Pdu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Pure encode and decode of whole PDUs (SMPP 3.4 §3.2, §4, §5) on Netty buffers. Decoding never
 * throws anything but {@link PduDecodeException}: every field is checked against its limit and a
 * violation carries the field's SMPP status. The decoder ({@link PduDecoder}) and the encoder
 * ({@link PduEncoder}) live apart; this class is their one entry point.
 */
public final class PduCodec {

    /** command_length (4) + command_id (4) + command_status (4) + sequence_number (4). */
    public static final int HEADER_LENGTH = 16;

    /** Big-endian int loads and stores on a byte[]: one bounds-checked access instead of four. */
    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private PduCodec() {
    }

    /**
     * Decodes one PDU from {@code frame}, which holds exactly one PDU including its header (the
     * frame decoder has already checked command_length). The reader index is advanced past it.
     */
    public static Pdu decode(ByteBuf frame) throws PduDecodeException {
        return PduDecoder.decode(frame);
    }

    /**
     * The general decoder alone, without the fast path: every PDU type, every error. Package
     * private so that tests can hold both paths to the same answers.
     */
    static Pdu decodeChecked(ByteBuf frame) throws PduDecodeException {
        return PduDecoder.decodeChecked(frame);
    }

    /** Encodes {@code pdu} at the writer index of {@code out}, header included. */
    public static void encode(Pdu pdu, ByteBuf out) {
        PduEncoder.encode(pdu, out);
    }

    /** An upper bound of the encoded size, to size buffers without a second pass. */
    public static int estimateSize(Pdu pdu) {
        return PduEncoder.estimateSize(pdu);
    }
}
