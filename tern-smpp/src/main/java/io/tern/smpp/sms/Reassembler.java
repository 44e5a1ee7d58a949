package io.tern.smpp.sms;

import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.tlv.Tlvs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts the parts of a concatenated message back together (3GPP TS 23.040 §9.2.3.24.1, SMPP 3.4
 * §5.3.2.22): parts are grouped by source, destination, reference and total, may arrive in any
 * order, and duplicates are ignored. Memory is bounded: at most {@code maxPendingGroups} groups
 * wait, the oldest is evicted to make room, and {@link #expire} drops groups that waited too
 * long. Time is always passed in. Not thread-safe: one instance per session or event loop.
 */
public final class Reassembler {

    /** esm_class bit 6: the short_message starts with a user data header (§5.2.12). */
    private static final int UDHI = 0x40;

    /** What identifies the parts of one message. */
    public record GroupKey(String source, String destination, int ref, int total) {
        public GroupKey {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** A group given up on (expired or evicted) and the part numbers it never got. */
    public record Incomplete(GroupKey key, Instant firstSeen, List<Integer> missing) {
        public Incomplete {
            missing = List.copyOf(missing);
        }
    }

    /** What happened to one offered part. */
    public sealed interface Outcome
            permits Outcome.Completed, Outcome.Pending, Outcome.Duplicate, Outcome.Rejected {

        /** The last missing part arrived; {@code parts} are the bodies in sequence order. */
        record Completed(GroupKey key, List<byte[]> parts) implements Outcome {
            /** The bodies joined in order. */
            public byte[] joined() {
                int n = 0;
                for (byte[] p : parts) {
                    n += p.length;
                }
                byte[] out = new byte[n];
                int o = 0;
                for (byte[] p : parts) {
                    System.arraycopy(p, 0, out, o, p.length);
                    o += p.length;
                }
                return out;
            }
        }

        /** Stored; {@code received} of {@code key.total()} parts are in. */
        record Pending(GroupKey key, int received) implements Outcome {
        }

        /** A part number already received for this group; the first copy is kept. */
        record Duplicate(GroupKey key, int seq) implements Outcome {
        }

        /** Numbers that cannot belong to a concatenated message (total or seq out of 1..255). */
        record Rejected(String reason) implements Outcome {
        }
    }

    private static final class Group {
        final Instant firstSeen;
        final byte[][] parts;
        int received;

        Group(Instant firstSeen, int total) {
            this.firstSeen = firstSeen;
            this.parts = new byte[total][];
        }

        List<Integer> missing() {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] == null) {
                    missing.add(i + 1);
                }
            }
            return missing;
        }
    }

    private final int maxPendingGroups;
    /** Insertion order is arrival order of each group's first part: the head is the oldest. */
    private final LinkedHashMap<GroupKey, Group> pending = new LinkedHashMap<>();
    private final List<Incomplete> evicted = new ArrayList<>();

    /** @param maxPendingGroups how many incomplete groups may wait at once, at least 1 */
    public Reassembler(int maxPendingGroups) {
        if (maxPendingGroups < 1) {
            throw new IllegalArgumentException("maxPendingGroups must be at least 1: " + maxPendingGroups);
        }
        this.maxPendingGroups = maxPendingGroups;
    }

    /** Offers one part ({@code seq} of {@code key.total()}), received at {@code now}. */
    public Outcome accept(GroupKey key, int seq, byte[] body, Instant now) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        if (key.total() < 1 || key.total() > MessageSplitter.MAX_PARTS) {
            return new Outcome.Rejected("total " + key.total() + " outside 1..255");
        }
        if (seq < 1 || seq > key.total()) {
            return new Outcome.Rejected("part " + seq + " outside 1.." + key.total());
        }
        if (key.total() == 1) {
            return new Outcome.Completed(key, List.of(body.clone()));
        }
        Group group = pending.get(key);
        if (group == null) {
            if (pending.size() == maxPendingGroups) {
                Iterator<Map.Entry<GroupKey, Group>> oldest = pending.entrySet().iterator();
                Map.Entry<GroupKey, Group> e = oldest.next();
                if (evicted.size() == maxPendingGroups) {
                    // XXX: reports nobody drains are dropped oldest first, to keep memory bounded
                    evicted.remove(0);
                }
                evicted.add(new Incomplete(e.getKey(), e.getValue().firstSeen, e.getValue().missing()));
                oldest.remove();
            }
            group = new Group(now, key.total());
            pending.put(key, group);
        }
        if (group.parts[seq - 1] != null) {
            return new Outcome.Duplicate(key, seq);
        }
        group.parts[seq - 1] = body.clone();
        group.received++;
        if (group.received < group.parts.length) {
            return new Outcome.Pending(key, group.received);
        }
        pending.remove(key);
        return new Outcome.Completed(key, List.of(group.parts));
    }

    /**
     * Offers a received submit_sm or deliver_sm as it came off the wire. Its place in a
     * concatenated message is read from the UDH when esm_class has UDHI set (0x40; 8- or 16-bit
     * reference), otherwise from the sar_msg_ref_num / sar_total_segments / sar_segment_seqnum
     * TLVs; a message with neither is complete on its own. Parts are grouped by source and
     * destination address. The body kept is the short_message, or the message_payload when the
     * short_message is empty, without the UDH. A UDHI message whose UDH does not parse, or that
     * has only some of the sar_* TLVs, is {@link Outcome.Rejected}.
     */
    public Outcome accept(ShortMessagePdu pdu, Instant now) {
        byte[] userData = pdu.shortMessage();
        if (userData.length == 0) {
            userData = pdu.tlvs().messagePayload().orElse(userData);
        }
        String source = pdu.sourceAddr().address();
        String destination = pdu.destinationAddr().address();
        if ((pdu.esmClass() & UDHI) != 0) {
            Udh.Parsed parsed = Udh.parse(userData);
            if (parsed instanceof Udh.Parsed.Malformed m) {
                return new Outcome.Rejected("UDH " + m.defect() + " at octet " + m.offset());
            }
            Udh.Parsed.Ok ok = (Udh.Parsed.Ok) parsed;
            byte[] body = Arrays.copyOfRange(userData, ok.bodyOffset(), userData.length);
            Optional<InformationElement.Concatenation> c = ok.udh().concatenation();
            if (c.isPresent()) {
                return accept(new GroupKey(source, destination, c.get().ref(), c.get().total()), c.get().seq(),
                        body, now);
            }
            return accept(new GroupKey(source, destination, 0, 1), 1, body, now);
        }
        Tlvs tlvs = pdu.tlvs();
        OptionalInt ref = tlvs.sarMsgRefNum();
        OptionalInt total = tlvs.sarTotalSegments();
        OptionalInt seq = tlvs.sarSegmentSeqnum();
        if (ref.isPresent() && total.isPresent() && seq.isPresent()) {
            return accept(new GroupKey(source, destination, ref.getAsInt(), total.getAsInt()), seq.getAsInt(),
                    userData, now);
        }
        if (ref.isPresent() || total.isPresent() || seq.isPresent()) {
            return new Outcome.Rejected("sar_msg_ref_num, sar_total_segments and sar_segment_seqnum must come together");
        }
        return accept(new GroupKey(source, destination, 0, 1), 1, userData, now);
    }

    /**
     * Removes and reports every group whose first part arrived more than {@code maxAge} before
     * {@code now}, with the part numbers still missing.
     */
    public List<Incomplete> expire(Instant now, Duration maxAge) {
        Instant cutoff = now.minus(maxAge);
        List<Incomplete> expired = new ArrayList<>();
        Iterator<Map.Entry<GroupKey, Group>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<GroupKey, Group> e = it.next();
            // not ordered by time: a caller may pass an earlier 'now' than a previous accept
            if (e.getValue().firstSeen.isBefore(cutoff)) {
                expired.add(new Incomplete(e.getKey(), e.getValue().firstSeen, e.getValue().missing()));
                it.remove();
            }
        }
        return expired;
    }

    /**
     * Groups evicted for room since the last call, oldest first; the list is then cleared. At
     * most {@code maxPendingGroups} reports are kept between calls.
     */
    public List<Incomplete> drainEvicted() {
        List<Incomplete> out = List.copyOf(evicted);
        evicted.clear();
        return out;
    }

    /** Incomplete groups waiting now. */
    public int pendingGroups() {
        return pending.size();
    }
}
