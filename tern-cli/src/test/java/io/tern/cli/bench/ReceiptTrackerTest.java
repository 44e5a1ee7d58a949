package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.tlv.Tlvs;
import org.junit.jupiter.api.Test;

class ReceiptTrackerTest {

    private static final long MS = 1_000_000L;

    private static DeliverSm receipt(String id) {
        return new DeliverSm(1, "", Address.international("447700900123"), Address.international("4479000000"),
                0x04, 0, 0, "", "", 0, 0, 0, 0, new byte[0],
                Tlvs.builder().receiptedMessageId(id).messageState(2).build());
    }

    @Test
    void measuresFromSubmitSentToReceiptWhicheverComesFirst() {
        ReceiptTracker t = new ReceiptTracker();

        t.accepted("a", 1_000 * MS);
        t.receipt(receipt("a"), 1_004 * MS); // 4 ms after its submit
        t.receipt(receipt("b"), 2_010 * MS); // overtakes its submit_sm_resp
        t.accepted("b", 2_000 * MS); // 10 ms after its submit

        assertThat(t.matched()).isEqualTo(2);
        assertThat(t.latency().getTotalCount()).isEqualTo(2);
        assertThat(t.latency().getMinValue()).isBetween(4 * MS - MS / 100, 4 * MS + MS / 100);
        assertThat(t.latency().getMaxValue()).isBetween(10 * MS - MS / 100, 10 * MS + MS / 100);
    }

    @Test
    void aDuplicateReceiptIsNotMeasuredAgain() {
        ReceiptTracker t = new ReceiptTracker();

        t.accepted("a", 0);
        t.receipt(receipt("a"), 3 * MS);
        t.receipt(receipt("a"), 900 * MS);

        assertThat(t.matched()).isEqualTo(1);
        assertThat(t.latency().getTotalCount()).isEqualTo(1);
        assertThat(t.latency().getMaxValue()).isLessThan(4 * MS);
        assertThat(t.unmatched()).isEqualTo(1);
    }

    @Test
    void leavesMessagesSentInTheWarmUpOutOfTheLatency() {
        ReceiptTracker t = new ReceiptTracker();
        t.measureFrom(5_000 * MS);

        t.accepted("early", 4_999 * MS);
        t.receipt(receipt("early"), 5_100 * MS);
        t.accepted("late", 5_000 * MS);
        t.receipt(receipt("late"), 5_002 * MS);

        assertThat(t.matched()).isEqualTo(2);
        assertThat(t.latency().getTotalCount()).isEqualTo(1);
        assertThat(t.latency().getMaxValue()).isLessThan(3 * MS);
    }
}
