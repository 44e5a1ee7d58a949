package io.tern.smsc.store;

import static io.tern.smsc.store.TestMessages.T0;
import static io.tern.smsc.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.sms.ReceiptStat;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The states a stored message can be in are SMPP's message_state values, kept as their numbers. */
class StoredStatesTest {

    @Test
    void everyMessageStateButSkippedIsAStoredState() {
        assertThat(StoredMessage.STATES).isEqualTo(EnumSet.complementOf(EnumSet.of(MessageState.SKIPPED)));
    }

    @Test
    void aStoredStateIsReadBackFromItsSmppValue() {
        for (MessageState s : StoredMessage.STATES) {
            assertThat(StoredMessage.isState(s.value())).as(s.name()).isTrue();
            assertThat(StoredMessage.stateOf(s.value())).isSameAs(s);
        }
    }

    @Test
    void aValueNoStoredMessageCanHaveIsRefused() {
        for (int v : new int[] {-1, MessageState.SKIPPED.value(), 10, 42}) {
            assertThat(StoredMessage.isState(v)).as("%d", v).isFalse();
            assertThatThrownBy(() -> StoredMessage.stateOf(v)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("message_state " + v);
        }
    }

    @Test
    void noStoredMessageIsSkipped() {
        StoredMessage m = message("m").build();
        assertThatThrownBy(() -> m.withOutcome(MessageState.SKIPPED, 1, 0, T0, ReceiptState.NONE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SKIPPED");
    }

    @Test
    void aReceiptReportsTheStoredStateItselfOrEnrouteWhileScheduled() {
        for (MessageState s : StoredMessage.STATES) {
            MessageState reported = ReceiptStat.of(s).state();
            assertThat(reported).as(s.name()).isEqualTo(s == MessageState.SCHEDULED ? MessageState.ENROUTE : s);
        }
    }
}
