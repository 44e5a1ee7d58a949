package io.tern.smpp.session;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/** Builds Netty TLS contexts: TLS 1.2 and 1.3 only, OpenSSL (BoringSSL) when available, else the JDK. */
final class SslContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SslContexts() {
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static SslContext server(TlsConfig c) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(c.certChainFile().toFile(), c.privateKeyFile().toFile())
                    .sslProvider(provider()).protocols(c.protocols());
            if (c.trustCertFile() != null) {
                b.trustManager(c.trustCertFile().toFile());
            }
            b.clientAuth(switch (c.clientAuth()) {
                case NONE -> ClientAuth.NONE;
                case OPTIONAL -> ClientAuth.OPTIONAL;
                case REQUIRE -> ClientAuth.REQUIRE;
            });
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("bad TLS configuration: " + e.getMessage(), e);
        }
    }

    static SslContext client(ClientTlsConfig c) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider()).protocols(PROTOCOLS);
            if (c.insecureTrustAll()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                b.trustManager(c.trustCertFile().toFile());
            }
            if (c.certChainFile() != null) {
                b.keyManager(c.certChainFile().toFile(), c.privateKeyFile().toFile());
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("bad TLS configuration: " + e.getMessage(), e);
        }
    }
}
