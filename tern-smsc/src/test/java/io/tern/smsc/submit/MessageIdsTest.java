package io.tern.smsc.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.e2e.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void smpp33IdsFitEightCharactersAndNeverRepeatWithinOneMillisecond() {
        MessageIds ids = new MessageIds(at(1_800_000_000_000L));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next(MessageIds.Form.SMPP33);
            assertThat(id).hasSizeLessThanOrEqualTo(MessageIds.SMPP33_MAX_LENGTH).matches("[0-9a-f]{8}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void smpp33IdsAreTheLow32BitsOfTheMillisecondCount() {
        MessageIds ids = new MessageIds(at(0x1_2345_6789L));
        assertThat(ids.next(MessageIds.Form.SMPP33)).isEqualTo("23456789");
        assertThat(ids.next(MessageIds.Form.SMPP33)).isEqualTo("2345678a");
    }

    @Test
    void theTwoFormsNeverGiveTheSameId() {
        MessageIds ids = new MessageIds(at(5));
        assertThat(ids.next(MessageIds.Form.SMPP34)).hasSize(16).isNotEqualTo(ids.next(MessageIds.Form.SMPP33));
    }

    @Test
    void theFormFollowsTheInterfaceVersionOfTheBind() {
        assertThat(MessageIds.Form.forInterfaceVersion(0x33)).isEqualTo(MessageIds.Form.SMPP33);
        assertThat(MessageIds.Form.forInterfaceVersion(0x00)).isEqualTo(MessageIds.Form.SMPP33);
        assertThat(MessageIds.Form.forInterfaceVersion(0x34)).isEqualTo(MessageIds.Form.SMPP34);
        assertThat(MessageIds.Form.forInterfaceVersion(0x50)).isEqualTo(MessageIds.Form.SMPP34);
    }

    /** The ids of three nodes on one store and one clock: slots 0, 1 and the last one. */
    private static MessageIds[] firstSecondAndLastSlot(Clock clock) {
        return new MessageIds[] {new MessageIds(clock, 0), new MessageIds(clock, 1),
            new MessageIds(clock, MessageIds.MAX_SLOTS - 1)};
    }

    /** Nodes sharing a store, each with its slot, make different ids in the same millisecond. */
    @Test
    void nodesWithDifferentSlotsNeverMakeTheSameIdAndIdsStillSortByTime() {
        Clock sameMillisecond = at(1_800_000_000_000L);
        MessageIds[] nodes = firstSecondAndLastSlot(sameMillisecond);
        MessageIds a = nodes[0];
        MessageIds b = nodes[1];
        MessageIds last = nodes[2];
        Set<String> seen = new HashSet<>();
        String previous = "";
        // 40,000 each: past the 16,384 a slot may make in one millisecond, so each borrows the next ones
        for (int i = 0; i < 40_000; i++) {
            String fromA = a.next();
            assertThat(fromA).hasSize(16).isGreaterThan(previous);
            previous = fromA;
            assertThat(seen.add(fromA)).isTrue();
            assertThat(seen.add(b.next())).isTrue();
            assertThat(seen.add(last.next())).isTrue();
        }
        assertThat(seen).hasSize(120_000);
        assertThat(new MessageIds(at(2), 5).next()).isEqualTo("0000000000214000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MessageIds(sameMillisecond, MessageIds.MAX_SLOTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Two nodes sharing a store, serving SMPP 3.3 ESMEs, make different 8-digit ids in the same millisecond. */
    @Test
    void smpp33IdsOfTwoSlotsInTheSameMillisecondDiffer() {
        MessageIds[] nodes = firstSecondAndLastSlot(at(1_800_000_000_000L));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            for (MessageIds ids : nodes) {
                String id = ids.next(MessageIds.Form.SMPP33);
                assertThat(id).matches("[0-9a-f]{8}");
                assertThat(seen.add(id)).as(id + " made twice").isTrue();
            }
        }
        assertThat(seen).hasSize(30_000);
    }

    @Test
    void aSmpp33IdOfASlottedNodeIs26BitsOfTheTickThenTheSlot() {
        // 0x1_2345_6789 ms: the tick's low 26 bits are 0x3456789, then slot 5 (000101) below them
        MessageIds ids = new MessageIds(at(0x1_2345_6789L), 5);
        String first = ids.next(MessageIds.Form.SMPP33);
        assertThat(first).isEqualTo("d159e245");
        assertThat(Long.parseLong(first, 16) & 0x3F).as("the slot").isEqualTo(5);
        assertThat(Long.parseLong(first, 16) >>> 6).as("the tick").isEqualTo(0x1_2345_6789L & 0x3FF_FFFF);
        // the same millisecond again: the next tick is borrowed, the slot stays
        assertThat(ids.next(MessageIds.Form.SMPP33)).isEqualTo("d159e285");
        assertThat(new MessageIds(at(2), MessageIds.MAX_SLOTS - 1).next(MessageIds.Form.SMPP33)).isEqualTo("000000bf");
    }

    @Test
    void theSmpp33TickBorrowsTheNextMillisecondThenFollowsTheClockAgain() {
        MutableClock now = new MutableClock(Instant.ofEpochMilli(1_000));
        MessageIds ids = new MessageIds(now, 2);
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).isEqualTo(1_000);
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).isEqualTo(1_001);
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).isEqualTo(1_002);
        now.set(Instant.ofEpochMilli(1_001));
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).as("still ahead of the clock").isEqualTo(1_003);
        now.set(Instant.ofEpochMilli(5_000));
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).isEqualTo(5_000);
        now.set(Instant.ofEpochMilli(4_000));
        assertThat(tickOf(ids.next(MessageIds.Form.SMPP33))).as("a clock gone back").isEqualTo(5_001);
    }

    private static long tickOf(String slottedSmpp33Id) {
        return Long.parseLong(slottedSmpp33Id, 16) >>> 6;
    }

    @Test
    void smpp33IdsComeRoundAfter2To26MillisecondsWithASlotAnd2To32Alone() {
        long t = 1_800_000_000_000L;
        long slotted = 1L << 26;
        assertThat(new MessageIds(at(t + slotted), 7).next(MessageIds.Form.SMPP33))
                .isEqualTo(new MessageIds(at(t), 7).next(MessageIds.Form.SMPP33))
                .isNotEqualTo(new MessageIds(at(t + slotted - 1), 7).next(MessageIds.Form.SMPP33));
        assertThat(Duration.ofMillis(slotted).toMinutes()).isEqualTo(18 * 60 + 38); // about 18.6 hours
        long alone = 1L << 32;
        assertThat(new MessageIds(at(t + alone)).next(MessageIds.Form.SMPP33))
                .isEqualTo(new MessageIds(at(t)).next(MessageIds.Form.SMPP33))
                .isNotEqualTo(new MessageIds(at(t + slotted)).next(MessageIds.Form.SMPP33));
        assertThat(Duration.ofMillis(alone).toDays()).isEqualTo(49);
    }
}
