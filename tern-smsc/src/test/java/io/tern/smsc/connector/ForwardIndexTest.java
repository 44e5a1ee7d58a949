package io.tern.smsc.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ForwardIndexTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static ForwardIndex.Forward message(String id) {
        return new ForwardIndex.Forward(StoredMessage.submitted(id, "acme", new StoredAddress(5, 0, "TERN"), new StoredAddress(1, 1, "447700900001"),
                "", 0, 0, 0, 0, 1, new byte[] {'h', 'i'}, new byte[0], null, "connector:up", NOW, null,
                NOW.plusSeconds(3600), null), CompletableFuture.completedFuture(UpdateResult.OK));
    }

    @Test
    void aForwardIsTakenOnceByItsUpstreamId() {
        ForwardIndex index = new ForwardIndex(10);
        ForwardIndex.Forward m = message("m1");
        index.put("A1", m);
        assertThat(index.take("A2")).isNull();
        assertThat(index.take("A1")).isSameAs(m);
        assertThat(index.take("A1")).as("a duplicate receipt goes to the store").isNull();
        assertThat(index.size()).isZero();
    }

    @Test
    void pastItsCapacityTheOldestForwardsAreDroppedAndTheNewestKept() {
        ForwardIndex index = new ForwardIndex(3);
        for (int i = 1; i <= 5; i++) {
            index.put("U" + i, message("m" + i));
        }
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.take("U1")).isNull();
        assertThat(index.take("U2")).isNull();
        assertThat(index.take("U5").message().id()).isEqualTo("m5");
        assertThat(index.take("U3").message().id()).isEqualTo("m3");
    }

    @Test
    void aReceiptThatCouldNotBeRecordedIsPutBackButNeverOverAFresherForward() {
        ForwardIndex index = new ForwardIndex(10);
        ForwardIndex.Forward first = message("m1");
        index.put("A1", first);
        ForwardIndex.Forward taken = index.take("A1");
        index.putBack("A1", taken);
        assertThat(index.take("A1")).isSameAs(first);
        ForwardIndex.Forward fresher = message("m2");
        index.put("A1", fresher); // the upstream reused the id for a newer message meanwhile
        index.putBack("A1", first);
        assertThat(index.take("A1")).isSameAs(fresher);
    }
}
