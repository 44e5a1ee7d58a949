package io.tern.smsc.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of an ESME that hangs up on the first {@code refusals} connections, as an
 * ESME that is down does, then relays to the ESME; it counts connections and the most ever open
 * at once.
 */
final class FlakyProxy implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FlakyProxy(int targetPort, int refusals) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket in = socket.accept();
                    if (connections.incrementAndGet() <= refusals) {
                        in.close();
                        continue;
                    }
                    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(in);
                    sockets.add(out);
                    AtomicBoolean done = new AtomicBoolean();
                    Runnable closeBoth = () -> {
                        if (done.compareAndSet(false, true)) {
                            closeQuietly(in);
                            closeQuietly(out);
                            open.decrementAndGet();
                        }
                    };
                    pipe(in, out, closeBoth);
                    pipe(out, in, closeBoth);
                } catch (IOException e) {
                    return;
                }
            }
        }, "flaky-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private static void pipe(Socket from, Socket to, Runnable closeBoth) {
        Thread t = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth.run();
            }
        }, "flaky-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
