package io.tern.smpp.sms;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One short message of a split text, neutral to how the PDU layer carries it: with
 * {@code udhi} the concatenation UDH is inside {@code shortMessage} (esm_class UDHI, SMPP 3.4
 * §5.2.12); without it, {@code ref}, {@code total} and {@code seq} are the values for the
 * sar_msg_ref_num, sar_total_segments and sar_segment_seqnum TLVs (§5.3.2.22..24).
 * A message that fits in one part has {@code total == 1} and needs neither.
 */
public record MessagePart(byte[] shortMessage, boolean udhi, int ref, int total, int seq) {

    public MessagePart {
        shortMessage = shortMessage.clone();
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    /** Octets in the short message. */
    public int length() {
        return shortMessage.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessagePart p && p.udhi == udhi && p.ref == ref && p.total == total
                && p.seq == seq && Arrays.equals(p.shortMessage, shortMessage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shortMessage) * 31 + seq;
    }

    @Override
    public String toString() {
        return "MessagePart[" + seq + "/" + total + " ref=" + ref + " udhi=" + udhi + " "
                + HexFormat.of().formatHex(shortMessage) + "]";
    }
}
