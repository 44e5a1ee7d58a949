package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.smsc.config.ConfigException;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS listeners refuse what would fail or weaken every session later (defect 8): a private key that
 * is not the certificate's stops start-up with both files named, and the default cipher suites are
 * forward secret only, so a client that offers nothing but static-RSA key exchange cannot connect.
 */
class TlsHardeningTest {

    @TempDir
    Path dir;

    /** The test PEM files of tern-smpp's test jar, copied out: TLS wants files. */
    private Path tls(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = TlsHardeningTest.class.getResourceAsStream("/session/tls/" + name)) {
                assertThat(in).as("test resource " + name).isNotNull();
                Files.copy(in, file);
            }
        }
        return file;
    }

    private Smsc start(String certificate, String key, String extraTls) throws IOException {
        String yaml = "listeners:\n  - host: 127.0.0.1\n    port: 0\n    tls: {certificate: '" + tls(certificate)
                + "', key: '" + tls(key) + "'" + extraTls + "}\nstore: {path: '" + dir.resolve("data") + "'}\n";
        return Smsc.start(ConfigLoader.parse(yaml, dir), Clock.systemUTC());
    }

    /** A JDK client that trusts the test CA, offering exactly {@code suites} over {@code protocols}. */
    private SSLSocket client(int port, String[] protocols, String... suites) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(tls("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(protocols);
        if (suites.length > 0) {
            assertThat(socket.getSupportedCipherSuites()).as("the JDK client can offer them").contains(suites);
            socket.setEnabledCipherSuites(suites);
        }
        return socket;
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsStartUpNamingBothFiles() throws Exception {
        // client.key is a valid RSA key, of another certificate
        assertThatThrownBy(() -> start("server.pem", "client.key", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad TLS configuration: the private key " + tls("client.key")
                        + " does not belong to the certificate " + tls("server.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256"})
    void aClientOfferingOnlyAStaticRsaSuiteFailsTheHandshake(String suite) throws Exception {
        try (Smsc smsc = start("server.pem", "server.key", "");
                SSLSocket socket = client(smsc.ports().get(0), new String[] {"TLSv1.2"}, suite)) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void theSameClientConnectsWhereTheOperatorListsThatSuite() throws Exception {
        // the control for the test above: the client can offer it, and tls.ciphers is what enables it
        String suite = "TLS_RSA_WITH_AES_128_GCM_SHA256";
        try (Smsc smsc = start("server.pem", "server.key", ", ciphers: [" + suite + "]");
                SSLSocket socket = client(smsc.ports().get(0), new String[] {"TLSv1.2"}, suite)) {
            socket.startHandshake();
            assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aClientWithItsDefaultSuitesConnectsWithForwardSecrecy(String protocol) throws Exception {
        try (Smsc smsc = start("server.pem", "server.key", "");
                SSLSocket socket = client(smsc.ports().get(0), new String[] {protocol})) {
            socket.startHandshake();

            String suite = socket.getSession().getCipherSuite();
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            if (protocol.equals("TLSv1.2")) {
                assertThat(suite).startsWith("TLS_ECDHE_");
            } else {
                // TLS 1.3 has only (EC)DHE key exchange; its suites name the cipher alone
                assertThat(Arrays.asList("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256")).contains(suite);
            }
        }
    }

    @Test
    void anEmptyCipherListIsAConfigurationError() throws Exception {
        String yaml = "listeners:\n  - tls: {certificate: '" + tls("server.pem") + "', key: '" + tls("server.key")
                + "', ciphers: []}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("listeners[0].tls.ciphers: must name at least one cipher suite");
    }

    @Test
    void aCipherListTheProviderDoesNotKnowStopsStartUp() {
        assertThatThrownBy(() -> start("server.pem", "server.key", ", ciphers: [NO_SUCH_SUITE]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none of the cipher suites [NO_SUCH_SUITE] is supported");
    }
}
