package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 15: many connections that never bind announce a PDU of ~70,000 octets and
 * send most of it. Before a bind nothing longer than a bind is accepted, so each is answered
 * generic_nack ESME_RINVCMDLEN and closed at once, and the server holds nothing for them while a
 * legitimate ESME binds and submits.
 */
class UnboundFloodTest {

    private static final int CLIENTS = 300;
    private static final int ANNOUNCED = 70_000;

    private SmppServer server;
    private int port;

    @BeforeEach
    void start() {
        SessionConfig session = new SessionConfig(100, 1000, 100, 70_000, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO);
        // the flood comes from one address: room for all of it, so that this tests the length
        // limit and not the per-address connection limit (ConnectionLimitTest)
        server = new SmppServer(SmppServerConfig.localhost("tern", session)
                .withLimits(ServerLimits.DEFAULTS.withConnections(10_000, 1_000)),
                TestServers.passwordSecret(SamplePdus.answerAll()), SessionListener.NONE);
        port = server.start().join().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A submit_sm header announcing {@code length} octets, and {@code bodyOctets} of its body. */
    private static byte[] partialPdu(int length, int seq, int bodyOctets) {
        return ByteBuffer.allocate(16 + bodyOctets).putInt(length).putInt(0x00000004).putInt(0).putInt(seq)
                .array();
    }

    @Test
    void unboundClientsAnnouncingLargePdusAreNackedAndClosedWhileAnEsmeBindsAndSubmits() throws Exception {
        List<RawSmppSocket> flood = new ArrayList<>();
        SmppClient esme = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "esme", TestServers.PASSWORD,
                BindType.TRANSCEIVER), SamplePdus.answerAll(), SessionListener.NONE);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                RawSmppSocket s = new RawSmppSocket(port);
                flood.add(s);
                s.send(partialPdu(ANNOUNCED, i + 1, 60_000));
            }
            SmppSession session = esme.connect().get(10, TimeUnit.SECONDS);
            PduResponse r = session.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).get(10, TimeUnit.SECONDS);
            assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            for (int i = 0; i < CLIENTS; i++) {
                Pdu answer = flood.get(i).read();
                assertThat(answer).as("answer to client %d", i)
                        .isEqualTo(new GenericNack(i + 1, CommandStatus.ESME_RINVCMDLEN));
                assertThat(flood.get(i).closedByServer()).isTrue();
            }
        } finally {
            esme.close();
            for (RawSmppSocket s : flood) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPduBytes() == 0);
    }

    @Test
    void aFloodOfConnectionsThatNeverBindCostsALineAnIntervalNotThreeAConnection() throws Exception {
        ch.qos.logback.classic.Logger sessionLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SmppSession.class);
        ch.qos.logback.classic.Level saved = sessionLog.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        sessionLog.setLevel(ch.qos.logback.classic.Level.INFO);
        sessionLog.addAppender(lines);
        try {
            for (int i = 0; i < 100; i++) {
                try (RawSmppSocket s = new RawSmppSocket(port)) {
                    s.send("GET / HTTP/1.1\r\nHost: tern\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    assertThat(s.closedByServer()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        } finally {
            sessionLog.detachAppender(lines);
            sessionLog.setLevel(saved);
        }
        // 100 connections, each connected, sent garbage and was closed: at most the interval's one
        // line in full (the shared limiter may have spent it on an earlier test), the rest counted
        assertThat(lines.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void partialPdusOfBoundClientsAreLimitedByTheSharedBudgetAndTheBudgetReturnsWhenTheyLeave() throws Exception {
        server.close();
        SessionConfig session = new SessionConfig(100, 1000, 100, 70_000, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO);
        server = new SmppServer(SmppServerConfig.localhost("tern", session)
                .withLimits(ServerLimits.DEFAULTS.withPartialPduBudget(100_000)),
                TestServers.passwordSecret(SamplePdus.answerAll()), SessionListener.NONE);
        port = server.start().join().get(0);
        SmppClient esme = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "esme", TestServers.PASSWORD,
                BindType.TRANSCEIVER), SamplePdus.answerAll(), SessionListener.NONE);
        try (RawSmppSocket a = boundRaw(); RawSmppSocket b = boundRaw(); RawSmppSocket c = boundRaw()) {
            a.send(partialPdu(40_000, 10, 1000));
            b.send(partialPdu(40_000, 11, 1000));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPduBytes() == 80_000);
            c.send(partialPdu(40_000, 12, 1000));
            assertThat(c.closedByServer()).as("the third 40,000-octet partial PDU exceeds 100,000").isTrue();
            SmppSession s = esme.connect().get(10, TimeUnit.SECONDS);
            assertThat(s.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).get(10, TimeUnit.SECONDS)
                    .commandStatus()).isEqualTo(CommandStatus.ESME_ROK);

            b.send(new byte[40_000 - 16 - 1000]);
            assertThat(b.read().commandId()).as("the completed PDU is answered").isEqualTo(CommandId.SUBMIT_SM_RESP);
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPduBytes() == 0);
            try (RawSmppSocket d = boundRaw()) {
                d.send(partialPdu(60_000, 13, 1000));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPduBytes() == 60_000);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.partialPduBytes() == 0);
        } finally {
            esme.close();
        }
    }

    private RawSmppSocket boundRaw() throws Exception {
        RawSmppSocket s = new RawSmppSocket(port);
        s.send(io.tern.smpp.pdu.Bind.of(BindType.TRANSCEIVER, 1, "raw", TestServers.PASSWORD, "", 0x34, 0, 0, ""));
        assertThat(s.read().commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        return s;
    }

    @Test
    void anUnboundClientMayStillSendABindOfTheLongestFieldsAndEnquireLink() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(new io.tern.smpp.pdu.EnquireLink(1));
            assertThat(s.read().commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            s.send(io.tern.smpp.pdu.Bind.of(BindType.TRANSMITTER, 2, "x".repeat(15), TestServers.PASSWORD,
                    "t".repeat(12), 0x34, 0, 0, "r".repeat(40)));
            Pdu answer = s.read();
            assertThat(answer.commandId()).isEqualTo(CommandId.BIND_TRANSMITTER_RESP);
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        }
    }
}
