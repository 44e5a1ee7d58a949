package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.BindType;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.session.BindFailedException;
import io.tern.smpp.session.ClientTlsConfig;
import io.tern.smpp.session.SessionListener;
import io.tern.smpp.session.SmppClient;
import io.tern.smpp.session.SmppClientConfig;
import io.tern.smpp.session.SmppSession;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners configured in YAML (issue 4, "listeners (host, port, TLS certificate/key,
 * client-certificate requirement)"), with Tern's own client: submit and receipt over TLS, and an
 * account tied to a client certificate subject.
 */
class TlsListenerTest {

    @TempDir
    Path dir;

    /** The test PEM files of tern-smpp's test jar, copied out: TLS wants files. */
    private Path tls(String name) throws java.io.IOException {
        Path file = dir.resolve(name);
        if (!java.nio.file.Files.exists(file)) {
            try (java.io.InputStream in = TlsListenerTest.class.getResourceAsStream("/session/tls/" + name)) {
                assertThat(in).as("test resource " + name).isNotNull();
                java.nio.file.Files.copy(in, file);
            }
        }
        return file;
    }

    private Smsc start() throws Exception {
        String yaml = String.join("\n",
                "listeners:",
                "  - host: 127.0.0.1",
                "    port: 0",
                "    tls: {certificate: '" + tls("server.pem") + "', key: '" + tls("server.key") + "',",
                "          trust: '" + tls("ca.pem") + "', client_auth: optional}",
                "store: {path: '" + dir.resolve("data") + "'}",
                "delivery: {scan_interval: 100ms}",
                "accounts:",
                "  - {system_id: alice, password_hash: '" + TestSmsc.passwordHash() + "', require_tls: true}",
                "  - {system_id: certified, password_hash: '" + TestSmsc.passwordHash() + "',",
                "     certificate_subject: 'O=Tern Test,CN=esme-alpha'}",
                "");
        return Smsc.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC());
    }

    private SmppClient client(int port, String systemId, ClientTlsConfig tls,
            LinkedBlockingQueue<DeliverSm> inbox) {
        SmppClientConfig cfg = SmppClientConfig.of("127.0.0.1", port, systemId, TestSmsc.PASSWORD,
                BindType.TRANSCEIVER).withTls(tls).withReconnect(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new SmppClient(cfg, (s, request) -> {
            if (request instanceof DeliverSm d) {
                inbox.add(d);
            }
            return CompletableFuture.completedFuture(new DeliverSmResp(request.sequenceNumber(), CommandStatus.ESME_ROK));
        }, SessionListener.NONE);
    }

    @Test
    void submitAndReceiptTravelOverTls() throws Exception {
        LinkedBlockingQueue<DeliverSm> inbox = new LinkedBlockingQueue<>();
        try (Smsc smsc = start()) {
            SmppClient c = client(smsc.ports().get(0), "alice", ClientTlsConfig.trusting(tls("ca.pem")), inbox);
            try {
                SmppSession s = c.connect().get(30, TimeUnit.SECONDS);
                SubmitSm sm = new SubmitSm(0, "", Address.international("447700900100"),
                        Address.international("447700900001"), 0, 0, 0, "", "", 1, 0, 0, 0,
                        "over tls".getBytes(StandardCharsets.US_ASCII), io.tern.smpp.tlv.Tlvs.EMPTY);
                PduResponse resp = s.send(sm).get(30, TimeUnit.SECONDS);
                assertThat(resp.commandStatus()).isEqualTo(CommandStatus.ESME_ROK);

                DeliverSm receipt = inbox.poll(20, TimeUnit.SECONDS);
                assertThat(receipt).as("receipt over TLS").isNotNull();
                assertThat(receipt.tlvs().receiptedMessageId()).contains(((SubmitSmResp) resp).messageId());
            } finally {
                c.close();
            }
        }
    }

    @Test
    void accountTiedToACertificateNeedsThatCertificate() throws Exception {
        try (Smsc smsc = start()) {
            int port = smsc.ports().get(0);
            SmppClient without = client(port, "certified", ClientTlsConfig.trusting(tls("ca.pem")),
                    new LinkedBlockingQueue<>());
            try {
                assertThatThrownBy(() -> without.connect().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(
                                BindFailedException.class,
                                e -> assertThat(e.status()).isEqualTo(CommandStatus.ESME_RBINDFAIL));
            } finally {
                without.close();
            }
            SmppClient with = client(port, "certified",
                    new ClientTlsConfig(tls("ca.pem"), false, tls("client.pem"), tls("client.key")),
                    new LinkedBlockingQueue<>());
            try {
                assertThat(with.connect().get(30, TimeUnit.SECONDS).state().name()).startsWith("BOUND");
            } finally {
                with.close();
            }
        }
    }
}
