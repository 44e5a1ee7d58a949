package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a bound client that writes requests and never reads their responses. The server stops
 * reading it once the responses waiting for it pass the high-water mark, so what it holds for
 * that client stays bounded, and its other clients are served meanwhile.
 */
class UnreadResponsesTest {

    private static final int HIGH_WATER = 64 << 10;
    /** What the server may hold beyond the high-water mark: the answers to one read, one batch. */
    private static final int SLACK = 256 << 10;
    private static final long FLOOD_OCTETS = 32L << 20;

    private final AtomicReference<SmppSession> flooder = new AtomicReference<>();
    private SmppServer server;
    private int port;

    @BeforeEach
    void start() {
        SessionConfig session = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ZERO, Duration.ZERO);
        server = new SmppServer(SmppServerConfig.localhost("tern", session)
                .withLimits(ServerLimits.DEFAULTS.withWriteBufferWaterMarks(HIGH_WATER / 2, HIGH_WATER)),
                TestServers.passwordSecret(SamplePdus.answerAll()), new SessionListener() {
                    @Override
                    public void onBound(SmppSession s) {
                        if (s.systemId().equals("flooder")) {
                            flooder.set(s);
                        }
                    }
                });
        port = server.start().join().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatNeverReadsIsNoLongerReadOnceItsResponsesPassTheHighWaterMark() throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(RawSmppSocket.encode(
                    Bind.of(BindType.TRANSCEIVER, 1, "flooder", TestServers.PASSWORD, "", 0x34, 0, 0, ""))));
            await().atMost(Duration.ofSeconds(10)).until(() -> flooder.get() != null);
            ch.configureBlocking(false);

            ByteBuffer chunk = enquireLinks(4096);
            long written = 0;
            long maxPending = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long lastProgress = System.nanoTime();
            while (written < FLOOD_OCTETS && System.nanoTime() < deadline
                    && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(2)) {
                if (!chunk.hasRemaining()) {
                    chunk.rewind();
                }
                int n = ch.write(chunk);
                if (n > 0) {
                    written += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
                maxPending = Math.max(maxPending, flooder.get().outboundBytesPending());
            }
            long stalledAt = written;

            assertThat(stalledAt).as("the server stopped taking requests long before the flood's end")
                    .isLessThan(FLOOD_OCTETS);
            assertThat(maxPending).as("responses held for the client that does not read")
                    .isLessThanOrEqualTo(HIGH_WATER + SLACK);

            SmppClient other = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "other", TestServers.PASSWORD,
                    BindType.TRANSCEIVER), SamplePdus.answerAll(), SessionListener.NONE);
            try {
                SmppSession s = other.connect().get(10, TimeUnit.SECONDS);
                assertThat(s.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).get(10, TimeUnit.SECONDS)
                        .commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            } finally {
                other.close();
            }
            assertThat(flooder.get().outboundBytesPending()).isLessThanOrEqualTo(HIGH_WATER + SLACK);
        }
    }

    private static ByteBuffer enquireLinks(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 * n);
        for (int i = 0; i < n; i++) {
            b.put(RawSmppSocket.encode(new EnquireLink(i + 2)));
        }
        return b.flip();
    }
}
