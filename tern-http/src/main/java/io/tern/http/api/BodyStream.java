package io.tern.http.api;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body (or one file part of a multipart form) as a blocking {@link InputStream} for a
 * worker thread, with back-pressure: the stream is paused while {@value #HIGH} chunks wait and
 * resumed when half of them are read, so an upload of any size holds a few hundred KiB. Built on
 * the request's event loop.
 */
final class BodyStream extends InputStream {

    private static final int HIGH = 16;
    private static final Object END = new Object();

    private final ReadStream<Buffer> request;
    private final Context context;
    private final long idleTimeoutMillis;
    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;
    /** The request's end arrived (set and read on the request's event loop). */
    private boolean received;

    BodyStream(ReadStream<Buffer> request, Context context, long idleTimeoutMillis) {
        this.request = request;
        this.context = context;
        this.idleTimeoutMillis = idleTimeoutMillis;
        request.handler(this::chunk);
        request.endHandler(v -> {
            received = true;
            chunks.add(END);
        });
        request.exceptionHandler(chunks::add);
        request.resume();
    }

    private void chunk(Buffer b) {
        chunks.add(b.getBytes());
        if (waiting.incrementAndGet() >= HIGH) {
            request.pause();
        }
    }

    /** Reads and drops the rest of the body (the request failed before reading it all). */
    void discard() {
        context.runOnContext(v -> {
            // a body already read to its end (a refused upload whose last row was read) has nothing left
            // to drop, and Vert.x refuses a handler on it with an exception logged as an ERROR
            if (!received) {
                request.handler(b -> { });
                request.resume();
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(idleTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body", e);
            }
            if (next == null) {
                throw new IOException("no request body data for " + idleTimeoutMillis + " ms");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                throw new IOException("request body broken off: " + t.getMessage(), t);
            }
            current = (byte[]) next;
            pos = 0;
            if (waiting.decrementAndGet() == HIGH / 2) {
                context.runOnContext(v -> request.resume());
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
