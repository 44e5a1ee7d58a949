package io.tern.smpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Pdu;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, brute force: one bind attempt per connection (SMPP 3.4 §4.1), a malformed bind does not
 * lift the pre-bind command_length limit, and an authenticator can tell that a peer has left.
 */
class BindAttemptTest {

    private final AtomicReference<BindRequestInfo> parked = new AtomicReference<>();
    private final CompletableFuture<BindResult> parkedResult = new CompletableFuture<>();
    private SmppServer server;
    private int port;

    @BeforeEach
    void start() {
        SessionConfig session = SessionConfig.DEFAULTS.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ZERO, Duration.ZERO);
        BindAuthenticator passwords = TestServers.passwordSecret(SamplePdus.answerAll());
        server = new SmppServer(SmppServerConfig.localhost("tern", session), info -> {
            if (info.bind().systemId().equals("parked")) {
                parked.set(info);
                return parkedResult;
            }
            return passwords.authenticate(info);
        }, SessionListener.NONE);
        port = server.start().join().get(0);
    }

    @AfterEach
    void stop() {
        parkedResult.complete(BindResult.reject(CommandStatus.ESME_RBINDFAIL));
        server.close();
    }

    @Test
    void aRefusedBindIsAnsweredAndTheConnectionClosedEvenWithRequestsPipelinedAfterIt() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            byte[] bind = RawSmppSocket.encode(Bind.of(BindType.TRANSCEIVER, 1, "esme", "wrong", "", 0x34, 0, 0, ""));
            byte[] retry = RawSmppSocket.encode(Bind.of(BindType.TRANSCEIVER, 2, "esme", TestServers.PASSWORD, "", 0x34,
                    0, 0, ""));
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(bind);
            both.writeBytes(retry);
            s.send(both.toByteArray());
            Pdu answer = s.read();
            assertThat(answer.commandId()).isEqualTo(CommandId.BIND_TRANSCEIVER_RESP);
            assertThat(answer.commandStatus()).isEqualTo(CommandStatus.ESME_RINVPASWD);
            assertThat(s.read()).as("the second, pipelined bind is not answered").isNull();
        }
    }

    @Test
    void aMalformedBindIsRefusedButDoesNotLiftThePreBindLengthLimit() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("ABCDEFGHIJKLMNOPQRST\0secret\0\0".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {0x34, 0, 0, 0});
        ByteBuffer bind = ByteBuffer.allocate(16 + body.size()).putInt(16 + body.size()).putInt(0x09).putInt(0)
                .putInt(3).put(body.toByteArray());
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(bind.array());
            assertThat(s.read().commandStatus()).isEqualTo(CommandStatus.ESME_RINVSYSID);
            s.send(ByteBuffer.allocate(16).putInt(1000).putInt(0x04).putInt(0).putInt(4).array());
            assertThat(s.read()).isEqualTo(new GenericNack(4, CommandStatus.ESME_RINVCMDLEN));
            assertThat(s.closedByServer()).isTrue();
        }
    }

    @Test
    void theAuthenticatorSeesThatAPeerLeftWhileItsBindWasQueued() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(Bind.of(BindType.TRANSCEIVER, 1, "parked", TestServers.PASSWORD, "", 0x34, 0, 0, ""));
            await().atMost(Duration.ofSeconds(10)).until(() -> parked.get() != null);
            assertThat(parked.get().connected().getAsBoolean()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !parked.get().connected().getAsBoolean());
    }

    @Test
    void anAcceptedBindKeepsTheConnection() throws Exception {
        try (RawSmppSocket s = new RawSmppSocket(port)) {
            s.send(Bind.of(BindType.TRANSCEIVER, 1, "esme", TestServers.PASSWORD, "", 0x34, 0, 0, ""));
            assertThat(s.read().commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
            s.send(new EnquireLink(2));
            assertThat(s.read().commandStatus()).isEqualTo(CommandStatus.ESME_ROK);
        }
    }
}
