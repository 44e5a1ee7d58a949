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
 * @param addrTon the bind's addr_ton (§5.2.5), the type of number of {@code addressRange}
 * @param addrNpi the bind's addr_npi (§5.2.6)
 * @param addressRange the bind's address_range (§5.2.7): the addresses this ESME serves, a
 *     regular expression, at most 40 characters; empty for none
 */
public record SmppClientConfig(String host, int port, String systemId, String password, String systemType,
        BindType bindType, int interfaceVersion, ClientTlsConfig tls, SessionConfig session, boolean reconnect,
        Duration reconnectMin, Duration reconnectMax, Duration connectTimeout, int addrTon, int addrNpi,
        String addressRange) {

    /** A client whose bind names no address range (addr_ton, addr_npi 0, address_range empty). */
    public SmppClientConfig(String host, int port, String systemId, String password, String systemType,
            BindType bindType, int interfaceVersion, ClientTlsConfig tls, SessionConfig session, boolean reconnect,
            Duration reconnectMin, Duration reconnectMax, Duration connectTimeout) {
        this(host, port, systemId, password, systemType, bindType, interfaceVersion, tls, session, reconnect,
                reconnectMin, reconnectMax, connectTimeout, 0, 0, "");
    }

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
        if (addrTon < 0 || addrTon > 0xFF || addrNpi < 0 || addrNpi > 0xFF) {
            throw new IllegalArgumentException("addrTon and addrNpi must be one octet each");
        }
        Objects.requireNonNull(addressRange, "addressRange");
        if (addressRange.length() > 40 || !addressRange.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
            throw new IllegalArgumentException("addressRange must be at most 40 printable ASCII characters"
                    + " (SMPP 3.4 §5.2.7)");
        }
    }

    /** A plain SMPP 3.4 client with default session settings and reconnect from 1 s up to 60 s. */
    public static SmppClientConfig of(String host, int port, String systemId, String password, BindType bindType) {
        return new SmppClientConfig(host, port, systemId, password, "", bindType, 0x34, null, SessionConfig.DEFAULTS,
                true, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public SmppClientConfig withSession(SessionConfig s) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, tls, s,
                reconnect, reconnectMin, reconnectMax, connectTimeout, addrTon, addrNpi, addressRange);
    }

    public SmppClientConfig withTls(ClientTlsConfig t) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, t,
                session, reconnect, reconnectMin, reconnectMax, connectTimeout, addrTon, addrNpi, addressRange);
    }

    public SmppClientConfig withReconnect(boolean enabled, Duration min, Duration max) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, tls,
                session, enabled, min, max, connectTimeout, addrTon, addrNpi, addressRange);
    }

    public SmppClientConfig withInterfaceVersion(int v) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, v, tls, session,
                reconnect, reconnectMin, reconnectMax, connectTimeout, addrTon, addrNpi, addressRange);
    }

    /** The same client binding with this address_range, of this type of number and numbering plan. */
    public SmppClientConfig withAddressRange(int ton, int npi, String range) {
        return new SmppClientConfig(host, port, systemId, password, systemType, bindType, interfaceVersion, tls,
                session, reconnect, reconnectMin, reconnectMax, connectTimeout, ton, npi, range);
    }
}
