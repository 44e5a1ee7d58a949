package io.tern.smsc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliverSmsTest {

    @Test
    void theReceiptsErrorFieldIsThreeDigitsClampedTo0Through999() {
        assertThat(DeliverSms.errorDigits(0)).isEqualTo("000");
        assertThat(DeliverSms.errorDigits(7)).isEqualTo("007");
        assertThat(DeliverSms.errorDigits(42)).isEqualTo("042");
        assertThat(DeliverSms.errorDigits(100)).isEqualTo("100");
        assertThat(DeliverSms.errorDigits(999)).isEqualTo("999");
        assertThat(DeliverSms.errorDigits(1_000)).isEqualTo("999");
        assertThat(DeliverSms.errorDigits(-5)).isEqualTo("000");
        for (int e = 0; e <= 999; e++) {
            assertThat(DeliverSms.errorDigits(e)).isEqualTo(String.format("%03d", e));
        }
    }
}
