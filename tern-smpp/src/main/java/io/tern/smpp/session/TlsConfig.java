package io.tern.smpp.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Server-side TLS: PEM certificate chain and private key (PKCS#8), optional PEM trust file for
 * client certificates, whether a client certificate is asked for, the protocol versions (a
 * non-empty subset of TLSv1.3 and TLSv1.2: nothing older is ever enabled) and the cipher suites, by
 * default {@link #FORWARD_SECRET} only: a suite without an ephemeral key exchange (static RSA, such
 * as AES128-SHA) lets whoever later obtains the server's key decrypt every recorded session.
 */
public record TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth,
        List<String> protocols, List<String> ciphers) {

    /** TLS 1.3 and 1.2, the default. */
    public static final List<String> MODERN = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The default cipher suites, in order of preference: the TLS 1.3 suites and the TLS 1.2 ECDHE and
     * DHE suites with AEAD ciphers (Mozilla's "intermediate" profile). A provider that lacks some (BoringSSL
     * has no DHE) uses the rest.
     */
    public static final List<String> FORWARD_SECRET = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

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
        ciphers = ciphers == null ? FORWARD_SECRET : List.copyOf(ciphers);
        if (ciphers.isEmpty()) {
            throw new IllegalArgumentException("ciphers must not be empty");
        }
    }

    public TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth,
            List<String> protocols) {
        this(certChainFile, privateKeyFile, trustCertFile, clientAuth, protocols, FORWARD_SECRET);
    }

    public TlsConfig(Path certChainFile, Path privateKeyFile, Path trustCertFile, ClientAuth clientAuth) {
        this(certChainFile, privateKeyFile, trustCertFile, clientAuth, MODERN, FORWARD_SECRET);
    }

    public static TlsConfig of(Path certChainFile, Path privateKeyFile) {
        return new TlsConfig(certChainFile, privateKeyFile, null, ClientAuth.NONE, MODERN, FORWARD_SECRET);
    }

    public TlsConfig withProtocols(String... versions) {
        return new TlsConfig(certChainFile, privateKeyFile, trustCertFile, clientAuth, List.of(versions), ciphers);
    }

    /** The same with these cipher suites (Java/IANA names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256). */
    public TlsConfig withCiphers(List<String> suites) {
        return new TlsConfig(certChainFile, privateKeyFile, trustCertFile, clientAuth, protocols, suites);
    }

    static void readable(Path p) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + p);
        }
    }
}
