package io.tern.smsc.e2e;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.tern.smsc.config.ConfigLoader;
import io.tern.smsc.server.Smsc;
import io.tern.smsc.server.SmscEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsmpp.bean.BindType;

/**
 * A running SMSC for end-to-end tests: listener on port 0, store in a temporary directory, a fast
 * fallback scan, an injected {@link MutableClock}, and the ESME clients bound to it, all closed
 * together.
 */
final class TestSmsc implements AutoCloseable {

    static final String PASSWORD = "secret";
    /**
     * bcrypt is slow on purpose: one hash for the whole test run, at the lowest cost so that each
     * new SMSC's first bind of an account (which verifies it) stays quick.
     */
    private static volatile String hash;

    final MutableClock clock = MutableClock.atNow();
    final Smsc smsc;
    private final List<Esme> clients = new ArrayList<>();

    private TestSmsc(String yaml) {
        this(yaml, SmscEvents.NONE);
    }

    private TestSmsc(String yaml, SmscEvents events) {
        this.smsc = Smsc.start(ConfigLoader.parse(yaml, Path.of(".")), clock, events);
    }

    static String passwordHash() {
        if (hash == null) {
            synchronized (TestSmsc.class) {
                if (hash == null) {
                    hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
                }
            }
        }
        return hash;
    }

    /**
     * Starts an SMSC with {@code body} (accounts, routes, handsets, ...; {@code HASH} stands for the
     * bcrypt hash of {@link #PASSWORD}) plus test defaults for listeners, store, smpp and delivery
     * unless the body sets them.
     */
    static TestSmsc start(Path dir, String body) {
        return new TestSmsc(yaml(dir, body));
    }

    /** {@link #start(Path, String)} with {@code events} told what the SMSC does (as tern-http's metrics are). */
    static TestSmsc start(Path dir, String body, SmscEvents events) {
        return new TestSmsc(yaml(dir, body), events);
    }

    /** The configuration {@link #start} runs with. */
    static String yaml(Path dir, String body) {
        StringBuilder y = new StringBuilder();
        if (!has(body, "listeners")) {
            y.append("listeners: [{host: 127.0.0.1, port: 0}]\n");
        }
        y.append("store: {path: '").append(dir.resolve("data").toAbsolutePath()).append("'}\n");
        if (!has(body, "smpp")) {
            y.append("smpp: {response_timeout: 2s, unbind_timeout: 2s}\n");
        }
        if (!has(body, "delivery")) {
            y.append("delivery: {scan_interval: 100ms, retry: {initial: 10s, max: 1m, jitter: 0}}\n");
        }
        y.append(body.replace("HASH", "'" + passwordHash() + "'"));
        return y.toString();
    }

    private static boolean has(String body, String key) {
        return body.startsWith(key + ":") || body.contains("\n" + key + ":");
    }

    /**
     * Waits until the first attempt of each message is recorded (for a handset that is absent: it is
     * parked), so that no attempt holds it: cancel_sm and replace_sm can reach it again.
     */
    void awaitFirstAttempt(String... ids) {
        for (String id : ids) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> smsc.store().find(id).join().orElseThrow().attempts() >= 1);
        }
    }

    int port() {
        return smsc.ports().get(0);
    }

    /** The stored message with this id; it must exist. */
    io.tern.smsc.store.StoredMessage stored(String id) {
        return smsc.store().find(id).join().orElseThrow(() -> new AssertionError("no message " + id));
    }

    Esme bind(String systemId, BindType type) throws Exception {
        return bind(systemId, type, 3);
    }

    Esme bind(String systemId, BindType type, int processors) throws Exception {
        Esme e = Esme.bind(port(), systemId, PASSWORD, type, processors);
        synchronized (clients) {
            clients.add(e);
        }
        return e;
    }

    private boolean closed;

    /** Closes the SMSC while its clients are still bound, as an operator's shutdown does. */
    synchronized void closeServerFirst() {
        if (!closed) {
            closed = true;
            smsc.close();
        }
    }

    /** Closes the clients that are still open, after {@link #closeServerFirst()}. */
    void closeClients() {
        synchronized (clients) {
            for (Esme e : clients) {
                e.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (clients) {
            for (Esme e : clients) {
                e.close();
            }
        }
        smsc.close();
    }
}
