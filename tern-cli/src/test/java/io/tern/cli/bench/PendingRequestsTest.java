package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsRemovalsAndExpiry() {
        Random random = new Random(42);
        PendingRequests pending = new PendingRequests(8);
        Map<Integer, Long> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            int seq = 1 + random.nextInt(300);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    long t = random.nextInt(1_000_000);
                    pending.put(seq, t);
                    model.put(seq, t);
                }
                case 2, 3 -> {
                    Long expected = model.remove(seq);
                    assertThat(pending.remove(seq)).isEqualTo(expected == null ? -1L : expected);
                }
                default -> {
                    if (random.nextInt(100) == 0) {
                        long deadline = random.nextInt(1_000_000);
                        int expected = (int) model.values().stream().filter(v -> v < deadline).count();
                        model.values().removeIf(v -> v < deadline);
                        assertThat(pending.removeOlderThan(deadline)).isEqualTo(expected);
                    }
                }
            }
            assertThat(pending.size()).isEqualTo(model.size());
        }
    }

    @Test
    void clearReturnsHowManyWereOutstanding() {
        PendingRequests pending = new PendingRequests(4);
        pending.put(1, 10);
        pending.put(2, 20);
        assertThat(pending.clear()).isEqualTo(2);
        assertThat(pending.remove(1)).isEqualTo(-1);
    }
}
