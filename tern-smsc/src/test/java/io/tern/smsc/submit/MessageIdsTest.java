package io.tern.smsc.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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

    /** Nodes sharing a store, each with its slot, make different ids in the same millisecond. */
    @Test
    void nodesWithDifferentSlotsNeverMakeTheSameIdAndIdsStillSortByTime() {
        Clock sameMillisecond = at(1_800_000_000_000L);
        MessageIds a = new MessageIds(sameMillisecond, 0);
        MessageIds b = new MessageIds(sameMillisecond, 1);
        MessageIds last = new MessageIds(sameMillisecond, MessageIds.MAX_SLOTS - 1);
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
}
