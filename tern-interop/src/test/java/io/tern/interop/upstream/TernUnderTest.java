package io.tern.interop.upstream;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.connector.ConnectorStatus;
import io.tern.smsc.server.Smsc;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Tern SMSC in this JVM on the real clock, for the connector tests: a listener on 127.0.0.1
 * port 0, its store in {@code dir}, fast retries and scans unless the body sets {@code delivery},
 * and one ESME account {@code alice} (password {@link #PASSWORD}) unless the body sets
 * {@code accounts}. Closes the ESMEs bound through it, then itself.
 */
final class TernUnderTest implements AutoCloseable {

    static final String PASSWORD = "secret";
    /** bcrypt is slow on purpose: one hash at the lowest cost for the whole run. */
    private static volatile String hash;

    final Smsc smsc;
    private final List<TestEsme> esmes = new ArrayList<>();

    private TernUnderTest(Smsc smsc) {
        this.smsc = smsc;
    }

    static synchronized String passwordHash() {
        if (hash == null) {
            hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
        }
        return hash;
    }

    /** {@code body}: connectors, groups, routes, and anything else; {@code HASH} is the hash of {@link #PASSWORD}. */
    static TernUnderTest start(Path dir, String body) {
        StringBuilder y = new StringBuilder();
        y.append("listeners: [{host: 127.0.0.1, port: 0}]\n");
        y.append("store: {path: '").append(dir.resolve("data").toAbsolutePath()).append("'}\n");
        y.append("smpp: {response_timeout: 5s, unbind_timeout: 2s}\n");
        if (!body.contains("delivery:")) {
            y.append("delivery: {scan_interval: 100ms, retry: {initial: 200ms, max: 1s, jitter: 0}}\n");
        }
        if (!body.contains("accounts:")) {
            y.append("accounts:\n  - {system_id: alice, password_hash: HASH}\n");
        }
        y.append(body);
        return new TernUnderTest(Smsc.start(ConfigLoader.parse(y.toString().replace("HASH",
                "'" + passwordHash() + "'"), dir), Clock.systemUTC()));
    }

    int port() {
        return smsc.ports().get(0);
    }

    TestEsme bind() throws Exception {
        TestEsme e = TestEsme.bind(port(), "alice", PASSWORD);
        synchronized (esmes) {
            esmes.add(e);
        }
        return e;
    }

    ConnectorStatus status(String connector) {
        return smsc.connectorStatus().join().stream().filter(s -> s.name().equals(connector)).findFirst()
                .orElseThrow();
    }

    MessageState state(String id) {
        return smsc.store().find(id).join().orElseThrow().state();
    }

    int attempts(String id) {
        return smsc.store().find(id).join().orElseThrow().attempts();
    }

    @Override
    public void close() {
        synchronized (esmes) {
            esmes.forEach(TestEsme::close);
        }
        smsc.close();
    }
}
