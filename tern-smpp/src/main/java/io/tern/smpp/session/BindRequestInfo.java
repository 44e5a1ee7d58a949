package io.tern.smpp.session;

import io.tern.smpp.pdu.Bind;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a {@link BindAuthenticator} knows about a bind (SMPP 3.4 §4.1).
 *
 * @param bind the bind PDU (its {@code toString()} hides the password)
 * @param remoteAddress the peer's address
 * @param tls whether the connection is TLS
 * @param peerCertificateSubject the RFC 2253 subject of the client certificate, or {@code null}
 *     when there is none
 * @param connected true while the peer is still connected, from any thread: an authenticator
 *     whose check is slow (bcrypt) and queued can skip it for a peer that has left, which a
 *     flood of binds that hang up at once would otherwise make it do for nothing
 */
public record BindRequestInfo(Bind bind, SocketAddress remoteAddress, boolean tls, String peerCertificateSubject,
        BooleanSupplier connected) {

    public BindRequestInfo {
        Objects.requireNonNull(connected, "connected");
    }

    /** A bind whose peer counts as connected throughout. */
    public BindRequestInfo(Bind bind, SocketAddress remoteAddress, boolean tls, String peerCertificateSubject) {
        this(bind, remoteAddress, tls, peerCertificateSubject, () -> true);
    }
}
