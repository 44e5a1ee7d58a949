package io.tern.smsc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialScheduledExecutorTest {

    private final SerialScheduledExecutor executor = new SerialScheduledExecutor("test-serial");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void runsEveryTaskOnOneThreadInTheOrderGiven() throws Exception {
        List<Integer> order = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            executor.execute(() -> {
                order.add(n); // unsynchronized on purpose: one thread only
                threads.add(Thread.currentThread().getName());
            });
        }
        executor.execute(done::countDown);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsExactly("test-serial");
        assertThat(order).hasSize(10_000);
        for (int i = 0; i < order.size(); i++) {
            assertThat(order.get(i)).isEqualTo(i);
        }
    }

    @Test
    void tasksHandedOverInsideABatchWakeTheThreadOnceAndRunInOrderAfterTheBatch() throws Exception {
        List<Integer> order = new ArrayList<>();
        AtomicInteger ranDuringBatch = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);

        io.tern.smpp.session.Handoffs.batch(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                executor.execute(() -> order.add(n));
            }
            executor.execute(done::countDown);
            ranDuringBatch.set(order.size());
        });

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ranDuringBatch.get()).as("nothing runs before the batch ends").isZero();
        assertThat(order).hasSize(100);
        for (int i = 0; i < order.size(); i++) {
            assertThat(order.get(i)).isEqualTo(i);
        }
    }

    @Test
    void aBatchStillRefusesAtOnceOnceShutDown() {
        executor.shutdown();
        assertThatThrownBy(() -> io.tern.smpp.session.Handoffs.batch(() -> executor.execute(() -> { })))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOthers() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        executor.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        executor.execute(after::countDown);
        assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void delayedTasksRunOnTheSameThreadAndTheirFutureCompletesAfter() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ScheduledFuture<?> f = executor.schedule(() -> {
            threads.add(Thread.currentThread().getName());
            ran.incrementAndGet();
        }, 20, TimeUnit.MILLISECONDS);
        f.get(30, TimeUnit.SECONDS);
        assertThat(ran).hasValue(1);
        assertThat(threads).containsExactly("test-serial");
        assertThat(executor.schedule(() -> 42, 1, TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS)).isEqualTo(42);

        ScheduledFuture<?> cancelled = executor.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
        assertThat(cancelled.cancel(false)).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelled.isDone()).isTrue();
    }

    @Test
    void periodicTasksRunOnTheSameThreadUntilCancelled() {
        AtomicInteger runs = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ScheduledFuture<?> withDelay = executor.scheduleWithFixedDelay(() -> {
            threads.add(Thread.currentThread().getName());
            runs.incrementAndGet();
        }, 0, 5, TimeUnit.MILLISECONDS);
        AtomicInteger ratedRuns = new AtomicInteger();
        ScheduledFuture<?> atRate = executor.scheduleAtFixedRate(ratedRuns::incrementAndGet, 1, 5, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3 && ratedRuns.get() >= 3);
        assertThat(withDelay.cancel(false)).isTrue();
        assertThat(atRate.cancel(false)).isTrue();
        int frozen = runs.get();
        int ratedFrozen = ratedRuns.get();
        // a run already queued when cancelled does not happen either
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> runs.get() == frozen && ratedRuns.get() == ratedFrozen);
        assertThat(threads).containsExactly("test-serial");
        assertThat(withDelay.isCancelled()).isTrue();
    }

    @Test
    void aPeriodicTaskThatThrowsRunsNoMoreAndItsFutureSaysWhy() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(() -> {
            if (runs.incrementAndGet() == 2) {
                throw new IllegalStateException("second run fails (expected by the test)");
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void shutdownRunsWhatIsQueuedThenRefusesMore() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        executor.execute(() -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            executor.execute(ran::incrementAndGet);
        }
        executor.shutdown();
        assertThatThrownBy(() -> executor.execute(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> executor.schedule(ran::incrementAndGet, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(executor.isShutdown()).isTrue();
        gate.countDown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(ran).hasValue(100);
    }
}
