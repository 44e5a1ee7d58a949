package io.tern.smsc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DutyCycleTest {

    @Test
    void whileAQueryRunsItIsNotDueAndAfterItItWaitsItsDutyTimesItsDuration() {
        DutyCycle cycle = new DutyCycle(1_000_000);
        assertThat(cycle.due()).isTrue();
        CompletableFuture<Integer> query = new CompletableFuture<>();
        CompletableFuture<Integer> run = cycle.run(() -> query);
        assertThat(cycle.due()).as("running").isFalse();
        query.complete(7);
        assertThat(run.join()).isEqualTo(7);
        // any run takes at least a nanosecond, so a million times it is a millisecond or more ahead
        assertThat(cycle.due()).as("within its pause").isFalse();
    }

    @Test
    void aFailedQueryIsPausedLikeAnyOtherAndADutyBelowOneIsRefused() {
        DutyCycle cycle = new DutyCycle(1_000_000);
        CompletableFuture<Object> run = cycle.run(() -> {
            throw new IllegalStateException("store closed");
        });
        assertThat(run).isCompletedExceptionally();
        assertThat(cycle.due()).isFalse();
        assertThatThrownBy(() -> new DutyCycle(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuickQueryWithASmallDutyIsSoonDueAgain() {
        DutyCycle cycle = new DutyCycle(1);
        cycle.run(() -> CompletableFuture.completedFuture("x")).join();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(cycle::due);
    }
}
