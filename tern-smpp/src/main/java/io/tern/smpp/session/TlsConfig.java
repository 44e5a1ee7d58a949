package io.tern.smpp.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Server-side TLS: PEM certificate chain and private key (PKCS#8), optional PEM trust file for
 * client certificates, and whether a client certificate is asked for. TLS 1.2 and 1.3 only.
 */
public record TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth) {

    /** Whether the server asks for a client certificate. */
    public enum ClientAuth {
        NONE,
        OPTIONAL,
        REQUIRE
    }

    public TlsConfig {
        Objects.requireNonNull(certChainFile, "certChainFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(clientAuth, "clientAuth");
        readable(certChainFile);
        readable(privateKeyFile);
        if (trustCertFile != null) {
            readable(trustCertFile);
        }
        if (clientAuth != ClientAuth.NONE && trustCertFile == null) {
            throw new IllegalArgumentException("client certificates need a trustCertFile");
        }
    }

    public static TlsConfig of(Path certChainFile, Path privateKeyFile) {
        return new TlsConfig(certChainFile, privateKeyFile, null, ClientAuth.NONE);
    }

    static void readable(Path p) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + p);
        }
    }
}
