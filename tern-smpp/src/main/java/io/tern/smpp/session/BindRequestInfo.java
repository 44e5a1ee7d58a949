package io.tern.smpp.session;

import io.tern.smpp.pdu.Bind;
import java.net.SocketAddress;

/**
 * What a {@link BindAuthenticator} knows about a bind (SMPP 3.4 §4.1).
 *
 * @param bind the bind PDU (its {@code toString()} hides the password)
 * @param remoteAddress the peer's address
 * @param tls whether the connection is TLS
 * @param peerCertificateSubject the RFC 2253 subject of the client certificate, or {@code null}
 *     when there is none
 */
public record BindRequestInfo(Bind bind, SocketAddress remoteAddress, boolean tls, String peerCertificateSubject) {
}
