package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.nio.file.Path;
import java.time.Duration;
import org.jsmpp.bean.BindType;
import org.jsmpp.extra.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the SMSC unbinds its sessions (SMPP 3.4 §4.2) instead of dropping the connections. */
class GracefulCloseTest {

    @TempDir
    Path dir;

    @Test
    void closingTheSmscUnbindsABoundClient() throws Exception {
        TestSmsc tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """);
        Esme alice = tern.bind("alice", BindType.BIND_TRX);
        String id = alice.submit("12345", "447700900001", "before close", 0);

        try {
            tern.closeServerFirst();

            // jSMPP answered the SMSC's unbind; whether jSMPP then notices the closed socket at
            // once varies, so the connection's end is checked byte by byte in the next test
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.states.contains(SessionState.UNBOUND));
            assertThat(id).isNotEmpty();
        } finally {
            tern.closeClients();
        }
    }

    @Test
    void closingTheSmscSendsUnbindAndClosesTheConnectionAfterTheResponse() throws Exception {
        TestSmsc tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                """);
        java.util.concurrent.CompletableFuture<Void> closing;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", tern.port())) {
            s.setSoTimeout(10_000);
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            s.getOutputStream().write(RawSmpp.bindTransceiver("alice", TestSmsc.PASSWORD, 1));
            RawSmpp.Header bound = RawSmpp.read(in);
            assertThat(bound.commandId()).isEqualTo(RawSmpp.BIND_TRANSCEIVER_RESP);
            assertThat(bound.commandStatus()).isZero();

            closing = java.util.concurrent.CompletableFuture.runAsync(tern::closeServerFirst);

            RawSmpp.Header unbind = RawSmpp.read(in);
            assertThat(unbind.commandId()).isEqualTo(RawSmpp.UNBIND);
            s.getOutputStream().write(RawSmpp.pdu(RawSmpp.UNBIND_RESP, 0, unbind.sequenceNumber(), new byte[0]));
            assertThat(in.read()).as("end of stream after unbind_resp").isEqualTo(-1);
        }
        closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * An ESME that writes its last submit_sm and its unbind together gets the submit_sm_resp (with
     * the id of the message Tern stored) before the unbind_resp, not a closed connection.
     */
    @Test
    void submitsWrittenWithTheUnbindAreAnsweredBeforeTheUnbindResp() throws Exception {
        try (TestSmsc tern = TestSmsc.start(dir, """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """); java.net.Socket s = new java.net.Socket("127.0.0.1", tern.port())) {
            s.setSoTimeout(10_000);
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            s.getOutputStream().write(RawSmpp.bindTransceiver("alice", TestSmsc.PASSWORD, 1));
            assertThat(RawSmpp.read(in).commandStatus()).isZero();
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            batch.writeBytes(RawSmpp.submitSm("12345", "447700900001", "last one", 2));
            batch.writeBytes(RawSmpp.submitSm("12345", "447700900002", "and this", 3));
            batch.writeBytes(RawSmpp.pdu(RawSmpp.UNBIND, 0, 4, new byte[0]));

            s.getOutputStream().write(batch.toByteArray());

            java.util.List<RawSmpp.Header> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(RawSmpp.read(in));
            }
            assertThat(answers).containsExactlyInAnyOrder(new RawSmpp.Header(RawSmpp.SUBMIT_SM_RESP, 0, 2),
                    new RawSmpp.Header(RawSmpp.SUBMIT_SM_RESP, 0, 3), new RawSmpp.Header(RawSmpp.UNBIND_RESP, 0, 4));
            assertThat(answers.get(2)).as("unbind_resp last").isEqualTo(new RawSmpp.Header(RawSmpp.UNBIND_RESP, 0, 4));
            assertThat(in.read()).as("end of stream after unbind_resp").isEqualTo(-1);
        }
    }

    @Test
    void acknowledgedMessageIsFoundAfterARestartOnTheSameStore() throws Exception {
        String body = """
                accounts:
                  - {system_id: alice, password_hash: HASH, addresses: ['5551*']}
                routes:
                  - {destination: '*', target: sim}
                """;
        String id;
        try (TestSmsc tern = TestSmsc.start(dir, body)) {
            id = tern.bind("alice", BindType.BIND_TX).submit("12345", "5551234", "kept", 0);
        }

        try (TestSmsc tern = TestSmsc.start(dir, body)) {
            Esme alice = tern.bind("alice", BindType.BIND_TRX);
            assertThat(Esme.text(alice.nextMessage())).isEqualTo("kept");
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.session
                    .queryShortMessage(id, Esme.INTL, Esme.ISDN, "12345").getMessageState().value() == 2);
        }
    }

    @Test
    void receiptOwedBeforeARestartIsSentAfterIt() throws Exception {
        String body = """
                accounts:
                  - {system_id: alice, password_hash: HASH}
                routes:
                  - {destination: '*', target: sim}
                """;
        String id;
        try (TestSmsc tern = TestSmsc.start(dir, body)) {
            id = tern.bind("alice", BindType.BIND_TX).submit("12345", "447700900001", "receipt later", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> tern.smsc.store().find(id).join().orElseThrow()
                    .state() == MessageState.DELIVERED);
        }

        try (TestSmsc tern = TestSmsc.start(dir, body)) {
            Esme alice = tern.bind("alice", BindType.BIND_RX);
            assertThat(Esme.receiptedMessageId(alice.nextReceipt())).isEqualTo(id);
        }
    }
}
