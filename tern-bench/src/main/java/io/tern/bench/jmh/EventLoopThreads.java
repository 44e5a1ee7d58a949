package io.tern.bench.jmh;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH worker threads of the kind Netty's event loops run on ({@code FastThreadLocalThread}), so
 * that code meant for an event loop, such as the codec's per-thread scratch array, is measured as
 * it runs in the server. Select it with
 * {@code -jvmArgsAppend "-Djmh.executor=CUSTOM -Djmh.executor.class=io.tern.bench.jmh.EventLoopThreads"}.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

    /** The constructor JMH's CUSTOM executor type calls: the number of threads and their name prefix. */
    public EventLoopThreads(int threads, String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
    }
}
