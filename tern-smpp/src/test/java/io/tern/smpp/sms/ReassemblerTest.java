package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.sms.Reassembler.GroupKey;
import io.tern.smpp.sms.Reassembler.Incomplete;
import io.tern.smpp.sms.Reassembler.Outcome;
import io.tern.smpp.tlv.Tlvs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassemblerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final GroupKey KEY = new GroupKey("4915100000", "1234", 42, 3);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void completesWhenPartsArriveOutOfOrder() {
        Reassembler r = new Reassembler(10);
        assertThat(r.accept(KEY, 3, b("three"), T0)).isEqualTo(new Outcome.Pending(KEY, 1));
        assertThat(r.accept(KEY, 1, b("one-"), T0)).isEqualTo(new Outcome.Pending(KEY, 2));
        Outcome last = r.accept(KEY, 2, b("two-"), T0.plusSeconds(1));
        assertThat(last).isInstanceOfSatisfying(Outcome.Completed.class,
                c -> assertThat(new String(c.joined(), StandardCharsets.US_ASCII)).isEqualTo("one-two-three"));
        assertThat(r.pendingGroups()).isZero();
    }

    @Test
    void ignoresADuplicatePartAndKeepsTheFirstCopy() {
        Reassembler r = new Reassembler(10);
        r.accept(KEY, 1, b("a"), T0);
        assertThat(r.accept(KEY, 1, b("X"), T0)).isEqualTo(new Outcome.Duplicate(KEY, 1));
        r.accept(KEY, 2, b("b"), T0);
        Outcome done = r.accept(KEY, 3, b("c"), T0);
        assertThat(((Outcome.Completed) done).joined()).isEqualTo(b("abc"));
    }

    @Test
    void keepsGroupsFromDifferentSendersApart() {
        Reassembler r = new Reassembler(10);
        GroupKey other = new GroupKey("4915199999", "1234", 42, 3);
        r.accept(KEY, 1, b("a"), T0);
        r.accept(other, 2, b("y"), T0);
        r.accept(KEY, 2, b("b"), T0);
        assertThat(r.accept(other, 1, b("x"), T0)).isEqualTo(new Outcome.Pending(other, 2));
        assertThat(r.pendingGroups()).isEqualTo(2);
    }

    @Test
    void reportsMissingPartNumbersOfExpiredGroups() {
        Reassembler r = new Reassembler(10);
        GroupKey fresh = new GroupKey("a", "b", 7, 2);
        r.accept(KEY, 2, b("b"), T0);
        r.accept(fresh, 1, b("x"), T0.plusSeconds(100));
        List<Incomplete> expired = r.expire(T0.plusSeconds(120), Duration.ofSeconds(60));
        assertThat(expired).containsExactly(new Incomplete(KEY, T0, List.of(1, 3)));
        assertThat(r.pendingGroups()).isEqualTo(1);
        assertThat(r.expire(T0.plusSeconds(120), Duration.ofSeconds(60))).isEmpty();
    }

    @Test
    void evictsTheOldestGroupWhenFull() {
        Reassembler r = new Reassembler(2);
        GroupKey second = new GroupKey("a", "b", 2, 2);
        GroupKey third = new GroupKey("a", "b", 3, 2);
        r.accept(KEY, 1, b("1"), T0);
        r.accept(second, 1, b("1"), T0.plusSeconds(1));
        r.accept(third, 2, b("2"), T0.plusSeconds(2));
        assertThat(r.pendingGroups()).isEqualTo(2);
        assertThat(r.drainEvicted()).containsExactly(new Incomplete(KEY, T0, List.of(2, 3)));
        assertThat(r.drainEvicted()).isEmpty();
        assertThat(r.accept(second, 2, b("2"), T0)).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void completesASinglePartMessageAtOnce() {
        Reassembler r = new Reassembler(1);
        GroupKey single = new GroupKey("a", "b", 0, 1);
        assertThat(r.accept(single, 1, b("hi"), T0)).isInstanceOf(Outcome.Completed.class);
        assertThat(r.pendingGroups()).isZero();
    }

    @Test
    void rejectsImpossiblePartNumbers() {
        Reassembler r = new Reassembler(1);
        assertThat(r.accept(KEY, 0, b(""), T0)).isInstanceOf(Outcome.Rejected.class);
        assertThat(r.accept(KEY, 4, b(""), T0)).isInstanceOf(Outcome.Rejected.class);
        assertThat(r.accept(new GroupKey("a", "b", 1, 0), 1, b(""), T0)).isInstanceOf(Outcome.Rejected.class);
        assertThat(r.pendingGroups()).isZero();
    }

    @Test
    void requiresRoomForAtLeastOneGroup() {
        assertThatThrownBy(() -> new Reassembler(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reassemblesWhatTheSplitterProduced() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(9);
        List<MessagePart> parts = MessageSplitter.withUdh(text, io.tern.smpp.charset.SmsEncoding.GSM7,
                MessageSplitter.ReferenceSize.EIGHT_BIT, 77);
        Reassembler r = new Reassembler(4);
        Outcome outcome = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            MessagePart p = parts.get(i);
            Udh.Parsed.Ok ok = (Udh.Parsed.Ok) Udh.parse(p.shortMessage());
            InformationElement.Concatenation c = ok.udh().concatenation().orElseThrow();
            byte[] sm = p.shortMessage();
            byte[] body = java.util.Arrays.copyOfRange(sm, ok.bodyOffset(), sm.length);
            outcome = r.accept(new GroupKey("src", "dst", c.ref(), c.total()), c.seq(), body, T0);
        }
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            byte[] joined = c.joined();
            assertThat(io.tern.smpp.charset.Gsm7.decodeUnpacked(joined, 0, joined.length)).isEqualTo(text);
        });
    }

    private static DeliverSm mo(int esmClass, byte[] shortMessage, Tlvs tlvs) {
        return new DeliverSm(1, "", Address.international("447700900123"), Address.of(0, 1, "8888"), esmClass, 0, 0,
                "", "", 0, 0, 0, 0, shortMessage, tlvs);
    }

    @Test
    void reassemblesDeliverSmPartsReadingTheirUdh() {
        String text = "Concatenated with a sixteen-bit reference, arriving backwards. ".repeat(6);
        List<MessagePart> parts = MessageSplitter.withUdh(text, io.tern.smpp.charset.SmsEncoding.GSM7,
                MessageSplitter.ReferenceSize.SIXTEEN_BIT, 0x1234);
        assertThat(parts).hasSizeGreaterThan(2);
        Reassembler r = new Reassembler(4);
        Outcome outcome = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            outcome = r.accept(mo(0x40, parts.get(i).shortMessage(), Tlvs.EMPTY), T0);
            if (i > 0) {
                assertThat(outcome).isInstanceOf(Outcome.Pending.class);
            }
        }
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            assertThat(c.key()).isEqualTo(new GroupKey("447700900123", "8888", 0x1234, parts.size()));
            byte[] joined = c.joined();
            assertThat(io.tern.smpp.charset.Gsm7.decodeUnpacked(joined, 0, joined.length)).isEqualTo(text);
        });
    }

    @Test
    void reassemblesPartsCarryingSarTlvsAndIgnoresARepeat() {
        String text = "Split for the sar_* TLVs, the text alone in each short_message. ".repeat(5);
        List<MessagePart> parts = MessageSplitter.sar(text, io.tern.smpp.charset.SmsEncoding.GSM7,
                MessageSplitter.ReferenceSize.EIGHT_BIT, 513);
        Reassembler r = new Reassembler(4);
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (MessagePart p : List.of(parts.get(1), parts.get(0), parts.get(1))) {
            outcomes.add(r.accept(mo(0, p.shortMessage(), Tlvs.builder().sar(513, parts.size(), p.seq()).build()), T0));
        }
        assertThat(outcomes.get(2)).isEqualTo(new Outcome.Duplicate(
                new GroupKey("447700900123", "8888", 513, parts.size()), 2));
        Outcome last = null;
        for (MessagePart p : parts.subList(2, parts.size())) {
            last = r.accept(mo(0, p.shortMessage(), Tlvs.builder().sar(513, parts.size(), p.seq()).build()), T0);
        }
        assertThat(last).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            byte[] joined = c.joined();
            assertThat(io.tern.smpp.charset.Gsm7.decodeUnpacked(joined, 0, joined.length)).isEqualTo(text);
        });
    }

    @Test
    void aMessageWithoutConcatenationIsCompleteOnItsOwnAndAPayloadCounts() {
        Reassembler r = new Reassembler(1);
        assertThat(r.accept(mo(0, new byte[] {'h', 'i'}, Tlvs.EMPTY), T0))
                .isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.joined()).containsExactly('h', 'i'));
        assertThat(r.accept(mo(0, new byte[0], Tlvs.builder().messagePayload(new byte[] {'o', 'k'}).build()), T0))
                .isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.joined()).containsExactly('o', 'k'));
        // a UDH without a concatenation element (port addressing only): one part, the UDH taken off
        byte[] ports = {0x06, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 'x'};
        assertThat(r.accept(mo(0x40, ports, Tlvs.EMPTY), T0))
                .isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.joined()).containsExactly('x'));
        assertThat(r.pendingGroups()).isZero();
    }

    @Test
    void rejectsAUdhThatDoesNotParseAndIncompleteSarTlvs() {
        Reassembler r = new Reassembler(1);
        assertThat(r.accept(mo(0x40, new byte[] {0x09, 0x00, 0x03}, Tlvs.EMPTY), T0))
                .isInstanceOfSatisfying(Outcome.Rejected.class,
                        x -> assertThat(x.reason()).contains("LENGTH_EXCEEDS_DATA"));
        Tlvs refOnly = Tlvs.builder().uint16(io.tern.smpp.tlv.TlvTag.SAR_MSG_REF_NUM, 7).build();
        assertThat(r.accept(mo(0, new byte[] {'a'}, refOnly), T0)).isInstanceOf(Outcome.Rejected.class);
        assertThat(r.pendingGroups()).isZero();
    }
}
