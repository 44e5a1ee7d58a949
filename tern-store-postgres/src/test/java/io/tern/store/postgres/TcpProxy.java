package io.tern.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port of its own choosing, between a Tern node and its database, that a
 * test can turn into the faults a network has: {@link #blackhole()} stops forwarding in both
 * directions while keeping every connection open (a partition: bytes sent meanwhile wait and
 * nothing answers, as when a switch or firewall drops the path), and {@link #cut()} closes every
 * connection and refuses new ones (the database's host restarting). {@link #heal()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, BLACKHOLE, REFUSE }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    public TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections are held open, nothing is forwarded in either direction until {@link #heal()}. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Every connection is closed at once, and new ones are closed as they arrive, until {@link #heal()}. */
    public void cut() {
        mode = Mode.REFUSE;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Forwards again; bytes held during a black hole go through now. */
    public void heal() {
        synchronized (gate) {
            mode = Mode.FORWARD;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> connect(client), "tcp-proxy-connect");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        try {
            if (mode == Mode.REFUSE) {
                closeQuietly(client);
                return;
            }
            awaitForwarding();
            Socket upstream = new Socket();
            upstream.connect(target, 5_000);
            sockets.add(client);
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    awaitForwarding();
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed by a cut, by close() or by either end
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Blocks while black-holed; throws when the connection is to be dropped instead. */
    private void awaitForwarding() throws InterruptedException, IOException {
        synchronized (gate) {
            while (mode == Mode.BLACKHOLE && !closed) {
                gate.wait();
            }
        }
        if (mode == Mode.REFUSE || closed) {
            throw new IOException("cut");
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        heal();
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
