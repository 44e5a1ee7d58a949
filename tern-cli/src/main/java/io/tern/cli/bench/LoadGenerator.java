package io.tern.cli.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.tern.smpp.codec.SmppDecoder;
import io.tern.smpp.codec.SmppEncoder;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.HdrHistogram.Histogram;

/**
 * Runs one bench: connects and binds every session, starts them together, reports progress
 * every second, waits until every request is accounted for (and, with receipts, until every
 * accepted message has its receipt or {@code --receipt-wait} has passed), unbinds, and sums up.
 */
final class LoadGenerator {

    private static final int MAX_PDU_LENGTH = 64 * 1024;

    private final BenchConfig config;
    private final long cpuPid;
    private final PrintStream progress;

    /** @param cpuPid the server's process id for CPU accounting, or 0 */
    LoadGenerator(BenchConfig config, long cpuPid, PrintStream progress) {
        this.config = config;
        this.cpuPid = cpuPid;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        MessageSource messages = new MessageSource(new MessageFactory(config), config.messages());
        ReceiptTracker receipts = config.dlr() ? new ReceiptTracker() : null;
        List<BenchSession> submitters = new ArrayList<>();
        List<BenchSession> all = new ArrayList<>();
        for (int i = 0; i < config.sessions(); i++) {
            BenchSession s = new BenchSession(config, config.bindType(), messages.cursor(), receipts);
            submitters.add(s);
            all.add(s);
        }
        for (int i = 0; i < config.rxSessions(); i++) {
            all.add(new BenchSession(config, BindType.RECEIVER, null, receipts));
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = Math.min(all.size(), Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            SslContext ssl = config.tls() ? clientSsl() : null;
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            config.timeout().toMillis()))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024));
            for (BenchSession s : all) {
                Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("tls", ssl.newHandler(ch.alloc(), config.host(), config.port()));
                        }
                        p.addLast("decoder", new SmppDecoder(MAX_PDU_LENGTH));
                        p.addLast("encoder", SmppEncoder.INSTANCE);
                        p.addLast("bench", s);
                    }
                });
                ChannelFuture f = b.connect(config.host(), config.port());
                f.addListener(done -> {
                    if (!done.isSuccess()) {
                        s.bound.completeExceptionally(new BenchException("cannot connect to " + config.host()
                                + ":" + config.port() + ": " + done.cause().getMessage()));
                    }
                });
            }
            awaitBinds(all);

            long cpuBefore = cpuPid > 0 ? CpuTime.ofProcess(cpuPid) : 0;
            long start = System.nanoTime();
            if (receipts != null) {
                receipts.measureFrom(start + config.warmUp().toNanos());
            }
            double perSession = config.rate() > 0 ? (double) config.rate() / submitters.size() : 0;
            for (BenchSession s : submitters) {
                s.start(start, perSession);
            }
            Progress line = new Progress(start, submitters, receipts);
            ticker.scheduleAtFixedRate(() -> progress.println(line.next()), 1, 1, TimeUnit.SECONDS);

            long deadline = start + config.maxDuration().toNanos();
            CompletableFuture<Void> drained = CompletableFuture.allOf(
                    submitters.stream().map(s -> s.drained).toArray(CompletableFuture[]::new));
            boolean timedOut = !await(drained, deadline);
            long submitEnd = System.nanoTime();
            if (receipts != null && !timedOut) {
                long receiptDeadline = Math.min(deadline, submitEnd + config.receiptWait().toNanos());
                while (receipts.matched() < sum(submitters, s -> s.ok) && System.nanoTime() - receiptDeadline < 0
                        && anyOpen(all)) {
                    Thread.sleep(5);
                }
            }
            long cpuAfter = cpuPid > 0 ? CpuTime.ofProcess(cpuPid) : 0;
            ticker.shutdownNow();
            for (BenchSession s : all) {
                s.unbind(1000);
            }
            CompletableFuture<Void> closed = CompletableFuture.allOf(
                    all.stream().map(s -> s.closed).toArray(CompletableFuture[]::new));
            if (!await(closed, System.nanoTime() + TimeUnit.SECONDS.toNanos(3))) {
                all.forEach(BenchSession::close);
                await(closed, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
            }
            return result(start, submitEnd, timedOut, submitters, receipts,
                    cpuPid > 0 ? cpuAfter - cpuBefore : -1);
        } finally {
            ticker.shutdownNow();
            all.forEach(BenchSession::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private BenchResult result(long start, long submitEnd, boolean timedOut, List<BenchSession> sessions,
            ReceiptTracker receipts, long cpuNanos) {
        Histogram latency = new Histogram(BenchSession.MAX_LATENCY_NANOS, 3);
        Map<String, Long> statuses = new TreeMap<>();
        long lastResponse = start;
        for (BenchSession s : sessions) {
            latency.add(s.latency());
            for (Map.Entry<CommandStatus, long[]> e : s.statuses().entrySet()) {
                statuses.merge(e.getKey().mnemonic(), e.getValue()[0], Long::sum);
            }
            lastResponse = Math.max(lastResponse, s.lastResponseNanos);
        }
        long lastReceipt = receipts != null ? receipts.lastReceiptNanos() : 0;
        return new BenchResult(config, config.submits(), sum(sessions, s -> s.sent), statuses,
                sum(sessions, s -> s.ok), sum(sessions, s -> s.responses), sum(sessions, s -> s.timeouts),
                sum(sessions, s -> s.lost), sum(sessions, s -> s.late), sum(sessions, s -> s.mo), timedOut,
                latency, Math.max(0, lastResponse - start), submitEnd - start,
                receipts != null ? receipts.matched() : 0, receipts != null ? receipts.received() : 0,
                receipts != null ? receipts.unmatched() : 0,
                receipts != null ? receipts.byState() : Map.of(),
                lastReceipt > 0 ? lastReceipt - start : 0, cpuNanos,
                receipts != null ? receipts.latency() : new Histogram(BenchSession.MAX_LATENCY_NANOS, 3));
    }

    private void awaitBinds(List<BenchSession> sessions) throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (BenchSession s : sessions) {
            try {
                s.bound.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof BenchException be ? be : new BenchException(String.valueOf(cause));
            } catch (TimeoutException e) {
                throw new BenchException("no bind_resp within " + config.timeout());
            }
        }
    }

    private static boolean await(CompletableFuture<?> f, long deadline) throws InterruptedException {
        try {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static boolean anyOpen(List<BenchSession> sessions) {
        for (BenchSession s : sessions) {
            if (s.state() == BenchSession.State.BOUND) {
                return true;
            }
        }
        return false;
    }

    static long sum(List<BenchSession> sessions, java.util.function.ToLongFunction<BenchSession> f) {
        long n = 0;
        for (BenchSession s : sessions) {
            n += f.applyAsLong(s);
        }
        return n;
    }

    private static SslContext clientSsl() {
        try {
            // --tls is for testing: any certificate is trusted
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new BenchException("TLS: " + e.getMessage());
        }
    }

    /** The once-a-second progress line: totals, and the rate and response-time percentiles over the last second. */
    private static final class Progress {
        private final long start;
        private final List<BenchSession> sessions;
        private final ReceiptTracker receipts;
        private long lastResponses;
        private long lastNanos;

        Progress(long start, List<BenchSession> sessions, ReceiptTracker receipts) {
            this.start = start;
            this.sessions = sessions;
            this.receipts = receipts;
            this.lastNanos = start;
        }

        String next() {
            long now = System.nanoTime();
            long responses = sum(sessions, s -> s.responses);
            long rate = Math.round((responses - lastResponses) * 1e9 / Math.max(1, now - lastNanos));
            lastResponses = responses;
            lastNanos = now;
            int inFlight = 0;
            Histogram recent = new Histogram(BenchSession.MAX_LATENCY_NANOS, 2);
            for (BenchSession s : sessions) {
                inFlight += s.inFlight();
                s.drainRecentLatency(recent);
            }
            return String.format("[%5.1fs] sent=%d responses=%d rate=%d/s p50_ms=%.3f p99_ms=%.3f max_ms=%.3f"
                            + " in_flight=%d timeouts=%d lost=%d%s",
                    (now - start) / 1e9, sum(sessions, s -> s.sent), responses, rate,
                    recent.getValueAtPercentile(50) / 1e6, recent.getValueAtPercentile(99) / 1e6,
                    recent.getMaxValue() / 1e6, inFlight,
                    sum(sessions, s -> s.timeouts), sum(sessions, s -> s.lost),
                    receipts != null ? " receipts=" + receipts.matched() : "");
        }
    }
}
