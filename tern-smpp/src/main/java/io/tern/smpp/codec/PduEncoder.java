package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlvs;
import java.lang.invoke.VarHandle;

/** Encodes whole PDUs (SMPP 3.4 §3.2, §4, §5) into Netty buffers. */
final class PduEncoder {

    private PduEncoder() {
    }

    /** Encodes {@code pdu} at the writer index of {@code out}, header included. */
    static void encode(Pdu pdu, ByteBuf out) {
        // the commonest PDUs are written as one array: exact classes, compared without a type scan
        Class<?> type = pdu.getClass();
        if (type == SubmitSm.class || type == DeliverSm.class) {
            encodeShortMessage((ShortMessagePdu) pdu, out);
            return;
        }
        if (type == SubmitSmResp.class) {
            SubmitSmResp r = (SubmitSmResp) pdu;
            encodeMessageIdResp(r.commandId(), r.commandStatus(), r.sequenceNumber(), r.messageId(), out);
            return;
        }
        if (type == DeliverSmResp.class) {
            DeliverSmResp r = (DeliverSmResp) pdu;
            encodeMessageIdResp(r.commandId(), r.commandStatus(), r.sequenceNumber(), r.messageId(), out);
            return;
        }
        int start = out.writerIndex();
        out.writeInt(0); // command_length, patched below
        out.writeInt(pdu.commandId().code());
        out.writeInt(pdu.commandStatus().code());
        out.writeInt(pdu.sequenceNumber());
        encodeBody(pdu, out);
        out.setInt(start, out.writerIndex() - start);
    }

    /** An upper bound of the encoded size, to size buffers without a second pass. */
    static int estimateSize(Pdu pdu) {
        // the two commonest PDUs are sized exactly: C-Octet Strings are one octet a character
        // (the records allow nothing above 0xFF) plus the NUL.
        if (pdu instanceof ShortMessagePdu sm) {
            return PduCodec.HEADER_LENGTH + sm.serviceType().length() + 1 + 2 + sm.sourceAddr().address().length() + 1
                    + 2 + sm.destinationAddr().address().length() + 1 + 3 + sm.scheduleDeliveryTime().length() + 1
                    + sm.validityPeriod().length() + 1 + 5 + sm.shortMessage().length + sm.tlvs().encodedLength();
        }
        if (pdu instanceof SubmitSmResp r) {
            return PduCodec.HEADER_LENGTH + r.messageId().length() + 1;
        }
        int n = PduCodec.HEADER_LENGTH + 64;
        if (pdu instanceof SubmitMulti m) {
            n += 64 + m.shortMessage().length + m.tlvs().encodedLength() + 25 * m.destAddresses().size();
        } else if (pdu instanceof DataSm d) {
            n += 140 + d.tlvs().encodedLength();
        } else if (pdu instanceof ReplaceSm r) {
            n += 120 + r.shortMessage().length;
        } else if (pdu instanceof SubmitMultiResp r) {
            n += 30 * r.unsuccessSmes().size();
        } else if (pdu instanceof BroadcastSm b) {
            n += 128 + b.tlvs().encodedLength();
        }
        return n;
    }

    private static void encodeBody(Pdu pdu, ByteBuf out) {
        switch (pdu.commandId()) {
            case UNBIND, UNBIND_RESP, ENQUIRE_LINK, ENQUIRE_LINK_RESP, GENERIC_NACK, CANCEL_SM_RESP, REPLACE_SM_RESP, CANCEL_BROADCAST_SM_RESP -> {
                // header only
            }
            case BIND_TRANSMITTER, BIND_RECEIVER, BIND_TRANSCEIVER -> {
                Bind b = (Bind) pdu;
                cString(out, b.systemId());
                cString(out, b.password());
                cString(out, b.systemType());
                out.writeByte(b.interfaceVersion());
                out.writeByte(b.addrTon());
                out.writeByte(b.addrNpi());
                cString(out, b.addressRange());
            }
            case BIND_TRANSMITTER_RESP, BIND_RECEIVER_RESP, BIND_TRANSCEIVER_RESP -> {
                BindResp r = (BindResp) pdu;
                if (r.commandStatus().isOk() || !r.systemId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.systemId());
                    tlvs(out, r.tlvs());
                }
            }
            case OUTBIND -> {
                Outbind o = (Outbind) pdu;
                cString(out, o.systemId());
                cString(out, o.password());
            }
            case SUBMIT_SM, DELIVER_SM -> throw new AssertionError("encoded by encodeShortMessage");
            case SUBMIT_SM_RESP -> {
                SubmitSmResp r = (SubmitSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty()) {
                    cString(out, r.messageId());
                }
            }
            case DELIVER_SM_RESP -> {
                DeliverSmResp r = (DeliverSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty()) {
                    cString(out, r.messageId());
                }
            }
            case SUBMIT_MULTI -> {
                SubmitMulti m = (SubmitMulti) pdu;
                cString(out, m.serviceType());
                address(out, m.sourceAddr());
                out.writeByte(m.destAddresses().size());
                for (DestAddress d : m.destAddresses()) {
                    out.writeByte(d.destFlag());
                    if (d instanceof DestAddress.Sme sme) {
                        address(out, sme.address());
                    } else {
                        cString(out, ((DestAddress.DistributionList) d).dlName());
                    }
                }
                out.writeByte(m.esmClass());
                out.writeByte(m.protocolId());
                out.writeByte(m.priorityFlag());
                cString(out, m.scheduleDeliveryTime());
                cString(out, m.validityPeriod());
                out.writeByte(m.registeredDelivery());
                out.writeByte(m.replaceIfPresentFlag());
                out.writeByte(m.dataCoding());
                out.writeByte(m.smDefaultMsgId());
                out.writeByte(m.shortMessage().length);
                out.writeBytes(m.shortMessage());
                tlvs(out, m.tlvs());
            }
            case SUBMIT_MULTI_RESP -> {
                SubmitMultiResp r = (SubmitMultiResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.unsuccessSmes().isEmpty()) {
                    cString(out, r.messageId());
                    out.writeByte(r.unsuccessSmes().size());
                    for (UnsuccessSme u : r.unsuccessSmes()) {
                        address(out, u.address());
                        out.writeInt(u.errorStatusCode().code());
                    }
                }
            }
            case DATA_SM -> {
                DataSm d = (DataSm) pdu;
                cString(out, d.serviceType());
                address(out, d.sourceAddr());
                address(out, d.destinationAddr());
                out.writeByte(d.esmClass());
                out.writeByte(d.registeredDelivery());
                out.writeByte(d.dataCoding());
                tlvs(out, d.tlvs());
            }
            case DATA_SM_RESP -> {
                DataSmResp r = (DataSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case QUERY_SM -> {
                QuerySm q = (QuerySm) pdu;
                cString(out, q.messageId());
                address(out, q.sourceAddr());
            }
            case QUERY_SM_RESP -> {
                QuerySmResp r = (QuerySmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.finalDate().isEmpty()
                        || r.messageState() != 0 || r.errorCode() != 0) {
                    cString(out, r.messageId());
                    cString(out, r.finalDate());
                    out.writeByte(r.messageState());
                    out.writeByte(r.errorCode());
                }
            }
            case CANCEL_SM -> {
                CancelSm c = (CancelSm) pdu;
                cString(out, c.serviceType());
                cString(out, c.messageId());
                address(out, c.sourceAddr());
                address(out, c.destinationAddr());
            }
            case REPLACE_SM -> {
                ReplaceSm r = (ReplaceSm) pdu;
                cString(out, r.messageId());
                address(out, r.sourceAddr());
                cString(out, r.scheduleDeliveryTime());
                cString(out, r.validityPeriod());
                out.writeByte(r.registeredDelivery());
                out.writeByte(r.smDefaultMsgId());
                out.writeByte(r.shortMessage().length);
                out.writeBytes(r.shortMessage());
            }
            case ALERT_NOTIFICATION -> {
                AlertNotification a = (AlertNotification) pdu;
                address(out, a.sourceAddr());
                address(out, a.esmeAddr());
                tlvs(out, a.tlvs());
            }
            case BROADCAST_SM -> {
                BroadcastSm b = (BroadcastSm) pdu;
                cString(out, b.serviceType());
                address(out, b.sourceAddr());
                cString(out, b.messageId());
                out.writeByte(b.priorityFlag());
                cString(out, b.scheduleDeliveryTime());
                cString(out, b.validityPeriod());
                out.writeByte(b.replaceIfPresentFlag());
                out.writeByte(b.dataCoding());
                out.writeByte(b.smDefaultMsgId());
                tlvs(out, b.tlvs());
            }
            case BROADCAST_SM_RESP -> {
                BroadcastSmResp r = (BroadcastSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case QUERY_BROADCAST_SM -> {
                QueryBroadcastSm q = (QueryBroadcastSm) pdu;
                cString(out, q.messageId());
                address(out, q.sourceAddr());
                tlvs(out, q.tlvs());
            }
            case QUERY_BROADCAST_SM_RESP -> {
                QueryBroadcastSmResp r = (QueryBroadcastSmResp) pdu;
                if (r.commandStatus().isOk() || !r.messageId().isEmpty() || !r.tlvs().isEmpty()) {
                    cString(out, r.messageId());
                    tlvs(out, r.tlvs());
                }
            }
            case CANCEL_BROADCAST_SM -> {
                CancelBroadcastSm c = (CancelBroadcastSm) pdu;
                cString(out, c.serviceType());
                cString(out, c.messageId());
                address(out, c.sourceAddr());
                tlvs(out, c.tlvs());
            }
        }
    }

    /**
     * submit_sm and deliver_sm, the hot path: the exact size is known up front (C-Octet Strings
     * are one octet a character), so the whole PDU is written with plain stores into the heap
     * buffer's array or the direct buffer's memory: no per-field bounds and accessibility checks
     * of {@code ByteBuf}'s write methods.
     */
    private static void encodeShortMessage(ShortMessagePdu m, ByteBuf out) {
        Tlvs tlvs = m.tlvs();
        int n = PduCodec.HEADER_LENGTH + m.serviceType().length() + m.sourceAddr().address().length()
                + m.destinationAddr().address().length() + m.scheduleDeliveryTime().length()
                + m.validityPeriod().length() + m.shortMessage().length + tlvs.encodedLength()
                + (1 + 3 + 3 + 3 + 1 + 1 + 5);
        out.ensureWritable(n);
        int w = out.writerIndex();
        int tlvsAt = n - tlvs.encodedLength();
        if (out.hasArray()) {
            byte[] a = out.array();
            int p = out.arrayOffset() + w;
            putShortMessage(ARRAY_RAWS.get().at(a, p), m, n);
            tlvs.copyTo(a, p + tlvsAt);
        } else {
            if (out.hasMemoryAddress()) {
                putShortMessage(MEMORY_RAWS.get().at(out.memoryAddress() + w), m, n);
            } else {
                byte[] a = new byte[tlvsAt];
                putShortMessage(ARRAY_RAWS.get().at(a, 0), m, n);
                out.setBytes(w, a);
            }
            tlvs.setTo(out, w + tlvsAt);
        }
        out.writerIndex(w + n);
    }

    /**
     * The layout of submit_sm and deliver_sm, written once: the header and body of {@code m},
     * {@code n} octets long with its TLVs, up to its TLVs.
     */
    private static void putShortMessage(Raw out, ShortMessagePdu m, int n) {
        Address src = m.sourceAddr();
        Address dst = m.destinationAddr();
        byte[] sm = m.shortMessage();
        out.header(n, m.commandId().code(), 0, m.sequenceNumber()); // command_status: always 0 in a request
        int p = out.cString(PduCodec.HEADER_LENGTH, m.serviceType());
        out.u8(p, src.ton());
        out.u8(p + 1, src.npi());
        p = out.cString(p + 2, src.address());
        out.u8(p, dst.ton());
        out.u8(p + 1, dst.npi());
        p = out.cString(p + 2, dst.address());
        out.u8(p, m.esmClass());
        out.u8(p + 1, m.protocolId());
        out.u8(p + 2, m.priorityFlag());
        p = out.cString(p + 3, m.scheduleDeliveryTime());
        p = out.cString(p, m.validityPeriod());
        out.u8(p, m.registeredDelivery());
        out.u8(p + 1, m.replaceIfPresentFlag());
        out.u8(p + 2, m.dataCoding());
        out.u8(p + 3, m.smDefaultMsgId());
        out.u8(p + 4, sm.length);
        out.bytes(p + 5, sm);
    }

    /** submit_sm_resp and deliver_sm_resp: the header and, unless an error without one, the message_id. */
    private static void encodeMessageIdResp(CommandId id, CommandStatus status, int seq, String messageId,
            ByteBuf out) {
        int code = status.code();
        boolean body = code == 0 || !messageId.isEmpty();
        int n = body ? PduCodec.HEADER_LENGTH + messageId.length() + 1 : PduCodec.HEADER_LENGTH;
        out.ensureWritable(n);
        int w = out.writerIndex();
        byte[] copy = null;
        Raw raw;
        if (out.hasMemoryAddress()) {
            raw = MEMORY_RAWS.get().at(out.memoryAddress() + w);
        } else if (out.hasArray()) {
            raw = ARRAY_RAWS.get().at(out.array(), out.arrayOffset() + w);
        } else {
            copy = new byte[n];
            raw = ARRAY_RAWS.get().at(copy, 0);
        }
        raw.header(n, id.code(), code, seq);
        if (body) {
            raw.cString(PduCodec.HEADER_LENGTH, messageId);
        }
        if (copy != null) {
            out.setBytes(w, copy);
        }
        out.writerIndex(w + n);
    }

    /**
     * Plain stores at offsets from the start of one PDU, into a byte array or native memory: the
     * raw writers above are written once against it. No bounds checks: the caller has made room.
     */
    private abstract static class Raw {

        abstract void u8(int at, int v);

        /** A big-endian int. */
        abstract void i32(int at, int v);

        /** A C-Octet String (characters 0x01..0xFF, one octet each) and its NUL; the offset after the NUL. */
        abstract int cString(int at, String s);

        abstract void bytes(int at, byte[] b);

        final void header(int length, int id, int status, int seq) {
            i32(0, length);
            i32(4, id);
            i32(8, status);
            i32(12, seq);
        }
    }

    /**
     * One writer of each kind per thread, pointed at the PDU being written: encoding into a reused
     * buffer allocates nothing. Encoding does not nest, so one per thread is enough.
     */
    private static final FastThreadLocal<ArrayRaw> ARRAY_RAWS = new FastThreadLocal<>() {
        @Override
        protected ArrayRaw initialValue() {
            return new ArrayRaw();
        }
    };
    private static final FastThreadLocal<MemoryRaw> MEMORY_RAWS = new FastThreadLocal<>() {
        @Override
        protected MemoryRaw initialValue() {
            return new MemoryRaw();
        }
    };

    private static final class ArrayRaw extends Raw {
        private byte[] a;
        private int base;

        ArrayRaw at(byte[] a, int base) {
            this.a = a;
            this.base = base;
            return this;
        }

        @Override
        void u8(int at, int v) {
            a[base + at] = (byte) v;
        }

        @Override
        void i32(int at, int v) {
            PduCodec.INT_BE.set(a, base + at, v);
        }

        /** The records admit only characters 0x01..0xFF, whose low byte is their ISO-8859-1 encoding: one bulk copy. */
        @Override
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly the copy wanted
        int cString(int at, String s) {
            int len = s.length();
            if (len != 0) {
                s.getBytes(0, len, a, base + at);
            }
            a[base + at + len] = 0;
            return at + len + 1;
        }

        @Override
        void bytes(int at, byte[] b) {
            System.arraycopy(b, 0, a, base + at, b.length);
        }
    }

    private static final class MemoryRaw extends Raw {
        private long base;

        MemoryRaw at(long base) {
            this.base = base;
            return this;
        }

        @Override
        void u8(int at, int v) {
            PlatformDependent.putByte(base + at, (byte) v);
        }

        @Override
        void i32(int at, int v) {
            PlatformDependent.putInt(base + at, PlatformDependent.BIG_ENDIAN_NATIVE_ORDER ? v : Integer.reverseBytes(v));
        }

        /** The low byte of each character. */
        @Override
        int cString(int at, String s) {
            long p = base + at;
            int len = s.length();
            for (int i = 0; i < len; i++) {
                PlatformDependent.putByte(p + i, (byte) s.charAt(i));
            }
            PlatformDependent.putByte(p + len, (byte) 0);
            return at + len + 1;
        }

        @Override
        void bytes(int at, byte[] b) {
            PlatformDependent.copyMemory(b, 0, base + at, b.length);
        }
    }

    /**
     * Writes a C-Octet String. The records admit only characters 0x01..0xFF, whose low byte is
     * their ISO-8859-1 encoding, so a heap buffer gets one bulk copy rather than
     * writeCharSequence's charset dispatch and per-character writes (most of the encode time of
     * a submit_sm, measured); other buffers take ByteBufUtil's ASCII/Latin-1 loop directly.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly the copy wanted
    private static void cString(ByteBuf out, String s) {
        int len = s.length();
        if (len != 0) {
            out.ensureWritable(len + 1);
            if (out.hasArray()) {
                int at = out.writerIndex();
                s.getBytes(0, len, out.array(), out.arrayOffset() + at);
                out.writerIndex(at + len);
            } else {
                ByteBufUtil.writeAscii(out, s);
            }
        }
        out.writeByte(0);
    }

    private static void address(ByteBuf out, Address a) {
        out.writeShort(a.ton() << 8 | a.npi());
        cString(out, a.address());
    }

    private static void tlvs(ByteBuf out, Tlvs tlvs) {
        tlvs.writeTo(out);
    }
}
