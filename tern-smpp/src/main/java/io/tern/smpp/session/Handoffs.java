package io.tern.smpp.session;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand-offs to other threads gathered while a thread works through a batch, and handed over once per
 * target thread at the end of it.
 *
 * <p>Why: the store's completer thread completes a whole commit's worth of writes (tens of submits
 * from several sessions) in one go, and each completion hands work to another thread: the answer to
 * the session's event loop, the delivery to the scheduler. Handed over one by one, each hand-off
 * finds its target idle (it keeps up on the other core) and wakes it: at a paced 10,000 msg/s the
 * completer woke the event loops 0.67 times a message (an eventfd write, a context switch in and
 * out, one {@code writev} each; {@code perf stat --per-thread}, 2026-12-08). Gathered, one commit
 * costs one wake-up per target thread.
 *
 * <p>Use: the thread doing a batch runs it inside {@link #batch(Runnable)}; code that hands work to
 * an executor calls {@link #execute(Executor, Runnable, Consumer)} instead of
 * {@code executor.execute}. Outside a batch that is {@code executor.execute} at once. Inside one,
 * the tasks for each executor are kept in order and handed over as one task when the batch ends,
 * executors in the order of their first task. So the only change is that a hand-off happens a few
 * microseconds later, at the end of the batch; the batch must therefore never wait for a task it
 * handed off (nothing on the completer or the scheduler does).
 */
public final class Handoffs {

    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    private static final ThreadLocal<Handoffs> CURRENT = new ThreadLocal<>();

    /** The tasks of one executor, with what to do when it refuses them. */
    private static final class Pending {
        final List<Runnable> tasks = new ArrayList<>(8);
        final List<Consumer<RuntimeException>> refused = new ArrayList<>(8);
    }

    // Few executors per batch (the event loops and the scheduler): identity, insertion order kept in `order`
    private final Map<Executor, Pending> byExecutor = new IdentityHashMap<>();
    private final List<Executor> order = new ArrayList<>(4);

    private Handoffs() {
    }

    /**
     * Runs {@code body}; the hand-offs it makes through {@link #execute} reach their executors when it
     * returns (or throws). A batch inside a batch belongs to the outer one.
     */
    public static void batch(Runnable body) {
        if (CURRENT.get() != null) {
            body.run();
            return;
        }
        Handoffs h = new Handoffs();
        CURRENT.set(h);
        try {
            body.run();
        } finally {
            CURRENT.remove();
            h.release();
        }
    }

    /** Whether this thread is inside {@link #batch}. */
    public static boolean batching() {
        return CURRENT.get() != null;
    }

    /**
     * Hands {@code task} to {@code executor}: at once outside a batch, at the end of it inside one.
     * When the executor refuses it ({@link java.util.concurrent.RejectedExecutionException} or
     * another runtime exception from {@code execute}), {@code onRefused} gets the exception: at
     * once, or at the end of the batch. Without {@code onRefused} (null) the exception is thrown
     * outside a batch and logged inside one.
     */
    public static void execute(Executor executor, Runnable task, Consumer<RuntimeException> onRefused) {
        Handoffs h = CURRENT.get();
        if (h == null) {
            try {
                executor.execute(task);
            } catch (RuntimeException e) {
                if (onRefused == null) {
                    throw e;
                }
                onRefused.accept(e);
            }
            return;
        }
        Pending p = h.byExecutor.get(executor);
        if (p == null) {
            p = new Pending();
            h.byExecutor.put(executor, p);
            h.order.add(executor);
        }
        p.tasks.add(task);
        p.refused.add(onRefused);
    }

    private void release() {
        for (Executor executor : order) {
            Pending p = byExecutor.get(executor);
            Runnable handed = p.tasks.size() == 1 ? p.tasks.get(0) : () -> runAll(p.tasks);
            try {
                executor.execute(handed);
            } catch (RuntimeException e) {
                for (Consumer<RuntimeException> r : p.refused) {
                    if (r != null) {
                        r.accept(e);
                    }
                }
                if (p.refused.contains(null)) {
                    log.debug("{} refused {} hand-off(s): {}", executor, p.tasks.size(), e.toString());
                }
            }
        }
    }

    /** Runs the tasks in order; one that throws does not keep the others from running. */
    private static void runAll(List<Runnable> tasks) {
        Throwable first = null;
        for (Runnable t : tasks) {
            try {
                t.run();
            } catch (Throwable e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }
}
