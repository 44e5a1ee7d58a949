package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSmResp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes on a live socket (SMPP 3.4 §3.3, §4.3): each gets the precise answer, or the
 * connection closes where framing is lost; another session bound in parallel keeps working.
 */
class BadInputTest {

    private static SmppServer server;
    private static int port;
    private static SmppClient bystander;
    private static SmppSession bystanderSession;

    @BeforeAll
    static void start() {
        SessionConfig session = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ZERO, Duration.ZERO);
        server = new SmppServer(SmppServerConfig.localhost("tern", session),
                TestServers.passwordSecret(SamplePdus.answerAll()), SessionListener.NONE);
        port = server.start().join().get(0);
        bystander = new SmppClient(SmppClientConfig.of("127.0.0.1", port, "bystander", TestServers.PASSWORD,
                BindType.TRANSCEIVER), SamplePdus.answerAll(), SessionListener.NONE);
        bystanderSession = bystander.connect().join();
    }

    @AfterAll
    static void stop() {
        bystander.close();
        server.close();
    }

    @AfterEach
    void theOtherSessionStillSubmits() {
        PduResponse r = bystanderSession.send(SamplePdus.request(CommandId.SUBMIT_SM, 0)).orTimeout(5,
                TimeUnit.SECONDS).join();
        assertThat(r.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        assertThat(bystanderSession.state()).isEqualTo(SessionState.BOUND_TRX);
    }

    private static byte[] header(int length, int commandId, int status, int seq) {
        return ByteBuffer.allocate(16).putInt(length).putInt(commandId).putInt(status).putInt(seq).array();
    }

    private static void assertNackAndClose(byte[] input, int expectedSeq) throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(input);
            Pdu answer = s.read();
            assertThat(answer).isEqualTo(new GenericNack(expectedSeq, CommandStatus.ESME_RINVCMDLEN));
            assertThat(s.closedByServer()).isTrue();
        }
    }

    @Test
    void commandLengthZeroIsNackedAndClosed() throws Exception {
        assertNackAndClose(header(0, 0x04, 0, 5), 5);
    }

    @Test
    void commandLength15IsNackedAndClosed() throws Exception {
        assertNackAndClose(header(15, 0x04, 0, 6), 6);
    }

    @Test
    void commandLengthOfTwoGigabytesIsNackedAndClosedWithoutBuffering() throws Exception {
        assertNackAndClose(header(Integer.MAX_VALUE, 0x04, 0, 7), 7);
    }

    @Test
    void anHttpRequestIsNackedAndClosed() throws Exception {
        byte[] http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(http);
            Pdu answer = s.read();
            assertThat(answer).isInstanceOf(GenericNack.class);
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVCMDLEN);
            assertThat(s.closedByServer()).isTrue();
        }
    }

    @Test
    void aTlsClientHelloOnThePlainPortIsNackedAndClosed() throws Exception {
        // the start of a TLS 1.2 ClientHello record: handshake(0x16), version 3.1, length, client_hello
        byte[] hello = HexFormat.of().parseHex("160301020001000200" + "0303" + "00".repeat(32) + "00");
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(hello);
            Pdu answer = s.read();
            assertThat(answer).isInstanceOf(GenericNack.class);
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVCMDLEN);
            assertThat(s.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnknownCommandIdIsNackedAndTheSessionSurvives() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(header(16, 0x00000666, 0, 9));
            assertThat(s.read()).isEqualTo(new GenericNack(9, CommandStatus.ESME_RINVCMDID));
            s.send(new EnquireLink(10));
            assertThat(s.read()).isEqualTo(new EnquireLinkResp(10, CommandStatus.ESME_ROK));
        }
    }

    @Test
    void aTruncatedPduFollowedBySilenceIsClosedByTheSessionInitTimer() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            byte[] bind = RawSmppSocket.encode(SamplePdus.request(CommandId.BIND_TRANSMITTER, 3));
            s.send(java.util.Arrays.copyOf(bind, bind.length - 5));
            assertThat(s.closedByServer()).as("closed after the 2 s session-init timer").isTrue();
        }
    }

    @Test
    void aBindWithA20CharacterSystemIdIsRefusedWithInvalidSystemId() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII));
        body.write(0);
        body.writeBytes(TestServers.PASSWORD.getBytes(StandardCharsets.US_ASCII));
        body.write(0);
        body.write(0); // system_type
        body.write(0x34);
        body.write(0);
        body.write(0);
        body.write(0); // address_range
        byte[] b = body.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.writeBytes(header(16 + b.length, 0x02, 0, 11));
        pdu.writeBytes(b);
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(pdu.toByteArray());
            Pdu answer = s.read();
            assertThat(answer).isInstanceOf(BindResp.class);
            assertThat(answer.commandId()).isEqualTo(CommandId.BIND_TRANSMITTER_RESP);
            assertThat(answer.sequenceNumber()).isEqualTo(11);
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVSYSID);
            s.send(new EnquireLink(12));
            assertThat(s.read()).isEqualTo(new EnquireLinkResp(12, CommandStatus.ESME_ROK));
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndASubmitBeforeBindGetsInvalidBindStatus() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(SamplePdus.request(CommandId.SUBMIT_SM, 20));
            assertThat(s.read()).isEqualTo(new SubmitSmResp(20, CommandStatus.ESME_RINVBNDSTS, ""));
            s.send(io.tern.smpp.pdu.Bind.of(BindType.TRANSMITTER, 21, "x", "wrong", "", 0x34, 0, 0, ""));
            Pdu answer = s.read();
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVPASWD);
        }
    }
}
