package io.tern.smpp.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.MessageState;
import org.junit.jupiter.api.Test;

class ReceiptStatTest {

    @Test
    void everyMessageStateHasTheStatOfAppendixB() {
        assertThat(ReceiptStat.of(MessageState.SCHEDULED)).isEqualTo(ReceiptStat.ENROUTE);
        assertThat(ReceiptStat.of(MessageState.ENROUTE)).isEqualTo(ReceiptStat.ENROUTE);
        assertThat(ReceiptStat.of(MessageState.DELIVERED)).isEqualTo(ReceiptStat.DELIVRD);
        assertThat(ReceiptStat.of(MessageState.EXPIRED)).isEqualTo(ReceiptStat.EXPIRED);
        assertThat(ReceiptStat.of(MessageState.DELETED)).isEqualTo(ReceiptStat.DELETED);
        assertThat(ReceiptStat.of(MessageState.UNDELIVERABLE)).isEqualTo(ReceiptStat.UNDELIV);
        assertThat(ReceiptStat.of(MessageState.ACCEPTED)).isEqualTo(ReceiptStat.ACCEPTD);
        assertThat(ReceiptStat.of(MessageState.UNKNOWN)).isEqualTo(ReceiptStat.UNKNOWN);
        assertThat(ReceiptStat.of(MessageState.REJECTED)).isEqualTo(ReceiptStat.REJECTD);
        assertThat(ReceiptStat.of(MessageState.SKIPPED)).isEqualTo(ReceiptStat.UNKNOWN);
    }

    @Test
    void everyStatReportsTheStateItIsTheStatOf() {
        for (ReceiptStat stat : ReceiptStat.values()) {
            assertThat(ReceiptStat.of(stat.state())).isEqualTo(stat);
        }
    }
}
