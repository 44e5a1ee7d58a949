package io.tern.smsc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.tern.smpp.session.Handoffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs every task in the order it was handed over, from a FIFO queue: the
 * scheduler's thread ({@code tern-qmgr}). A {@link ScheduledThreadPoolExecutor} keeps even its
 * immediate tasks in a heap ordered by time, under one lock: with the thousands of hand-overs a
 * second the scheduler takes at full load, that heap's {@code siftUp}/{@code siftDown} were 37 % of
 * the scheduler thread's profile samples and 19 % of the store completer's (JFR, 2026-12-07).
 * Delayed and periodic tasks wait on a timer thread of their own and are then queued here like any
 * other, so every task runs on this one thread, never two at once.
 *
 * <p>Differences from a single-thread {@code ScheduledThreadPoolExecutor}, none of which Tern relies
 * on: a task that throws is logged (not kept in a future nobody reads); the future of a delayed
 * one-shot {@link #schedule(Runnable, long, TimeUnit) schedule} completes when the task has run;
 * after {@link #shutdown()} the queued tasks still run, delayed and periodic ones do not.
 */
public final class SerialScheduledExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private static final Logger log = LoggerFactory.getLogger(SerialScheduledExecutor.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    /** Queues a task, shut down or not (a batch's hand-offs accepted before a shutdown still run). */
    private final Executor enqueue = queue::add;
    private final ScheduledThreadPoolExecutor timer;
    private final Thread worker;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shutdown;

    /** Starts the thread {@code name} (a daemon) and its timer, {@code name + "-timer"}. */
    public SerialScheduledExecutor(String name) {
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = daemon(this::work, name);
        worker.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void work() {
        try {
            while (true) {
                Runnable task;
                try {
                    task = shutdown ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (shutdown) {
                        break; // shutdownNow
                    }
                    continue;
                }
                if (task == null) {
                    if (shutdown) {
                        break;
                    }
                    continue;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    log.error("task on {} failed", Thread.currentThread().getName(), t);
                }
            }
        } finally {
            terminated.countDown();
        }
    }

    @Override
    public void execute(Runnable command) {
        if (command == null) {
            throw new NullPointerException("command");
        }
        if (shutdown) {
            throw new RejectedExecutionException(worker.getName() + " is shut down");
        }
        // from inside a batch (the store's completer finishing a commit) queued with the batch's
        // others at its end, one wake-up of this thread instead of one per task (Handoffs)
        Handoffs.execute(enqueue, command, null);
    }

    /** Queues {@code task} from the timer unless shut down meanwhile (then it is dropped, as documented). */
    private void fromTimer(Runnable task) {
        if (!shutdown) {
            queue.add(task);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException(worker.getName() + " is shut down");
        }
        OneShot<V> task = new OneShot<>(callable);
        task.timed = timer.schedule(() -> fromTimer(task), delay, unit);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return periodic(command, initialDelay, -unit.toNanos(delay), unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return periodic(command, initialDelay, unit.toNanos(period), unit);
    }

    /** {@code period} positive: at a fixed rate; negative: with a fixed delay after each run ends. */
    private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period == 0) {
            throw new IllegalArgumentException("period must not be 0");
        }
        if (shutdown) {
            throw new RejectedExecutionException(worker.getName() + " is shut down");
        }
        Periodic task = new Periodic(command, period, System.nanoTime() + unit.toNanos(initialDelay));
        task.arm(unit.toNanos(initialDelay));
        return task;
    }

    @Override
    public void shutdown() {
        shutdown = true;
        timer.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        timer.shutdownNow();
        List<Runnable> left = new ArrayList<>();
        queue.drainTo(left);
        worker.interrupt();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Common to both kinds of timed task: cancellation and the delay until the timer fires. */
    private abstract static class Timed<V> implements ScheduledFuture<V> {

        /** Completes when the task is over: run (one-shot), cancelled, or failed. */
        final CompletableFuture<V> outcome = new CompletableFuture<>();
        volatile ScheduledFuture<?> timed;

        @Override
        public long getDelay(TimeUnit unit) {
            ScheduledFuture<?> t = timed;
            return t == null ? 0 : t.getDelay(unit);
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = outcome.cancel(false);
            ScheduledFuture<?> t = timed;
            if (cancelled && t != null) {
                t.cancel(false);
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return outcome.isCancelled();
        }

        @Override
        public boolean isDone() {
            return outcome.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return outcome.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return outcome.get(timeout, unit);
        }
    }

    /** A one-shot delayed task: queued when its time comes, its future completed when it has run. */
    private static final class OneShot<V> extends Timed<V> implements Runnable {

        private final Callable<V> callable;

        OneShot(Callable<V> callable) {
            this.callable = callable;
        }

        @Override
        public void run() {
            if (outcome.isDone()) {
                return; // cancelled after the timer queued it
            }
            try {
                outcome.complete(callable.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
                log.error("delayed task failed", t);
            }
        }
    }

    /** A periodic task: each run queued by the timer, the next one armed once it has run. */
    private final class Periodic extends Timed<Object> implements Runnable {

        private final Runnable command;
        /** Positive: the rate; negative: the delay after each run. */
        private final long period;
        private long nextNanos;

        Periodic(Runnable command, long period, long firstNanos) {
            this.command = command;
            this.period = period;
            this.nextNanos = firstNanos;
        }

        void arm(long delayNanos) {
            try {
                timed = timer.schedule(() -> fromTimer(this), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                outcome.cancel(false); // shut down: no more runs
            }
        }

        @Override
        public void run() {
            if (outcome.isDone()) {
                return;
            }
            try {
                command.run();
            } catch (Throwable t) {
                // as a ScheduledThreadPoolExecutor does: a periodic task that throws runs no more
                outcome.completeExceptionally(t);
                log.error("periodic task failed; it will not run again", t);
                return;
            }
            if (shutdown || outcome.isDone()) {
                return;
            }
            long now = System.nanoTime();
            nextNanos = period > 0 ? nextNanos + period : now - period;
            arm(nextNanos - now);
        }
    }
}
