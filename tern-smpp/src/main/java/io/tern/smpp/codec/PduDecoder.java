package io.tern.smpp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindReceiver;
import io.tern.smpp.pdu.BindReceiverResp;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelBroadcastSmResp;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CheckedOnWire;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduValidationException;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlvs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes whole PDUs (SMPP 3.4 §3.2, §4, §5) from Netty buffers: a fast path for the commonest
 * PDUs and the general, checked path. Never throws anything but {@link PduDecodeException}.
 */
final class PduDecoder {

    private PduDecoder() {
    }

    /**
     * Decodes one PDU from {@code frame}, which holds exactly one PDU including its header (the
     * frame decoder has already checked command_length). The reader index is advanced past it.
     */
    static Pdu decode(ByteBuf frame) throws PduDecodeException {
        Pdu pdu = decodeFast(frame);
        if (pdu != null) {
            return pdu;
        }
        return decodeChecked(frame);
    }

    /**
     * The general decoder alone, without the fast path: every PDU type, every error. Package
     * private so that tests can hold both paths to the same answers.
     */
    static Pdu decodeChecked(ByteBuf frame) throws PduDecodeException {
        int start = frame.readerIndex();
        int available = frame.readableBytes();
        if (available < PduCodec.HEADER_LENGTH) {
            throw new PduDecodeException(0, PduDecodeException.NO_SEQUENCE, CommandStatus.ESME_RINVCMDLEN, true,
                    "frame of " + available + " octets is shorter than a PDU header");
        }
        int commandLength = frame.getInt(start);
        int rawId = frame.getInt(start + 4);
        int rawStatus = frame.getInt(start + 8);
        int seq = frame.getInt(start + 12);
        if (commandLength != available) {
            throw new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDLEN, true,
                    "command_length " + commandLength + " does not match the frame of " + available + " octets");
        }
        CommandId id = CommandId.lookup(rawId);
        if (id == null) {
            frame.skipBytes(available);
            throw new PduDecodeException(rawId, seq, CommandStatus.ESME_RINVCMDID, false,
                    String.format("unknown command_id 0x%08X", rawId));
        }
        // The frame holds exactly this PDU (checked above), so the body is read in place up to the
        // writer index: no slice per PDU. The reader index ends past the PDU whatever happens.
        int end = start + commandLength;
        frame.readerIndex(start + PduCodec.HEADER_LENGTH);
        BodyReader r = new BodyReader(frame, rawId, seq);
        CommandStatus status = rawStatus == 0 ? CommandStatus.ESME_ROK : CommandStatus.of(rawStatus);
        try {
            Pdu pdu = decodeBody(id, seq, status, r);
            if (frame.isReadable()) {
                throw r.fail(CommandStatus.ESME_RINVCMDLEN,
                        frame.readableBytes() + " unexpected octets after the body of " + id);
            }
            return pdu;
        } catch (PduValidationException e) {
            // a field passed the length checks but broke a rule of the record (e.g. both
            // short_message and message_payload set).
            throw new PduDecodeException(rawId, seq, e.status(), false, e.getMessage());
        } finally {
            frame.readerIndex(end);
        }
    }

    /**
     * submit_sm, deliver_sm, submit_sm_resp and deliver_sm_resp read straight from a byte array
     * (a heap buffer's own, or a copy of a direct buffer's frame). Optimistic: any field that is
     * not clean (short body, missing NUL, over-long field, bad TLV, trailing octets...) returns
     * {@code null} before anything is consumed, and {@link #decode} then takes the general path,
     * which reports the error exactly as before. A well-formed PDU gives the same record either way.
     */
    private static Pdu decodeFast(ByteBuf frame) throws PduDecodeException {
        int start = frame.readerIndex();
        int available = frame.writerIndex() - start;
        // one reader per thread, with its scratch array, reset for each PDU: the decoder allocates
        // nothing but the PDU it returns
        ArrayReader r = ARRAY_READERS.get();
        byte[] a;
        int p;
        if (frame.hasArray()) {
            a = frame.array();
            p = frame.arrayOffset() + start;
        } else if (available <= SCRATCH_SIZE) {
            // a network frame is a direct buffer: one bulk copy into the thread's scratch array
            // costs less than the checked reader's per-field buffer calls; nothing read from the
            // scratch array outlives this call (strings and byte arrays are copies)
            a = r.scratch;
            frame.getBytes(start, a, 0, available);
            p = 0;
        } else {
            return null;
        }
        if (available < PduCodec.HEADER_LENGTH || getInt(a, p) != available) {
            return null;
        }
        int rawId = getInt(a, p + 4);
        int rawStatus = getInt(a, p + 8);
        int seq = getInt(a, p + 12);
        Pdu pdu;
        try {
            pdu = switch (rawId) {
                case 0x00000004 -> rawStatus != 0 ? null : fast(r, CommandId.SUBMIT_SM, seq, CommandStatus.ESME_ROK,
                        a, p + PduCodec.HEADER_LENGTH, p + available);
                case 0x00000005 -> rawStatus != 0 ? null : fast(r, CommandId.DELIVER_SM, seq, CommandStatus.ESME_ROK,
                        a, p + PduCodec.HEADER_LENGTH, p + available);
                case 0x80000004 -> fast(r, CommandId.SUBMIT_SM_RESP, seq, CommandStatus.of(rawStatus),
                        a, p + PduCodec.HEADER_LENGTH, p + available);
                case 0x80000005 -> fast(r, CommandId.DELIVER_SM_RESP, seq, CommandStatus.of(rawStatus),
                        a, p + PduCodec.HEADER_LENGTH, p + available);
                default -> null;
            };
        } catch (PduValidationException e) {
            // the fields were clean on the wire but broke a rule of the record, as in decode()
            frame.readerIndex(start + available);
            throw new PduDecodeException(rawId, seq, e.status(), false, e.getMessage());
        }
        if (pdu != null) {
            frame.readerIndex(start + available);
        }
        return pdu;
    }

    /** The big-endian int at {@code a[p, p + 4)}. */
    private static int getInt(byte[] a, int p) {
        return (int) PduCodec.INT_BE.get(a, p);
    }

    /**
     * The index of the NUL in {@code a[from, min(from + size, end))}, or -1. Eight octets at a time
     * while they lie inside the array (they may run past the field and the frame: only a NUL
     * before the limit counts), then one at a time.
     */
    private static int nul(byte[] a, int from, int size, int end) {
        int limit = Math.min(end, from + size);
        int i = from;
        for (int last = a.length - 8; i < limit && i <= last; i += 8) {
            long x = (long) LONG_LE.get(a, i);
            // the lowest octet flagged is the first zero octet (borrows only flag octets above it)
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zero != 0) {
                int at = i + (Long.numberOfTrailingZeros(zero) >>> 3);
                return at < limit ? at : -1;
            }
        }
        for (; i < limit; i++) {
            if (a[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the NUL ending the SMPP time at {@code a[p]}, or -1 when it is neither empty nor
     * 16 characters (§7.1.1). Empty, the usual case, is answered without a scan.
     */
    private static int timeEnd(byte[] a, int p, int end) {
        if (p < end && a[p] == 0) {
            return p;
        }
        int q = nul(a, p, Limits.TIME, end);
        return q - p == Limits.TIME - 1 ? q : -1;
    }

    /** The Latin-1 string {@code a[from, to)}: one array copy, no charset dispatch. */
    @SuppressWarnings("deprecation") // String(byte[], int hibyte, int, int): the plain Latin-1 copy wanted
    private static String latin1(byte[] a, int from, int to) {
        return from == to ? "" : new String(a, 0, from, to - from);
    }

    /**
     * The body of a clean PDU read by the same field description as the general path
     * ({@link #decodeBody}), from {@code a[p, end)}; {@code null} when any field is not clean.
     */
    private static final FastThreadLocal<ArrayReader> ARRAY_READERS = new FastThreadLocal<>() {
        @Override
        protected ArrayReader initialValue() {
            return new ArrayReader();
        }
    };

    private static Pdu fast(ArrayReader r, CommandId id, int seq, CommandStatus status, byte[] a, int p, int end)
            throws PduDecodeException {
        r.reset(a, p, end);
        try {
            // the two layouts of the fast path are called directly: decodeBody, the whole table, is
            // too big for the JIT to inline here, and a call into it per PDU showed in the A/B
            Pdu pdu = id == CommandId.SUBMIT_SM || id == CommandId.DELIVER_SM ? decodeShortMessage(id, seq, r)
                    : decodeMessageIdResp(id, seq, status, r);
            return r.p == end ? pdu : null;
        } catch (NotClean e) {
            return null;
        } finally {
            r.reset(null, 0, 0); // no reference to the frame's array outlives the decode
        }
    }

    private static Pdu decodeBody(CommandId id, int seq, CommandStatus status, FieldReader r)
            throws PduDecodeException {
        return switch (id) {
            case BIND_TRANSMITTER, BIND_RECEIVER, BIND_TRANSCEIVER -> decodeBind(id, seq, r);
            case BIND_TRANSMITTER_RESP, BIND_RECEIVER_RESP, BIND_TRANSCEIVER_RESP -> decodeBindResp(id, seq, status, r);
            case OUTBIND -> new Outbind(seq,
                    r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id"),
                    r.cString(Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password"));
            case UNBIND -> new Unbind(seq);
            case UNBIND_RESP -> new UnbindResp(seq, status);
            case ENQUIRE_LINK -> new EnquireLink(seq);
            case ENQUIRE_LINK_RESP -> new EnquireLinkResp(seq, status);
            case GENERIC_NACK -> new GenericNack(seq, status);
            case SUBMIT_SM, DELIVER_SM -> decodeShortMessage(id, seq, r);
            case SUBMIT_SM_RESP, DELIVER_SM_RESP -> decodeMessageIdResp(id, seq, status, r);
            case SUBMIT_MULTI -> decodeSubmitMulti(seq, r);
            case SUBMIT_MULTI_RESP -> decodeSubmitMultiResp(seq, status, r);
            case DATA_SM -> new DataSm(seq, r.serviceType(),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "destination_addr"),
                    r.u8("esm_class"), r.u8("registered_delivery"), r.u8("data_coding"), r.tlvs());
            case DATA_SM_RESP -> r.isEmpty() ? new DataSmResp(seq, status, "", Tlvs.EMPTY)
                    : new DataSmResp(seq, status, r.messageId(), r.tlvs());
            case QUERY_SM -> new QuerySm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"));
            case QUERY_SM_RESP -> r.isEmpty() ? new QuerySmResp(seq, status, "", "", 0, 0)
                    : new QuerySmResp(seq, status, r.messageId(),
                            r.time(CommandStatus.ESME_RQUERYFAIL, "final_date"), r.u8("message_state"),
                            r.u8("error_code"));
            case CANCEL_SM -> new CancelSm(seq, r.serviceType(), r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr"));
            case CANCEL_SM_RESP -> new CancelSmResp(seq, status);
            case REPLACE_SM -> new ReplaceSm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time"),
                    r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period"),
                    r.u8("registered_delivery"), r.u8("sm_default_msg_id"), r.shortMessage());
            case REPLACE_SM_RESP -> new ReplaceSmResp(seq, status);
            case ALERT_NOTIFICATION -> new AlertNotification(seq,
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVSRCADR, "source_addr"),
                    r.address(Limits.ADDR_65, CommandStatus.ESME_RINVDSTADR, "esme_addr"), r.tlvs());
            case BROADCAST_SM -> new BroadcastSm(seq, r.serviceType(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.messageId(),
                    r.u8("priority_flag"), r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time"),
                    r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period"), r.u8("replace_if_present_flag"),
                    r.u8("data_coding"), r.u8("sm_default_msg_id"), r.tlvs());
            case BROADCAST_SM_RESP -> r.isEmpty() ? new BroadcastSmResp(seq, status, "", Tlvs.EMPTY)
                    : new BroadcastSmResp(seq, status, r.messageId(), r.tlvs());
            case QUERY_BROADCAST_SM -> new QueryBroadcastSm(seq, r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.tlvs());
            case QUERY_BROADCAST_SM_RESP -> r.isEmpty() ? new QueryBroadcastSmResp(seq, status, "", Tlvs.EMPTY)
                    : new QueryBroadcastSmResp(seq, status, r.messageId(), r.tlvs());
            case CANCEL_BROADCAST_SM -> new CancelBroadcastSm(seq, r.serviceType(), r.messageId(),
                    r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr"), r.tlvs());
            case CANCEL_BROADCAST_SM_RESP -> new CancelBroadcastSmResp(seq, status);
        };
    }

    private static Bind decodeBind(CommandId id, int seq, FieldReader r) throws PduDecodeException {
        String systemId = r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        String password = r.cString(Limits.PASSWORD, CommandStatus.ESME_RINVPASWD, "password");
        String systemType = r.cString(Limits.SYSTEM_TYPE, CommandStatus.ESME_RINVSYSTYP, "system_type");
        int version = r.u8("interface_version");
        int ton = r.u8("addr_ton");
        int npi = r.u8("addr_npi");
        String range = r.cString(Limits.ADDRESS_RANGE, CommandStatus.ESME_RBINDFAIL, "address_range");
        return switch (id) {
            case BIND_TRANSMITTER -> new BindTransmitter(seq, systemId, password, systemType, version, ton, npi, range);
            case BIND_RECEIVER -> new BindReceiver(seq, systemId, password, systemType, version, ton, npi, range);
            default -> new BindTransceiver(seq, systemId, password, systemType, version, ton, npi, range);
        };
    }

    private static BindResp decodeBindResp(CommandId id, int seq, CommandStatus status, FieldReader r)
            throws PduDecodeException {
        String systemId = r.isEmpty() ? "" : r.cString(Limits.SYSTEM_ID, CommandStatus.ESME_RINVSYSID, "system_id");
        Tlvs tlvs = r.tlvs();
        return switch (id) {
            case BIND_TRANSMITTER_RESP -> new BindTransmitterResp(seq, status, systemId, tlvs);
            case BIND_RECEIVER_RESP -> new BindReceiverResp(seq, status, systemId, tlvs);
            default -> new BindTransceiverResp(seq, status, systemId, tlvs);
        };
    }

    private static ShortMessagePdu decodeShortMessage(CommandId id, int seq, FieldReader r) throws PduDecodeException {
        String serviceType = r.serviceType();
        Address source = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Address dest = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
        int esmClass = r.u8("esm_class");
        int protocolId = r.u8("protocol_id");
        int priority = r.u8("priority_flag");
        String schedule = r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        String validity = r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period");
        int registered = r.u8("registered_delivery");
        int replace = r.u8("replace_if_present_flag");
        int dataCoding = r.u8("data_coding");
        int defaultMsgId = r.u8("sm_default_msg_id");
        byte[] sm = r.shortMessage();
        Tlvs tlvs = r.tlvs();
        // both readers checked every string above (size, NUL, one octet a character): the record
        // need not scan them again
        CheckedOnWire checked = r.checkedOnWire();
        checked.begin();
        try {
            return ShortMessagePdu.constructor(id).make(seq, serviceType, source, dest, esmClass, protocolId,
                    priority, schedule, validity, registered, replace, dataCoding, defaultMsgId, sm, tlvs);
        } finally {
            checked.end();
        }
    }

    private static Pdu decodeMessageIdResp(CommandId id, int seq, CommandStatus status, FieldReader r)
            throws PduDecodeException {
        String messageId = r.isEmpty() ? "" : r.messageId();
        return id == CommandId.SUBMIT_SM_RESP ? new SubmitSmResp(seq, status, messageId)
                : new DeliverSmResp(seq, status, messageId);
    }

    private static SubmitMulti decodeSubmitMulti(int seq, FieldReader r) throws PduDecodeException {
        String serviceType = r.serviceType();
        Address source = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        int count = r.u8("number_of_dests");
        if (count == 0 || count > Limits.MAX_DESTS) {
            throw r.fail(CommandStatus.ESME_RINVNUMDESTS, "number_of_dests is " + count);
        }
        List<DestAddress> dests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int flag = r.u8("dest_flag");
            if (flag == DestAddress.SME_ADDRESS) {
                dests.add(new DestAddress.Sme(r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR,
                        "destination_addr")));
            } else if (flag == DestAddress.DISTRIBUTION_LIST) {
                dests.add(new DestAddress.DistributionList(
                        r.cString(Limits.DL_NAME, CommandStatus.ESME_RINVDLNAME, "dl_name")));
            } else {
                throw r.fail(CommandStatus.ESME_RINVDESTFLAG, "dest_flag " + flag + " is neither 1 nor 2");
            }
        }
        int esmClass = r.u8("esm_class");
        int protocolId = r.u8("protocol_id");
        int priority = r.u8("priority_flag");
        String schedule = r.time(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        String validity = r.time(CommandStatus.ESME_RINVEXPIRY, "validity_period");
        int registered = r.u8("registered_delivery");
        int replace = r.u8("replace_if_present_flag");
        int dataCoding = r.u8("data_coding");
        int defaultMsgId = r.u8("sm_default_msg_id");
        byte[] sm = r.shortMessage();
        return new SubmitMulti(seq, serviceType, source, dests, esmClass, protocolId, priority, schedule, validity,
                registered, replace, dataCoding, defaultMsgId, sm, r.tlvs());
    }

    private static SubmitMultiResp decodeSubmitMultiResp(int seq, CommandStatus status, FieldReader r)
            throws PduDecodeException {
        if (r.isEmpty()) {
            return new SubmitMultiResp(seq, status, "", List.of());
        }
        String messageId = r.messageId();
        int count = r.u8("no_unsuccess");
        if (count > Limits.MAX_DESTS) {
            throw r.fail(CommandStatus.ESME_RINVNUMDESTS, "no_unsuccess is " + count);
        }
        List<UnsuccessSme> failed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Address a = r.address(Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
            failed.add(new UnsuccessSme(a, CommandStatus.of(r.i32("error_status_code"))));
        }
        return new SubmitMultiResp(seq, status, messageId, failed);
    }

    /**
     * The fields of one body, in the order a PDU's layout reads them ({@link #decodeBody} is that
     * layout, written once): {@link BodyReader} checks every field and names the failure,
     * {@link ArrayReader} reads a clean body fast and gives up on anything else.
     */
    private interface FieldReader {

        PduDecodeException fail(CommandStatus status, String message);

        boolean isEmpty();

        int u8(String field) throws PduDecodeException;

        int i32(String field) throws PduDecodeException;

        /** A C-Octet String of at most {@code size} octets including its NUL. */
        String cString(int size, CommandStatus status, String field) throws PduDecodeException;

        /** An SMPP time: empty, or exactly 16 characters (§7.1.1); the contents are checked later. */
        String time(CommandStatus status, String field) throws PduDecodeException;

        Address address(int size, CommandStatus status, String field) throws PduDecodeException;

        byte[] shortMessage() throws PduDecodeException;

        /** The optional parameters up to the end of the body (§3.2.4). */
        Tlvs tlvs() throws PduDecodeException;

        default String serviceType() throws PduDecodeException {
            return cString(Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        }

        default String messageId() throws PduDecodeException {
            return cString(Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        }

        /** This thread's mark for records built from the strings read here. */
        default CheckedOnWire checkedOnWire() {
            return CheckedOnWire.current();
        }
    }

    /** Thrown by {@link ArrayReader} at the first field that is not clean: no message, no stack trace. */
    private static final class NotClean extends RuntimeException {
        static final NotClean INSTANCE = new NotClean();

        private NotClean() {
            super(null, null, false, false);
        }
    }

    /** A clean body in {@code a[p, end)}, read without per-field checks of a buffer. */
    private static final class ArrayReader implements FieldReader {
        /** The thread's copy of a direct-buffer frame for the fast path. */
        final byte[] scratch = new byte[SCRATCH_SIZE];
        /** The thread's mark, looked up once: the reader belongs to the same thread. */
        private final CheckedOnWire checked = CheckedOnWire.current();
        private byte[] a;
        private int end;
        int p;

        ArrayReader reset(byte[] a, int p, int end) {
            this.a = a;
            this.p = p;
            this.end = end;
            return this;
        }

        @Override
        public PduDecodeException fail(CommandStatus status, String message) {
            throw NotClean.INSTANCE;
        }

        @Override
        public boolean isEmpty() {
            return p == end;
        }

        @Override
        public CheckedOnWire checkedOnWire() {
            return checked;
        }

        @Override
        public int u8(String field) {
            if (p >= end) {
                throw NotClean.INSTANCE;
            }
            return a[p++] & 0xFF;
        }

        @Override
        public int i32(String field) {
            if (end - p < 4) {
                throw NotClean.INSTANCE;
            }
            int v = getInt(a, p);
            p += 4;
            return v;
        }

        @Override
        public String cString(int size, CommandStatus status, String field) {
            if (p < end && a[p] == 0) {
                p++; // empty, as service_type mostly is: no scan
                return "";
            }
            return upTo(nul(a, p, size, end));
        }

        @Override
        public String time(CommandStatus status, String field) {
            return upTo(timeEnd(a, p, end));
        }

        /** The string up to the NUL at {@code q}, which the reader then passes. */
        private String upTo(int q) {
            if (q < 0) {
                throw NotClean.INSTANCE;
            }
            String s = latin1(a, p, q);
            p = q + 1;
            return s;
        }

        @Override
        public Address address(int size, CommandStatus status, String field) {
            if (end - p < 2) {
                throw NotClean.INSTANCE;
            }
            int ton = a[p] & 0xFF;
            int npi = a[p + 1] & 0xFF;
            p += 2;
            return new Address(ton, npi, cString(size, status, field));
        }

        @Override
        public byte[] shortMessage() {
            int len = u8("sm_length");
            if (len > end - p) {
                throw NotClean.INSTANCE;
            }
            p += len;
            return Arrays.copyOfRange(a, p - len, p);
        }

        @Override
        public Tlvs tlvs() {
            if (p == end) {
                return Tlvs.EMPTY;
            }
            if (Tlvs.firstBad(a, p, end) >= 0) {
                throw NotClean.INSTANCE;
            }
            byte[] wire = Arrays.copyOfRange(a, p, end);
            p = end;
            return Tlvs.ofDecoded(wire);
        }
    }

    /** Reads the fields of one body; every failure names the field and its SMPP status. */
    private static final class BodyReader implements FieldReader {
        private final ByteBuf buf;
        private final int rawId;
        private final int seq;

        BodyReader(ByteBuf buf, int rawId, int seq) {
            this.buf = buf;
            this.rawId = rawId;
            this.seq = seq;
        }

        @Override
        public PduDecodeException fail(CommandStatus status, String message) {
            return new PduDecodeException(rawId, seq, status, false, message);
        }

        @Override
        public boolean isEmpty() {
            return !buf.isReadable();
        }

        @Override
        public int u8(String field) throws PduDecodeException {
            if (!buf.isReadable()) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            return buf.readUnsignedByte();
        }

        @Override
        public int i32(String field) throws PduDecodeException {
            if (buf.readableBytes() < 4) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            return buf.readInt();
        }

        /** A C-Octet String of at most {@code size} octets including its NUL. */
        @SuppressWarnings("deprecation") // String(byte[], int hibyte, int, int): the plain Latin-1 copy wanted
        @Override
        public String cString(int size, CommandStatus status, String field) throws PduDecodeException {
            ByteBuf buf = this.buf;
            int start = buf.readerIndex();
            int readable = buf.writerIndex() - start;
            if (readable == 0) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field);
            }
            int limit = start + Math.min(size, readable);
            int nul = -1;
            String s;
            if (buf.hasArray()) {
                // heap buffer: scan and copy the backing array directly, no indexOf/charset dispatch
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                for (int i = base + start, end = base + limit; i < end; i++) {
                    if (a[i] == 0) {
                        nul = i - base;
                        break;
                    }
                }
                if (nul < 0) {
                    throw noNul(size, readable, status, field);
                }
                // Latin-1: each octet is the character of the same value (the NUL scan above
                // guarantees 0x01..0xFF, which is what the records' constructors check again).
                s = nul == start ? "" : new String(a, 0, base + start, nul - start);
            } else {
                nul = buf.indexOf(start, limit, (byte) 0);
                if (nul < 0) {
                    throw noNul(size, readable, status, field);
                }
                s = nul == start ? "" : buf.toString(start, nul - start, StandardCharsets.ISO_8859_1);
            }
            buf.readerIndex(nul + 1);
            return s;
        }

        private PduDecodeException noNul(int size, int readable, CommandStatus status, String field) {
            if (readable < size) {
                return fail(CommandStatus.ESME_RINVCMDLEN, field + " has no terminating NUL before the end of the body");
            }
            return fail(status, field + " is longer than " + (size - 1) + " octets");
        }

        /** An SMPP time: empty, or exactly 16 characters (§7.1.1); the contents are checked later. */
        @Override
        public String time(CommandStatus status, String field) throws PduDecodeException {
            String s = cString(Limits.TIME, status, field);
            if (!s.isEmpty() && s.length() != Limits.TIME - 1) {
                throw fail(status, field + " must be empty or 16 characters, was " + s.length());
            }
            return s;
        }

        @Override
        public Address address(int size, CommandStatus status, String field) throws PduDecodeException {
            // the field names are built only on failure: concatenating them up front cost two
            // Strings per address on every decode.
            int readable = buf.readableBytes();
            if (readable < 2) {
                throw fail(CommandStatus.ESME_RINVCMDLEN, "body ends before " + field + (readable == 0 ? "_ton" : "_npi"));
            }
            int ton = buf.readUnsignedByte();
            int npi = buf.readUnsignedByte();
            String addr = cString(size, status, field);
            return new Address(ton, npi, addr);
        }

        @Override
        public byte[] shortMessage() throws PduDecodeException {
            int len = u8("sm_length");
            if (len > buf.readableBytes()) {
                throw fail(CommandStatus.ESME_RINVMSGLEN,
                        "sm_length " + len + " exceeds the " + buf.readableBytes() + " octets left in the body");
            }
            byte[] sm = new byte[len];
            buf.readBytes(sm);
            return sm;
        }

        /**
         * The optional parameters up to the end of the body (§3.2.4): every header and length is
         * checked in wire order (so the first bad TLV is the one reported), then the octets are
         * kept as they are.
         */
        @Override
        public Tlvs tlvs() throws PduDecodeException {
            ByteBuf buf = this.buf;
            int start = buf.readerIndex();
            int end = buf.writerIndex();
            if (start == end) {
                return Tlvs.EMPTY;
            }
            byte[] wire = new byte[end - start];
            buf.getBytes(start, wire);
            buf.readerIndex(end);
            int bad = Tlvs.firstBad(wire, 0, wire.length);
            if (bad >= 0) {
                PduValidationException e = PduValidationException.of(Tlvs.problemAt(wire, bad, wire.length));
                throw fail(e.status(), e.getCause().getMessage());
            }
            return Tlvs.ofDecoded(wire);
        }
    }


    /** Eight octets at a time for the NUL scan. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final int SCRATCH_SIZE = 1024;

}
