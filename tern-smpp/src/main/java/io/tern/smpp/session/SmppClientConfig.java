package io.tern.smpp.session;

import io.tern.smpp.pdu.BindType;
import java.time.Duration;
import java.util.Objects;

/**
 * An ESME's connection to an SMSC (SMPP 3.4 §4.1): where, who, how to bind, TLS, session limits
 * and timers, and the reconnect policy.
 *
 * @param interfaceVersion sent in the bind: 0x34 for SMPP 3.4, 0x33 for 3.3 (then no TLVs are sent)
 * @param tls TLS settings, or {@code null} for plain TCP
 * @param reconnect whether to bind again after a bound session drops
 * @param reconnectMin first backoff delay; doubles per failed attempt up to {@code reconnectMax},
 *     each delay drawn uniformly from [delay/2, delay] (jitter)
 * @param connectTimeout TCP (and TLS) connect timeout
 */
public record SmppClientConfig(String host, int port, String systemId, String password, String systemType,
        BindType bindType, int interfaceVersion, ClientTlsConfig tls, SessionConfig session, boolean reconnect,
        Duration reconnectMin, Duration reconnectMax, Duration connectTimeout) {

    public SmppClientConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(systemType, "systemType");
        Objects.requireNonNull(bindType, "bindType");
        if (interfaceVersion < 0 || interfaceVersion > 0xFF) {
            throw new IllegalArgumentException("interfaceVersion must be one octet");
        }
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("need 0 < reconnectMin <= reconnectMax");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** A plain SMPP 3.4 client with default session settings and reconnect from 1 s up to 60 s. */
    public static SmppClientConfig of(String host, int port, String systemId, String password, BindType bindType) {
        return new SmppClientConfig(host, port, systemId, password, "", bindType, 0x34, null, SessionConfig.DEFAULTS,
                true, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public SmppClientConfig withSession(SessionConfig s) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, tls, s,
                reconnect, reconnectMin, reconnectMax, connectTimeout);
    }

    public SmppClientConfig withTls(ClientTlsConfig t) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, t,
                session, reconnect, reconnectMin, reconnectMax, connectTimeout);
    }

    public SmppClientConfig withReconnect(boolean enabled, Duration min, Duration max) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, tls,
                session, enabled, min, max, connectTimeout);
    }

    public SmppClientConfig withInterfaceVersion(int v) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, v, tls, session,
                reconnect, reconnectMin, reconnectMax, connectTimeout);
    }
}
