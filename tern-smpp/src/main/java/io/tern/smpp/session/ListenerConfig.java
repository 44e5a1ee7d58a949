package io.tern.smpp.session;

import java.util.Objects;

/**
 * One listening socket of an {@link SmppServer}.
 *
 * @param host the address to bind, e.g. "0.0.0.0" or "127.0.0.1"
 * @param port the port, 0 for an ephemeral one
 * @param tls TLS settings, or {@code null} for plain TCP
 */
public record ListenerConfig(String host, int port, TlsConfig tls) {

    public ListenerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    public static ListenerConfig plain(String host, int port) {
        return new ListenerConfig(host, port, null);
    }
}
