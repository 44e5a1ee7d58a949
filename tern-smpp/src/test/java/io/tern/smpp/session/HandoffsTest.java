package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandoffsTest {

    /** An executor that keeps what it is given, to run it when the test says. */
    private static final class Held implements Executor {
        final List<Runnable> given = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            given.add(command);
        }

        void runAll() {
            given.forEach(Runnable::run);
        }
    }

    @Test
    void outsideABatchTheTaskIsHandedOverAtOnce() {
        Held loop = new Held();
        List<String> ran = new ArrayList<>();

        Handoffs.execute(loop, () -> ran.add("a"), null);

        assertThat(loop.given).hasSize(1);
        assertThat(Handoffs.batching()).isFalse();
        loop.runAll();
        assertThat(ran).containsExactly("a");
    }

    @Test
    void insideABatchEachExecutorGetsOneTaskAtTheEndThatRunsItsTasksInOrder() {
        Held loopA = new Held();
        Held loopB = new Held();
        List<String> ran = new ArrayList<>();
        List<Integer> handedDuringBatch = new ArrayList<>();

        Handoffs.batch(() -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                Handoffs.execute(loopA, () -> ran.add("a" + n), null);
                Handoffs.execute(loopB, () -> ran.add("b" + n), null);
            }
            handedDuringBatch.add(loopA.given.size() + loopB.given.size());
        });

        assertThat(handedDuringBatch).containsExactly(0);
        assertThat(loopA.given).hasSize(1);
        assertThat(loopB.given).hasSize(1);
        loopB.runAll();
        loopA.runAll();
        assertThat(ran).containsExactly("b0", "b1", "b2", "b3", "b4", "a0", "a1", "a2", "a3", "a4");
        assertThat(Handoffs.batching()).isFalse();
    }

    @Test
    void executorsAreHandedTheirTasksInTheOrderOfTheirFirstHandOff() {
        List<String> handedTo = new ArrayList<>();
        Executor first = r -> handedTo.add("first");
        Executor second = r -> handedTo.add("second");

        Handoffs.batch(() -> {
            Handoffs.execute(second, () -> { }, null);
            Handoffs.execute(first, () -> { }, null);
            Handoffs.execute(second, () -> { }, null);
        });

        assertThat(handedTo).containsExactly("second", "first");
    }

    @Test
    void aBatchInsideABatchIsHandedOverWithTheOuterOne() {
        Held loop = new Held();

        Handoffs.batch(() -> {
            Handoffs.batch(() -> Handoffs.execute(loop, () -> { }, null));
            assertThat(loop.given).as("not at the end of the inner batch").isEmpty();
            Handoffs.execute(loop, () -> { }, null);
        });

        assertThat(loop.given).hasSize(1);
    }

    @Test
    void aTaskThatThrowsDoesNotKeepTheOthersOfItsExecutorFromRunning() {
        Held loop = new Held();
        List<String> ran = new ArrayList<>();

        Handoffs.batch(() -> {
            Handoffs.execute(loop, () -> ran.add("before"), null);
            Handoffs.execute(loop, () -> {
                throw new IllegalStateException("boom");
            }, null);
            Handoffs.execute(loop, () -> ran.add("after"), null);
        });

        assertThatThrownBy(loop::runAll).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void aRefusalReachesEveryTaskOfTheBatchThatAskedToHearOfIt() {
        Executor shutDown = r -> {
            throw new RejectedExecutionException("shut down");
        };
        List<String> told = new ArrayList<>();

        Handoffs.batch(() -> {
            Handoffs.execute(shutDown, () -> { }, e -> told.add("1:" + e.getMessage()));
            Handoffs.execute(shutDown, () -> { }, null);
            Handoffs.execute(shutDown, () -> { }, e -> told.add("3:" + e.getMessage()));
        });

        assertThat(told).containsExactly("1:shut down", "3:shut down");
    }

    @Test
    void outsideABatchARefusalGoesToTheHandlerOrIsThrown() {
        Executor shutDown = r -> {
            throw new RejectedExecutionException("shut down");
        };
        AtomicReference<RuntimeException> told = new AtomicReference<>();

        Handoffs.execute(shutDown, () -> { }, told::set);

        assertThat(told.get()).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> Handoffs.execute(shutDown, () -> { }, null))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void whatABatchHandedOffIsHandedOverEvenWhenTheBatchThrows() {
        Held loop = new Held();

        assertThatThrownBy(() -> Handoffs.batch(() -> {
            Handoffs.execute(loop, () -> { }, null);
            throw new IllegalStateException("the batch failed");
        })).hasMessage("the batch failed");

        assertThat(loop.given).hasSize(1);
        assertThat(Handoffs.batching()).isFalse();
    }
}
