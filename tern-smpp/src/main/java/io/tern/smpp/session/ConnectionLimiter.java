package io.tern.smpp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections a server holds open: in total, and from one client address. It sits in
 * the pipeline of every listening channel, ahead of Netty's acceptor, and sees each accepted
 * connection before it is registered with an event loop: one over a limit is closed there and
 * then, before a session, a timer or a buffer exists for it. An SMPP client cannot be told why
 * (nothing may be sent before its bind), so the refusal is only logged: the first in full, then
 * a count per interval, since a flood repeats it thousands of times a second.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals;

    /**
     * @param maxConnections connections open at once, at least 1
     * @param maxPerAddress connections open at once from one address, 1..maxConnections
     * @param logInterval at most one refusal line per this long
     */
    ConnectionLimiter(int maxConnections, int maxPerAddress, Duration logInterval) {
        if (maxConnections < 1 || maxPerAddress < 1 || maxPerAddress > maxConnections) {
            throw new IllegalArgumentException("limits must be 1 <= per address <= total, were " + maxPerAddress
                    + " and " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.refusals = new RateLimitedLog(log, "connections refused", logInterval);
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetAddress address = address(child.remoteAddress());
        String refusal = tryAdmit(address);
        if (refusal != null) {
            refusals.warn("refused a connection from {}: {}", address == null ? "?" : address.getHostAddress(),
                    refusal);
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener(f -> release(address));
        ctx.fireChannelRead(child);
    }

    /** Counts the connection in, or returns why not. */
    private String tryAdmit(InetAddress address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return maxConnections + " connections open (smpp.max_connections)";
        }
        if (address == null) {
            return null;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return maxPerAddress + " connections open from this address (smpp.max_connections_per_ip)";
        }
        return null;
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static InetAddress address(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress() : null;
    }
}
