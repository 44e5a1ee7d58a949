package io.tern.smpp.tlv;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduValidationException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.RandomAccess;

/**
 * The optional parameters of one PDU, in wire order, with typed accessors for the standard tags
 * that have structure (SMPP 3.4 §5.3.2). Immutable; build new sets with {@link #builder()}.
 */
public final class Tlvs {

    public static final Tlvs EMPTY = new Tlvs(List.of());

    private final List<Tlv> list;

    private Tlvs(List<Tlv> list) {
        this.list = list;
    }

    public static Tlvs of(List<Tlv> tlvs) {
        if (tlvs.isEmpty()) {
            return EMPTY;
        }
        for (Tlv t : tlvs) {
            TlvTag def = t.definition();
            if (def != null && !def.accepts(t.value().length)) {
                throw new PduValidationException(CommandStatus.ESME_RINVPARLEN,
                        def.specName() + " must be " + def.minLength() + ".." + def.maxLength()
                                + " octets, was " + t.value().length);
            }
        }
        return new Tlvs(List.copyOf(tlvs));
    }

    public static Tlvs of(Tlv... tlvs) {
        return of(Arrays.asList(tlvs));
    }

    /**
     * Wraps a list whose lengths the decoder has already checked against {@link TlvTag}; the
     * caller hands the list over and must not touch it again.
     */
    public static Tlvs ofDecoded(List<Tlv> tlvs) {
        return tlvs.isEmpty() ? EMPTY : new Tlvs(Collections.unmodifiableList(tlvs));
    }

    /**
     * Wraps an array of TLVs whose lengths the decoder has already checked against
     * {@link TlvTag}; the caller hands the array over and must not touch it again. One list object
     * over the exact array, instead of an ArrayList, its array and an unmodifiable wrapper.
     */
    public static Tlvs ofDecoded(Tlv[] tlvs) {
        return tlvs.length == 0 ? EMPTY : new Tlvs(new ArrayView(tlvs));
    }

    /** An immutable list over an array it owns. */
    private static final class ArrayView extends AbstractList<Tlv> implements RandomAccess {
        private final Tlv[] a;

        ArrayView(Tlv[] a) {
            this.a = a;
        }

        @Override
        public Tlv get(int index) {
            return a[index];
        }

        @Override
        public int size() {
            return a.length;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.list.addAll(list);
        return b;
    }

    public List<Tlv> asList() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    public int encodedLength() {
        int n = 0;
        for (int i = 0, size = list.size(); i < size; i++) {
            n += list.get(i).encodedLength();
        }
        return n;
    }

    /** The TLVs as they appear on the wire, for storing them with a message. */
    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        int i = 0;
        for (Tlv t : list) {
            byte[] v = t.value();
            out[i++] = (byte) (t.tag() >> 8);
            out[i++] = (byte) t.tag();
            out[i++] = (byte) (v.length >> 8);
            out[i++] = (byte) v.length;
            System.arraycopy(v, 0, out, i, v.length);
            i += v.length;
        }
        return out;
    }

    /** Reads TLVs written by {@link #toBytes()}; malformed input is an {@link IllegalArgumentException}. */
    public static Tlvs fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        List<Tlv> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            if (bytes.length - i < 4) {
                throw new IllegalArgumentException("truncated TLV header at " + i);
            }
            int tag = ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
            int len = ((bytes[i + 2] & 0xFF) << 8) | (bytes[i + 3] & 0xFF);
            i += 4;
            if (len > bytes.length - i) {
                throw new IllegalArgumentException("TLV 0x" + Integer.toHexString(tag) + " runs past the end");
            }
            out.add(new Tlv(tag, Arrays.copyOfRange(bytes, i, i + len)));
            i += len;
        }
        return of(out);
    }

    public Optional<Tlv> get(int tag) {
        for (Tlv t : list) {
            if (t.tag() == tag) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public Optional<Tlv> get(TlvTag tag) {
        return get(tag.code());
    }

    public boolean has(TlvTag tag) {
        int code = tag.code();
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i).tag() == code) {
                return true;
            }
        }
        return false;
    }

    private OptionalInt intOf(TlvTag tag) {
        for (Tlv t : list) {
            if (t.tag() == tag.code()) {
                return OptionalInt.of(t.intValue());
            }
        }
        return OptionalInt.empty();
    }

    private Optional<String> stringOf(TlvTag tag) {
        return get(tag).map(Tlv::stringValue);
    }

    public Optional<byte[]> messagePayload() {
        return get(TlvTag.MESSAGE_PAYLOAD).map(Tlv::value);
    }

    public Optional<String> receiptedMessageId() {
        return stringOf(TlvTag.RECEIPTED_MESSAGE_ID);
    }

    /** message_state (§5.3.2.35), the raw value; see {@code io.tern.smpp.pdu.MessageState}. */
    public OptionalInt messageState() {
        return intOf(TlvTag.MESSAGE_STATE);
    }

    public Optional<NetworkErrorCode> networkErrorCode() {
        return get(TlvTag.NETWORK_ERROR_CODE).map(t -> NetworkErrorCode.decode(t.value()));
    }

    public OptionalInt sarMsgRefNum() {
        return intOf(TlvTag.SAR_MSG_REF_NUM);
    }

    public OptionalInt sarTotalSegments() {
        return intOf(TlvTag.SAR_TOTAL_SEGMENTS);
    }

    public OptionalInt sarSegmentSeqnum() {
        return intOf(TlvTag.SAR_SEGMENT_SEQNUM);
    }

    public OptionalInt userMessageReference() {
        return intOf(TlvTag.USER_MESSAGE_REFERENCE);
    }

    public OptionalInt sourcePort() {
        return intOf(TlvTag.SOURCE_PORT);
    }

    public OptionalInt destinationPort() {
        return intOf(TlvTag.DESTINATION_PORT);
    }

    public OptionalInt msAvailabilityStatus() {
        return intOf(TlvTag.MS_AVAILABILITY_STATUS);
    }

    public OptionalInt setDpf() {
        return intOf(TlvTag.SET_DPF);
    }

    public OptionalInt dpfResult() {
        return intOf(TlvTag.DPF_RESULT);
    }

    public OptionalInt deliveryFailureReason() {
        return intOf(TlvTag.DELIVERY_FAILURE_REASON);
    }

    public OptionalInt moreMessagesToSend() {
        return intOf(TlvTag.MORE_MESSAGES_TO_SEND);
    }

    public OptionalInt scInterfaceVersion() {
        return intOf(TlvTag.SC_INTERFACE_VERSION);
    }

    public OptionalInt payloadType() {
        return intOf(TlvTag.PAYLOAD_TYPE);
    }

    public OptionalInt qosTimeToLive() {
        return intOf(TlvTag.QOS_TIME_TO_LIVE);
    }

    public Optional<CallbackNum> callbackNum() {
        return get(TlvTag.CALLBACK_NUM).map(t -> CallbackNum.decode(t.value()));
    }

    public Optional<String> additionalStatusInfoText() {
        return stringOf(TlvTag.ADDITIONAL_STATUS_INFO_TEXT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlvs other && other.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }

    /** network_error_code (§5.3.2.31): network type (1 ANSI-136, 2 IS-95, 3 GSM, ...) and error code. */
    public record NetworkErrorCode(int networkType, int errorCode) {
        public NetworkErrorCode {
            if (networkType < 0 || networkType > 0xFF || errorCode < 0 || errorCode > 0xFFFF) {
                throw new PduValidationException(CommandStatus.ESME_RINVOPTPARAMVAL, "network_error_code out of range");
            }
        }

        static NetworkErrorCode decode(byte[] v) {
            return new NetworkErrorCode(v[0] & 0xFF, ((v[1] & 0xFF) << 8) | (v[2] & 0xFF));
        }

        public byte[] encode() {
            return new byte[] {(byte) networkType, (byte) (errorCode >> 8), (byte) errorCode};
        }
    }

    /** callback_num (§5.3.2.36): digit mode indicator, TON, NPI and the digits. */
    public record CallbackNum(int digitModeIndicator, int ton, int npi, String digits) {
        static CallbackNum decode(byte[] v) {
            return new CallbackNum(v[0] & 0xFF, v[1] & 0xFF, v[2] & 0xFF,
                    new String(v, 3, v.length - 3, StandardCharsets.ISO_8859_1));
        }

        public byte[] encode() {
            byte[] d = digits.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[3 + d.length];
            out[0] = (byte) digitModeIndicator;
            out[1] = (byte) ton;
            out[2] = (byte) npi;
            System.arraycopy(d, 0, out, 3, d.length);
            return out;
        }
    }

    /** Builds a TLV set; the typed adders encode values in the spec's formats. */
    public static final class Builder {
        private final List<Tlv> list = new ArrayList<>();

        public Builder add(Tlv tlv) {
            list.add(tlv);
            return this;
        }

        /** Adds or replaces the TLV with this tag. */
        public Builder put(Tlv tlv) {
            list.removeIf(t -> t.tag() == tlv.tag());
            list.add(tlv);
            return this;
        }

        public Builder remove(TlvTag tag) {
            list.removeIf(t -> t.tag() == tag.code());
            return this;
        }

        public Builder raw(int tag, byte[] value) {
            return put(new Tlv(tag, value.clone()));
        }

        public Builder uint8(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {(byte) value}));
        }

        public Builder uint16(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {(byte) (value >> 8), (byte) value}));
        }

        public Builder uint32(TlvTag tag, int value) {
            return put(new Tlv(tag.code(), new byte[] {
                (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value}));
        }

        /** A C-Octet String value (NUL-terminated on the wire). */
        public Builder cString(TlvTag tag, String value) {
            byte[] s = value.getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = Arrays.copyOf(s, s.length + 1);
            return put(new Tlv(tag.code(), v));
        }

        public Builder messagePayload(byte[] payload) {
            return put(new Tlv(TlvTag.MESSAGE_PAYLOAD.code(), payload.clone()));
        }

        public Builder receiptedMessageId(String messageId) {
            return cString(TlvTag.RECEIPTED_MESSAGE_ID, messageId);
        }

        public Builder messageState(int state) {
            return uint8(TlvTag.MESSAGE_STATE, state);
        }

        public Builder networkErrorCode(NetworkErrorCode code) {
            return put(new Tlv(TlvTag.NETWORK_ERROR_CODE.code(), code.encode()));
        }

        public Builder sar(int refNum, int totalSegments, int segmentSeqnum) {
            uint16(TlvTag.SAR_MSG_REF_NUM, refNum);
            uint8(TlvTag.SAR_TOTAL_SEGMENTS, totalSegments);
            return uint8(TlvTag.SAR_SEGMENT_SEQNUM, segmentSeqnum);
        }

        public Builder userMessageReference(int ref) {
            return uint16(TlvTag.USER_MESSAGE_REFERENCE, ref);
        }

        public Builder sourcePort(int port) {
            return uint16(TlvTag.SOURCE_PORT, port);
        }

        public Builder destinationPort(int port) {
            return uint16(TlvTag.DESTINATION_PORT, port);
        }

        public Builder msAvailabilityStatus(int status) {
            return uint8(TlvTag.MS_AVAILABILITY_STATUS, status);
        }

        public Builder setDpf(boolean set) {
            return uint8(TlvTag.SET_DPF, set ? 1 : 0);
        }

        public Builder dpfResult(int result) {
            return uint8(TlvTag.DPF_RESULT, result);
        }

        public Builder deliveryFailureReason(int reason) {
            return uint8(TlvTag.DELIVERY_FAILURE_REASON, reason);
        }

        public Builder moreMessagesToSend(boolean more) {
            return uint8(TlvTag.MORE_MESSAGES_TO_SEND, more ? 1 : 0);
        }

        public Builder scInterfaceVersion(int version) {
            return uint8(TlvTag.SC_INTERFACE_VERSION, version);
        }

        public Builder callbackNum(CallbackNum num) {
            return put(new Tlv(TlvTag.CALLBACK_NUM.code(), num.encode()));
        }

        public Tlvs build() {
            return Tlvs.of(list);
        }
    }
}
