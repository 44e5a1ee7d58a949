package io.tern.smsc.connector;

import io.tern.smsc.delivery.ChannelEncoding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One upstream SMSC that Tern binds to as an ESME (SMPP 3.4 §2.2) to forward messages, and from
 * which it takes receipts and mobile-originated messages. docs/configuration.md documents each
 * field under {@code connectors:}.
 *
 * @param password sent in the bind, so kept in plain text (the configuration may take it from the
 *     environment); {@link #toString()} never shows it
 * @param bind how the sessions bind: a transceiver each, a transmitter each (no receipts can come
 *     back), or a transmitter and a receiver each
 * @param sessions how many binds (of {@code bind}'s kind) are kept open
 * @param window requests sent and not yet answered, per session
 * @param throughput the most submit_sm per second over all sessions; 0 for no cap
 * @param interfaceVersion 0x34 or 0x33 (then no TLVs are sent)
 * @param sourceTon the source_addr_ton forced on every forwarded message, or null to keep the message's
 * @param submitIdFormat how the upstream writes message_id in submit_sm_resp (and in the
 *     receipted_message_id TLV, which the specification makes the same id)
 * @param receiptIdFormat how the upstream writes {@code id:} in a receipt's text
 * @param receipts whether to ask the upstream for receipts and wait for them; without them a
 *     message is final (ACCEPTED) once the upstream accepts it
 * @param throttlePause how long the connector sends nothing after the upstream answers
 *     ESME_RTHROTTLED or ESME_RMSGQFUL
 * @param encoding what data_coding 0 means to the upstream (on messages forwarded to it and on what it
 *     sends) and the encoding it takes; messages are converted to it
 * @param enabled false: kept in the configuration (routes may name it) but not bound; its
 *     messages wait in the store
 * @param receiptedMessageIdFormat how the upstream writes the receipted_message_id TLV of its
 *     receipts: the specification makes it the submit_sm_resp's message_id, but some SMSCs (Tern
 *     itself, for an account whose interop profile says {@code receipt_id: decimal}) write it as
 *     they write the receipt text's id
 * @param bindAddress the addr_ton, addr_npi and address_range sent in each bind (some upstreams
 *     want the provider's short code or number range there)
 */
public record ConnectorConfig(String name, String host, int port, String systemId, String password,
        String systemType, BindMode bind, int sessions, int window, int throughput, Tls tls,
        Duration enquireLinkInterval, Duration responseTimeout, int interfaceVersion, Integer sourceTon,
        Integer sourceNpi, Integer destTon, Integer destNpi, IdFormat submitIdFormat, IdFormat receiptIdFormat,
        boolean receipts, Duration throttlePause, Duration reconnectMin, Duration reconnectMax,
        ChannelEncoding encoding, boolean enabled, IdFormat receiptedMessageIdFormat, BindAddress bindAddress) {

    /** A connector whose binds name no address range. */
    public ConnectorConfig(String name, String host, int port, String systemId, String password,
            String systemType, BindMode bind, int sessions, int window, int throughput, Tls tls,
            Duration enquireLinkInterval, Duration responseTimeout, int interfaceVersion, Integer sourceTon,
            Integer sourceNpi, Integer destTon, Integer destNpi, IdFormat submitIdFormat, IdFormat receiptIdFormat,
            boolean receipts, Duration throttlePause, Duration reconnectMin, Duration reconnectMax,
            ChannelEncoding encoding, boolean enabled, IdFormat receiptedMessageIdFormat) {
        this(name, host, port, systemId, password, systemType, bind, sessions, window, throughput, tls,
                enquireLinkInterval, responseTimeout, interfaceVersion, sourceTon, sourceNpi, destTon, destNpi,
                submitIdFormat, receiptIdFormat, receipts, throttlePause, reconnectMin, reconnectMax, encoding, enabled,
                receiptedMessageIdFormat, BindAddress.NONE);
    }

    /**
     * The address fields of a bind (SMPP 3.4 §4.1.1): {@code range} at most 40 characters, empty for
     * none; {@code ton} and {@code npi} one octet each.
     */
    public record BindAddress(int ton, int npi, String range) {

        /** addr_ton 0, addr_npi 0, address_range empty: what most upstreams expect. */
        public static final BindAddress NONE = new BindAddress(0, 0, "");

        public BindAddress {
            Objects.requireNonNull(range, "range");
            if (ton < 0 || ton > 0xFF || npi < 0 || npi > 0xFF) {
                throw new IllegalArgumentException("ton and npi must be one octet each");
            }
        }
    }

    /** A connector that reads receipted_message_id as it reads submit_sm_resp's message_id. */
    public ConnectorConfig(String name, String host, int port, String systemId, String password,
            String systemType, BindMode bind, int sessions, int window, int throughput, Tls tls,
            Duration enquireLinkInterval, Duration responseTimeout, int interfaceVersion, Integer sourceTon,
            Integer sourceNpi, Integer destTon, Integer destNpi, IdFormat submitIdFormat, IdFormat receiptIdFormat,
            boolean receipts, Duration throttlePause, Duration reconnectMin, Duration reconnectMax,
            ChannelEncoding encoding, boolean enabled) {
        this(name, host, port, systemId, password, systemType, bind, sessions, window, throughput, tls,
                enquireLinkInterval, responseTimeout, interfaceVersion, sourceTon, sourceNpi, destTon, destNpi,
                submitIdFormat, receiptIdFormat, receipts, throttlePause, reconnectMin, reconnectMax, encoding, enabled,
                submitIdFormat);
    }

    /**
     * An enabled connector that forwards messages in the encoding they were submitted in, data_coding 0
     * being GSM 7-bit.
     */
    public ConnectorConfig(String name, String host, int port, String systemId, String password,
            String systemType, BindMode bind, int sessions, int window, int throughput, Tls tls,
            Duration enquireLinkInterval, Duration responseTimeout, int interfaceVersion, Integer sourceTon,
            Integer sourceNpi, Integer destTon, Integer destNpi, IdFormat submitIdFormat, IdFormat receiptIdFormat,
            boolean receipts, Duration throttlePause, Duration reconnectMin, Duration reconnectMax) {
        this(name, host, port, systemId, password, systemType, bind, sessions, window, throughput, tls,
                enquireLinkInterval, responseTimeout, interfaceVersion, sourceTon, sourceNpi, destTon, destNpi,
                submitIdFormat, receiptIdFormat, receipts, throttlePause, reconnectMin, reconnectMax,
                ChannelEncoding.DEFAULT);
    }

    /** An enabled connector. */
    public ConnectorConfig(String name, String host, int port, String systemId, String password,
            String systemType, BindMode bind, int sessions, int window, int throughput, Tls tls,
            Duration enquireLinkInterval, Duration responseTimeout, int interfaceVersion, Integer sourceTon,
            Integer sourceNpi, Integer destTon, Integer destNpi, IdFormat submitIdFormat, IdFormat receiptIdFormat,
            boolean receipts, Duration throttlePause, Duration reconnectMin, Duration reconnectMax,
            ChannelEncoding encoding) {
        this(name, host, port, systemId, password, systemType, bind, sessions, window, throughput, tls,
                enquireLinkInterval, responseTimeout, interfaceVersion, sourceTon, sourceNpi, destTon, destNpi,
                submitIdFormat, receiptIdFormat, receipts, throttlePause, reconnectMin, reconnectMax, encoding, true);
    }

    /** The kinds of bind a connector keeps. */
    public enum BindMode {
        TRX, TX, TX_RX;

        /** Whether the upstream can send receipts and MO messages back over these binds. */
        public boolean receives() {
            return this != TX;
        }
    }

    /**
     * How an upstream writes a message id. Real SMSCs disagree: some answer submit_sm with a hex id
     * and report it in decimal in the receipt text, some pad with zeros. HEX and DECIMAL read the id
     * as a number, so {@code 0001A} (hex) and {@code 26} (decimal) name the same message; AS_IS
     * compares the text.
     */
    public enum IdFormat { AS_IS, HEX, DECIMAL }

    /**
     * Client TLS to the upstream: the PEM file of trusted certificates, or {@code insecureTrustAll}
     * for tests; an optional client certificate and key.
     */
    public record Tls(Path trust, boolean insecureTrustAll, Path certificate, Path key) {
    }

    public ConnectorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(systemType, "systemType");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(submitIdFormat, "submitIdFormat");
        Objects.requireNonNull(receiptIdFormat, "receiptIdFormat");
        Objects.requireNonNull(receiptedMessageIdFormat, "receiptedMessageIdFormat");
        Objects.requireNonNull(throttlePause, "throttlePause");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (sessions < 1 || window < 1) {
            throw new IllegalArgumentException("sessions and window must be positive");
        }
        if (receipts && !bind.receives()) {
            throw new IllegalArgumentException("receipts need a bind that receives (trx or tx+rx)");
        }
    }

    /** The target key of this connector in routes and the store. */
    public String target() {
        return "connector:" + name;
    }

    @Override
    public String toString() {
        return "ConnectorConfig[name=" + name + ", host=" + host + ", port=" + port + ", systemId=" + systemId
                + ", password=****, bind=" + bind + ", sessions=" + sessions + ", window=" + window
                + ", throughput=" + throughput + ", tls=" + (tls != null) + ", enabled=" + enabled + "]";
    }
}
