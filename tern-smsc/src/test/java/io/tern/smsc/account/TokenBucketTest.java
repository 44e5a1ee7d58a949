package io.tern.smsc.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();

    private int taken(TokenBucket b, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (b.tryAcquire(1)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aShareOfNNodesGetsOneNthOfTheBurstAndTheRate() {
        TokenBucket b = new TokenBucket(100, 10, nanos::get);
        b.share(2);
        assertThat(taken(b, 20)).as("half the burst").isEqualTo(5);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // 10 tokens at the whole rate, 5 at half
        assertThat(taken(b, 20)).isEqualTo(5);

        b.share(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(taken(b, 20)).as("the whole again").isEqualTo(10);
    }

    @Test
    void aShareNeverLeavesLessThanOneTokenOfBurstNorLessThanOneNode() {
        TokenBucket b = new TokenBucket(1, 2, nanos::get);
        b.share(5);
        assertThat(taken(b, 5)).isEqualTo(1);
        b.share(0); // treated as one node
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(taken(b, 5)).isEqualTo(2);
    }
}
