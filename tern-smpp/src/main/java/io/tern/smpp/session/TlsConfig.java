package io.tern.smpp.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Server-side TLS: PEM certificate chain and private key (PKCS#8), optional PEM trust file for
 * client certificates, whether a client certificate is asked for, and the protocol versions: a
 * non-empty subset of TLSv1.3 and TLSv1.2 (nothing older is ever enabled).
 */
public record TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth,
        List<String> protocols) {

    /** TLS 1.3 and 1.2, the default. */
    public static final List<String> MODERN = List.of("TLSv1.3", "TLSv1.2");

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
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty() || !MODERN.containsAll(protocols)) {
            throw new IllegalArgumentException("protocols must be a non-empty subset of " + MODERN + ": " + protocols);
        }
        if (clientAuth != ClientAuth.NONE && trustCertFile == null) {
            throw new IllegalArgumentException("client certificates need a trustCertFile");
        }
    }

    public TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth) {
        this(certChainFile, privateKeyFile, trustCertFile, clientAuth, MODERN);
    }

    public static TlsConfig of(Path certChainFile, Path privateKeyFile) {
        return new TlsConfig(certChainFile, privateKeyFile, null, ClientAuth.NONE, MODERN);
    }

    public TlsConfig withProtocols(String... versions) {
        return new TlsConfig(certChainFile, privateKeyFile, trustCertFile, clientAuth, List.of(versions));
    }

    static void readable(Path p) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + p);
        }
    }
}
